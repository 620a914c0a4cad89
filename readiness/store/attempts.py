"""Counted attempts in fixed windows: passcode checks per client and per name, and scenario saves per editor.

A counter holds, per key, the number of attempts in the current window and the window's start. An attempt is
*reserved* before it is checked (the count is incremented atomically and the new count returned), so that
simultaneous attempts cannot all pass a limit that each saw unreached: under any race at most ``limit`` attempts
per key and window are checked. A window is fixed: it starts with the first attempt after the previous one ended
and lasts ``window_s`` seconds; a key over its limit is refused until its window ends, never longer, and the count
starts again from zero.

Two counters with the same behaviour:

* :class:`MemoryCounter`: one process (an :class:`~readiness.store.access.Access` used without a store);
* :class:`TableCounter`: the store's ``login_attempts`` table (migration ``0004``), shared by every instance that
  uses the store and kept across restarts. Each reservation is one ``INSERT ... ON CONFLICT DO UPDATE ...
  RETURNING`` per key, in a transaction that starts with ``BEGIN IMMEDIATE`` on SQLite (one writer at a time) and
  takes the row's lock on PostgreSQL. It never touches the data version, so counting attempts empties no cache.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

__all__ = ["Counter", "MemoryCounter", "TableCounter"]


class Counter(Protocol):
    """Where attempts are counted."""

    def reserve(self, keys: Sequence[tuple[str, float]], now: float) -> list[tuple[int, float]]:
        """Count one attempt under each ``(key, window_s)``; return each key's ``(attempts, window start)`` after
        it, a window older than ``window_s`` starting again at ``now`` with 1."""

    def forget(self, keys: Sequence[str], uncount: Sequence[str] = ()) -> None:
        """Drop the counts of ``keys`` and take one attempt back from each of ``uncount`` (a success)."""


class MemoryCounter:
    """Attempts counted in this process only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}

    def reserve(self, keys: Sequence[tuple[str, float]], now: float) -> list[tuple[int, float]]:
        """See :meth:`Counter.reserve`."""
        out = []
        with self._lock:
            for key, window_s in keys:
                count, start = self._counts.get(key, (0, now))
                if start <= now - window_s:
                    count, start = 0, now
                self._counts[key] = (count + 1, start)
                out.append((count + 1, start))
        return out

    def forget(self, keys: Sequence[str], uncount: Sequence[str] = ()) -> None:
        """See :meth:`Counter.forget`."""
        with self._lock:
            for key in keys:
                self._counts.pop(key, None)
            for key in uncount:
                if key in self._counts:
                    count, start = self._counts[key]
                    self._counts[key] = (max(count - 1, 0), start)


class TableCounter:
    """Attempts counted in the store's ``login_attempts`` table (``engine``: the store's writing engine, whose
    SQLite transactions begin ``IMMEDIATE``)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def _upsert(self, dialect: str, key: str, window_s: float, now: float) -> Any:
        # deferred: SQLAlchemy, 16 MB with the store (benchmarks/bench_imports.py): a viewer's Data page imports
        # access, and so this module, to read a SQLite store without it (readiness.store.peek.Reader)
        from sqlalchemy import case
        from sqlalchemy.dialects import postgresql, sqlite

        from readiness.store.tables import login_attempts as t

        make = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = make(t).values(key=key, attempts=1, window_start=now)
        expired = t.c.window_start <= now - window_s
        return stmt.on_conflict_do_update(
            index_elements=[t.c.key],
            set_={"attempts": case((expired, 1), else_=t.c.attempts + 1),
                  "window_start": case((expired, now), else_=t.c.window_start)},
        ).returning(t.c.attempts, t.c.window_start)

    def reserve(self, keys: Sequence[tuple[str, float]], now: float) -> list[tuple[int, float]]:
        """See :meth:`Counter.reserve` (one transaction for all keys)."""
        with self.engine.begin() as conn:
            dialect = conn.dialect.name
            return [tuple(conn.execute(self._upsert(dialect, key, window_s, now)).one())  # type: ignore[misc]
                    for key, window_s in keys]

    def forget(self, keys: Sequence[str], uncount: Sequence[str] = ()) -> None:
        """See :meth:`Counter.forget`."""
        # deferred: SQLAlchemy (see _upsert)
        from sqlalchemy import delete, update

        from readiness.store.tables import login_attempts as t

        with self.engine.begin() as conn:
            if keys:
                conn.execute(delete(t).where(t.c.key.in_(list(keys))))
            for key in uncount:
                conn.execute(update(t).where(t.c.key == key, t.c.attempts > 0).values(attempts=t.c.attempts - 1))
