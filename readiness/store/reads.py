"""The store's reads for the Data page, as SQL text that both drivers run: one query and one frame per read.

:class:`~readiness.store.Store` runs these queries through SQLAlchemy (SQLite or PostgreSQL);
:class:`readiness.store.peek.Reader` runs the same text through the standard library's ``sqlite3`` on a seeded
SQLite store, so that a viewer's Data page does not load SQLAlchemy into the server (16 MB,
``benchmarks/bench_app.py``). Each read takes ``run(sql, params) -> rows``: the SQL uses ``:name`` parameters, which
``sqlite3`` and SQLAlchemy's ``text()`` both take, and quoted lower-case names, which both databases read alike.
What a read returns is built here from the rows alone, so the two paths cannot disagree (a test compares them).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

__all__ = ["HISTORY_COLUMNS", "OBSERVATION_COLUMNS", "Run", "history", "like_prefix", "region_observations", "table"]

#: Runs one query with its parameters and returns its rows.
Run = Callable[[str, Mapping[str, Any]], Sequence[Sequence[Any]]]
#: The columns of :func:`region_observations`.
OBSERVATION_COLUMNS = ("indicator", "year", "value", "source_id", "note", "revision_id")
#: The columns of :func:`history`.
HISTORY_COLUMNS = ("id", "created_at", "editor", "year", "old", "new", "source_id", "reason", "reverts", "batch")


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def like_prefix(prefix: str) -> str:
    """A ``LIKE ... ESCAPE '\\'`` pattern matching the keys that start with ``prefix`` (its ``%``, ``_`` and
    ``\\`` taken literally)."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def table(run: Run, entity: str, columns: Sequence[str]) -> pd.DataFrame:
    """The current records of one entity table, in seeding order: ``revision_id`` and ``columns`` (raw values)."""
    names = ("revision_id", *columns)
    rows = run(f'SELECT {_names(names)} FROM "{entity}" ORDER BY "seq"', {})
    return pd.DataFrame([tuple(r) for r in rows], columns=list(names))


def region_observations(run: Run, region_code: str) -> pd.DataFrame:
    """One region's current observations: :data:`OBSERVATION_COLUMNS`, sorted by indicator and year."""
    rows = run(f'SELECT {_names(OBSERVATION_COLUMNS)} FROM "observations" WHERE "region_code" = :code '
               'ORDER BY "indicator", "year"', {"code": region_code})
    return pd.DataFrame([tuple(r) for r in rows], columns=list(OBSERVATION_COLUMNS))


def _value(record: str | None) -> Any:
    """The ``value`` of a revision's JSON record (None when the record is absent)."""
    return None if record is None else json.loads(record).get("value")


def history(run: Run, region_code: str, indicator: str, year: int | None = None) -> pd.DataFrame:
    """A value's history, oldest first: :data:`HISTORY_COLUMNS`; ``old``/``new`` are the numbers (None when the
    value did not exist or was removed). ``year``: that year only, else every year."""
    prefix = f"{region_code}|{indicator}|" + ("" if year is None else f"{int(year)}")
    rows = run('SELECT "id", "created_at", "editor", "key", "old_value", "new_value", "source_id", "reason", '
               '"reverts", "batch" FROM "revisions" WHERE "entity" = \'observations\' '
               'AND "key" LIKE :prefix ESCAPE \'\\\' ORDER BY "id"', {"prefix": like_prefix(prefix)})
    # that year's key only; and LIKE ignores the case of ASCII letters on SQLite, not on PostgreSQL
    rows = [r for r in rows if (r[3] == prefix if year is not None else r[3].startswith(prefix))]
    column = {
        "id": pd.Series([int(r[0]) for r in rows], dtype="int64"),
        "created_at": [r[1] for r in rows],
        "editor": [r[2] for r in rows],
        "year": pd.Series([int(r[3].rsplit("|", 1)[-1]) for r in rows], dtype="int64"),
        "old": [_value(r[4]) for r in rows],
        "new": [_value(r[5]) for r in rows],
        "source_id": [r[6] for r in rows],
        "reason": [r[7] for r in rows],
        "reverts": [r[8] for r in rows],
        "batch": [r[9] for r in rows],
    }
    return pd.DataFrame({k: v if isinstance(v, pd.Series) else pd.Series(v, dtype=object)
                         for k, v in column.items()})
