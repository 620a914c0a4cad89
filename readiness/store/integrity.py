"""What a record of the store cites and is cited by: the check that keeps a revert from leaving a reference
dangling (issue 23, item 6).

A region is cited by the observations, labels, events and undated figures with its ``region_code``; a source by
those tables' ``source_id``, by the regions' ``coord_source_id``/``area_source_id`` and by the domain-rule files
of the seed folder (method periods, bands, targets); an indicator lives in the framework file. A revert that
removes a cited record, or restores a record citing one that is gone, would make every page show "invalid data";
:func:`dangling` lists why, and :meth:`readiness.store.Store.revert` refuses it, naming what cites what.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection

from readiness.model.datasets import RULE_TABLES
from readiness.store.errors import SeedAheadError
from readiness.store.tables import ENTITIES

__all__ = ["REGION_CITATIONS", "SOURCE_CITATIONS", "check_rule_sources", "dangling"]

#: Entity -> its columns holding a source id.
SOURCE_CITATIONS: dict[str, tuple[str, ...]] = {
    "observations": ("source_id",), "labels": ("source_id",), "events": ("source_id",), "undated": ("source_id",),
    "regions": ("coord_source_id", "area_source_id"),
}
#: Entity -> its columns holding a region code.
REGION_CITATIONS: dict[str, tuple[str, ...]] = {
    "observations": ("region_code",), "labels": ("region_code",), "events": ("region_code",),
    "undated": ("region_code",),
}
_EXAMPLES = 2


def _cited_by(conn: Connection, citations: Mapping[str, tuple[str, ...]], value: str) -> list[str]:
    """``"17 observations (64.71|a|2023, ...)"`` for each entity whose citing columns hold ``value``."""
    out = []
    for name, columns in citations.items():
        t = ENTITIES[name].table
        where = or_(*[t.c[c] == value for c in columns])
        count = conn.execute(select(func.count()).select_from(t).where(where)).scalar_one()
        if count:
            keys = conn.execute(select(t.c.key).where(where).order_by(t.c.seq).limit(_EXAMPLES)).scalars().all()
            more = ", ..." if count > len(keys) else ""
            out.append(f"{count} {name} ({', '.join(keys)}{more})")
    return out


def _rule_citations(rules: Mapping[str, pd.DataFrame], source_id: str) -> list[str]:
    """The domain-rule files (method periods, bands, targets) citing ``source_id``."""
    out = []
    for name, frame in rules.items():
        if "source_id" in frame:
            count = int((frame["source_id"].astype("string") == source_id).fillna(False).sum())
            if count:
                out.append(f"{count} rows of {name}.csv")
    return out


def _exists(conn: Connection, entity: str, key: str) -> bool:
    t = ENTITIES[entity].table
    return conn.execute(select(func.count()).select_from(t).where(t.c.key == key)).scalar_one() > 0


def dangling(conn: Connection, entity: str, key: str, current: Mapping[str, Any] | None,
             restored: Mapping[str, Any] | None, *, indicators: frozenset[str],
             rules: Mapping[str, pd.DataFrame]) -> list[str]:
    """Why replacing the record ``entity``/``key`` (now ``current``) by ``restored`` (None: removing it) would leave
    a reference dangling; empty when it would not.

    Parameters
    ----------
    conn
        A connection inside the writer's transaction (the answer holds until it commits).
    indicators
        The framework's indicator ids (an observation, label or undated figure must name one).
    rules
        The seed folder's domain-rule tables (their ``source_id`` cite the store's sources).
    """
    problems: list[str] = []
    if current is not None and restored is None:  # the record goes away: is it cited?
        if entity == "sources":
            cited = [*_cited_by(conn, SOURCE_CITATIONS, key), *_rule_citations(rules, key)]
            problems += [f"source {key} is still cited by {', '.join(cited)}"] if cited else []
        elif entity == "regions":
            cited = _cited_by(conn, REGION_CITATIONS, key)
            problems += [f"region {key} is still cited by {', '.join(cited)}"] if cited else []
    if restored is not None:  # the record comes back (or changes): does what it cites exist?
        for column in SOURCE_CITATIONS.get(entity, ()):
            value = restored.get(column)
            if value and not (entity == "sources" and value == key) and not _exists(conn, "sources", str(value)):
                problems.append(f"it cites source {value} ({column}), which is no longer in the store")
        code = restored.get("region_code")
        if entity in REGION_CITATIONS and code and not _exists(conn, "regions", str(code)):
            problems.append(f"it cites region {code}, which is no longer in the store")
        indicator = restored.get("indicator")
        if entity in ("observations", "labels", "undated") and indicator and indicator not in indicators:
            problems.append(f"it cites indicator {indicator}, which is not in the framework")
    return problems


def check_rule_sources(tables: Mapping[str, pd.DataFrame], folder: str) -> None:
    """Raise :class:`~readiness.store.errors.SeedAheadError` when the domain-rule files of the seed folder cite
    sources missing from the store's ``sources`` table (in ``tables``): the store was seeded from an older folder,
    and ``db sync`` brings the new sources in; without this check every page would only say "invalid data"."""
    have = set(tables["sources"]["id"].dropna().astype(str))
    cited = {str(v) for name in RULE_TABLES if name in tables and "source_id" in tables[name]
             for v in tables[name]["source_id"].dropna()}
    if cited - have:
        raise SeedAheadError(sorted(cited - have), folder)
