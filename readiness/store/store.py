"""The store: current records and their append-only revisions, in SQLite (default) or PostgreSQL.

Where the data lives
--------------------
* ``Store(url)`` when given a SQLAlchemy URL;
* else the environment variable ``DATABASE_URL`` (``postgresql://user@host/db`` is read as psycopg 3);
* else an embedded SQLite file ``readiness.sqlite`` in ``READINESS_DATA_DIR`` (default ``var/`` in the project),
  in WAL mode with ``synchronous=FULL`` and a 30 s busy timeout.

:meth:`Store.init` creates or upgrades the schema (Alembic, migrations kept in ``readiness/store/migrations``) and,
when the store holds no revision yet, seeds it from the bundled ``data/`` in one transaction, recording the folder's
content hash (:meth:`Store.seed_record`): later edits of ``data/`` are brought in by ``python -m readiness db sync``
(:mod:`readiness.store.sync`). Several processes may call it at once: PostgreSQL serialises them with an advisory
lock, SQLite with a lock file.

How writes work
---------------
Every write runs in one transaction that first increments the single ``data_version`` row. That row lock
serialises writers on PostgreSQL; on SQLite the transaction starts with ``BEGIN IMMEDIATE``. Inside it the writer
reads the current records, checks that none changed since the caller read them (else :class:`ConflictError`, nothing
written), appends one ``revisions`` row per changed record (old and new record as JSON, editor, time, source, reason)
and updates the entity table. A crash at any point leaves the transaction uncommitted: all or nothing.

Other instances notice a commit by polling :meth:`Store.data_version` (one indexed single-row read).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, bindparam, create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from readiness.errors import DataError
from readiness.model.cache import framework_path, read_cached, write_cached
from readiness.model.datasets import Dataset, cross_check, load_dataset, load_rules, with_derived
from readiness.model.framework import Framework, load_framework
from readiness.store import reads
from readiness.store.access import Access, Editor, is_system, system_editor
from readiness.store.attempts import TableCounter
from readiness.store.errors import ConflictError, StoreError
from readiness.store.integrity import check_rule_sources, dangling
from readiness.store.peek import SCHEMA_HEAD, cache_file, data_hash
from readiness.store.peek import seed_dir as seed_dir_of
from readiness.store.tables import ENTITIES, Entity, data_version, meta, plain_value, revisions, typed_frame

__all__ = ["Change", "Store", "checked_dataset", "default_url", "seed_records"]

log = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_FILE = "readiness.sqlite"
_PG_LOCK_KEY = 0x1D_2026_12
_CHUNK = 5000
_INIT_TRIES = 5


def default_url(env: Mapping[str, str] | None = None) -> str:
    """The store URL from ``DATABASE_URL``, else the SQLite file in ``READINESS_DATA_DIR`` (default ``var/``)."""
    env = os.environ if env is None else env
    url = (env.get("DATABASE_URL") or "").strip()
    if url:
        return url
    directory = Path(env.get("READINESS_DATA_DIR") or PROJECT_DIR / "var")
    return f"sqlite:///{directory.resolve() / SQLITE_FILE}"


def _normalise_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _dumps(record: Mapping[str, Any] | None) -> str | None:
    return None if record is None else json.dumps(record, ensure_ascii=False, allow_nan=False)


def _loads(value: str | None) -> dict[str, Any] | None:
    return None if value is None else json.loads(value)


@dataclass(frozen=True)
class Change:
    """One record to write: ``new`` None deletes it; ``base_revision`` is the revision the caller saw (None: absent).

    ``check_base`` False skips the conflict check (used for seeding).
    """

    entity: str
    key: str
    new: Mapping[str, Any] | None
    base_revision: int | None = None
    source_id: str | None = None
    check_base: bool = True


class Store:
    """Current records with an append-only revision history.

    Parameters
    ----------
    url
        SQLAlchemy URL; default :func:`default_url` (``DATABASE_URL`` or the SQLite file in ``READINESS_DATA_DIR``).
    access
        Who may write (default :meth:`Access.from_env`: editing disabled unless a passcode is configured).
    seed_dir
        The reviewed dataset that seeds an empty store (default: ``READINESS_SEED_DIR``, else the bundled
        ``data/``).
    framework
        The indicator framework (default: ``framework.yaml`` in ``seed_dir``).
    """

    def __init__(self, url: str | None = None, *, access: Access | None = None, seed_dir: str | Path | None = None,
                 framework: Framework | None = None):
        self.url = _normalise_url(url or default_url())
        self.seed_dir = seed_dir_of(seed_dir)
        self.access = access if access is not None else Access.from_env()
        self._framework = framework
        parsed = make_url(self.url)
        self.backend = parsed.get_backend_name()
        if self.backend == "sqlite":
            database = parsed.database
            if not database or database == ":memory:":
                raise StoreError("the SQLite store needs a file (sqlite:///path/readiness.sqlite)")
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            self._lock_path: Path | None = Path(database + ".lock")
            self.engine: Engine = create_engine(self.url, connect_args={"timeout": 30})
            _configure_sqlite(self.engine)
        else:
            self._lock_path = None
            self.engine = create_engine(self.url, pool_pre_ping=True)
        self._write_engine = self.engine.execution_options(readiness_write=True)
        self.access.count_in(TableCounter(self._write_engine))  # attempts shared by every instance on this store

    # ----------------------------------------------------------------------------------------------------- setup
    @classmethod
    def open(cls, url: str | None = None, **kwargs: Any) -> Store:
        """Open the store and :meth:`init` it (migrations, seeding when empty)."""
        store = cls(url, **kwargs)
        store.init()
        return store

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def framework(self) -> Framework:
        """The indicator framework the store's observations are checked against."""
        if self._framework is None:
            self._framework = load_framework(framework_path(self.seed_dir))
        return self._framework

    @contextlib.contextmanager
    def _init_lock(self) -> Iterator[Connection | None]:
        if self._lock_path is not None:
            with open(self._lock_path, "a+") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                try:
                    yield None
                finally:
                    fcntl.flock(fh, fcntl.LOCK_UN)
            return
        with self.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            conn.commit()
            try:
                yield conn
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                conn.commit()

    def migrate(self) -> None:
        """Create or upgrade the schema to the newest Alembic revision."""
        # deferred: Alembic: 0.26 s, 25 MB (benchmarks/bench_imports.py); only a store behind the schema head needs a
        # migration
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self._write_engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def schema_revision(self) -> str | None:
        """The store's Alembic revision (None before the first migration)."""
        with self.engine.connect() as conn:
            try:
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            except DBAPIError:  # no such table yet: an empty database
                conn.rollback()
                return None

    def init(self) -> bool:
        """Migrate, and seed from ``seed_dir`` when the store holds no revision. Returns True when it seeded.

        A store already at :data:`SCHEMA_HEAD` and seeded is left as it is without taking the init lock. Processes
        starting together on a new store take turns (the init lock); a SQLite "database is locked" met while
        another creates the file is retried (5 times, 0.2 s doubling), not raised."""
        for attempt in range(_INIT_TRIES):
            try:
                exists = self._lock_path is None or self._lock_path.with_suffix("").exists()
                if exists and self.schema_revision() == SCHEMA_HEAD and self.revision_count() > 0:
                    return False
                with self._init_lock():
                    self.migrate()
                    if self.revision_count() > 0:
                        return False
                    self._seed()
                    return True
            except OperationalError as exc:
                if "locked" not in str(exc.orig or exc) or attempt == _INIT_TRIES - 1:
                    raise
                log.warning("store init: the database is locked (another process is creating it); retrying")
                time.sleep(0.2 * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _seed(self) -> None:
        records, columns = seed_records(self.seed_dir)
        changes = [Change(name, key, record, source_id=record.get("source_id"), check_base=False)
                   for name, by_key in records.items() for key, record in by_key.items()]
        with self._transaction() as conn:
            if conn.execute(select(func.count()).select_from(revisions)).scalar_one() > 0:
                return  # another process seeded first
            conn.execute(delete(meta).where(meta.c.key.like("columns:%")))
            conn.execute(insert(meta), [{"key": f"columns:{n}", "value": json.dumps(c)} for n, c in columns.items()])
            ids = self._apply(conn, changes, editor=system_editor("seed"),
                              reason=f"seeded from the bundled data ({self.seed_dir.name}/)")
            _record_seed(conn, data_hash(self.seed_dir), ids)
        log.info("seeded the store with %d records", len(changes))

    def seed_record(self) -> dict[str, str]:
        """What the store last took from its seed folder: ``seed:hash``, the folder's content hash
        (:func:`readiness.store.peek.data_hash`), and ``seed:batches``, the revision batches written from it (JSON),
        recorded at seeding and by ``python -m readiness db sync``. Empty for a store seeded before seeds were
        recorded."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(meta.c.key, meta.c.value).where(meta.c.key.like("seed:%"))).all()
        return {str(k): str(v) for k, v in rows}

    # ---------------------------------------------------------------------------------------------- transactions
    @contextlib.contextmanager
    def _transaction(self, *, bump: bool = True) -> Iterator[Connection]:
        """A write transaction holding the writer lock (the ``data_version`` row), incremented on commit unless
        ``bump`` is False (a write that changes no figure: the row is only locked, ``FOR UPDATE``)."""
        with self._write_engine.begin() as conn:
            if bump:
                conn.execute(update(data_version).where(data_version.c.id == 1)
                             .values(version=data_version.c.version + 1, updated_at=_now()))
            else:
                conn.execute(select(data_version.c.version).where(data_version.c.id == 1).with_for_update())
            yield conn

    def data_version(self) -> int:
        """A number that grows with every commit, from any process: poll it to know when to reload."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(data_version.c.version).where(data_version.c.id == 1)).scalar_one())

    def data_stamp(self) -> tuple[int, str]:
        """``(data version, time of the last commit)``: the pair identifies the store's content even across a
        store deleted and seeded again (where the version alone restarts at 1)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(data_version.c.version, data_version.c.updated_at)
                               .where(data_version.c.id == 1)).one()
        return int(row[0]), str(row[1])

    def revision_count(self) -> int:
        """How many revisions the store holds."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(revisions)).scalar_one())

    # -------------------------------------------------------------------------------------------------- writing
    def _check_editor(self, editor: Editor) -> None:
        if not is_system(editor):
            self.access.check(editor)

    def write(self, changes: Sequence[Change], *, editor: Editor, reason: str | None = None,
              new_sources: Sequence[Mapping[str, Any]] = (), seed_hash: str | None = None) -> list[int]:
        """Write ``changes`` (and any ``new_sources`` first) in one transaction; returns the new revision ids.

        ``seed_hash``: the changes bring in the seed folder with this content hash (``db sync``,
        :mod:`readiness.store.sync`); it is recorded in the same transaction (:meth:`seed_record`), even when no
        record changed.

        Raises
        ------
        AccessError
            ``editor`` did not come from this store's :class:`Access` login.
        ConflictError
            A record changed since its ``base_revision`` was read; nothing is written.
        """
        self._check_editor(editor)
        with self._transaction() as conn:
            source_changes = []
            if new_sources:
                have = self._current(conn, ENTITIES["sources"], [s["id"] for s in new_sources])
                for s in new_sources:
                    if s["id"] not in have:
                        source_changes.append(Change("sources", s["id"], dict(s), None, s["id"]))
            ids = self._apply(conn, [*source_changes, *changes], editor=editor, reason=reason)
            if seed_hash is not None:
                _record_seed(conn, seed_hash, ids)
            return ids

    def _current(self, conn: Connection, entity: Entity, keys: Iterable[str] | None = None
                 ) -> dict[str, tuple[int, int, dict[str, Any]]]:
        """key -> (revision_id, seq, record) of the current records (all, or those with ``keys``)."""
        t = entity.table
        cols = [t.c[c] for c in entity.columns]
        query = select(t.c.key, t.c.revision_id, t.c.seq, *cols)
        out: dict[str, tuple[int, int, dict[str, Any]]] = {}
        keep: set[str] | None = None
        if keys is None:
            batches: Iterable[Any] = [query]
        else:
            wanted = list(dict.fromkeys(keys))
            if len(wanted) > 20000:  # cheaper to read the table once than to send that many keys
                batches, keep = [query], set(wanted)
            else:
                batches, keep = [query.where(t.c.key.in_(bindparam(f"k{i}", wanted[i:i + _CHUNK], expanding=True)))
                                 for i in range(0, len(wanted), _CHUNK)], None
        names = entity.columns
        for q in batches:
            for row in conn.execute(q):
                if keep is None or row[0] in keep:
                    out[row[0]] = (row[1], row[2], dict(zip(names, row[3:], strict=True)))
        return out

    def _apply(self, conn: Connection, changes: Sequence[Change], *, editor: Editor, reason: str | None,
               reverts: int | None = None) -> list[int]:
        """Write ``changes`` inside the caller's write transaction (which holds the writer lock)."""
        batch = uuid.uuid4().hex
        now = _now()
        # Ids are assigned here, not by the database: this transaction holds the writer lock, so max(id) is stable,
        # and explicit ids let one executemany serve SQLite and PostgreSQL alike.
        next_id = int(conn.execute(select(func.coalesce(func.max(revisions.c.id), 0))).scalar_one()) + 1
        ids: list[int] = []
        rev_rows: list[tuple[Any, ...]] = []
        conflicts: list[str] = []
        deletes: dict[str, list[str]] = {}
        inserts: dict[str, list[tuple[Any, ...]]] = {}
        by_entity: dict[str, list[Change]] = {}
        for ch in changes:
            by_entity.setdefault(ch.entity, []).append(ch)
        for name, group in by_entity.items():
            entity = ENTITIES[name]
            cols = entity.columns
            current = self._current(conn, entity, [c.key for c in group])
            next_seq: int | None = None
            rows = inserts.setdefault(name, [])
            for ch in group:
                cur = current.get(ch.key)
                if ch.check_base and (cur[0] if cur else None) != ch.base_revision:
                    conflicts.append(f"{name} {ch.key}: changed since it was read (now revision "
                                     f"{cur[0] if cur else 'none'}, read {ch.base_revision or 'none'})")
                    continue
                old = cur[2] if cur else None
                new = None if ch.new is None else {c: plain_value(ch.new.get(c)) for c in cols}
                if old == new:
                    continue
                rev_id = next_id
                next_id += 1
                ids.append(rev_id)
                rev_rows.append((rev_id, batch, now, editor.name, name, ch.key, _dumps(old), _dumps(new),
                                 ch.source_id, reason, reverts))
                if cur is not None:
                    deletes.setdefault(name, []).append(ch.key)
                if new is None:
                    continue
                if cur is not None:
                    seq = cur[1]
                else:
                    if next_seq is None:
                        t = entity.table
                        next_seq = int(conn.execute(select(func.coalesce(func.max(t.c.seq), 0))).scalar_one()) + 1
                    seq = next_seq
                    next_seq += 1
                rows.append((ch.key, seq, rev_id, *new.values()))
        if conflicts:
            raise ConflictError(["nothing was written / tidak ada yang disimpan:", *conflicts[:50]]
                                + ([f"... and {len(conflicts) - 50} more"] if len(conflicts) > 50 else []))
        if not rev_rows:
            return []
        _bulk_insert(conn, revisions, _REVISION_COLUMNS, rev_rows)
        for name, keys in deletes.items():
            t = ENTITIES[name].table
            for i in range(0, len(keys), _CHUNK):
                conn.execute(delete(t).where(t.c.key.in_(bindparam("keys", keys[i:i + _CHUNK], expanding=True))))
        for name, rows in inserts.items():
            _bulk_insert(conn, ENTITIES[name].table, ("key", "seq", "revision_id", *ENTITIES[name].columns), rows)
        return ids

    def revert(self, revision_id: int, *, editor: Editor, reason: str | None = None) -> int:
        """Undo one revision by writing a new one that restores its old record (or removes a record it created).

        Raises
        ------
        StoreError
            No such revision, or it changed nothing revertible.
        ConflictError
            The record changed again after that revision: revert the later revision first; or the revert would
            leave a reference dangling (a region or source still cited, a record citing a region, source or
            indicator that is gone; :func:`readiness.store.integrity.dangling`), named in the message. Nothing is
            written.
        """
        self._check_editor(editor)
        with self._transaction() as conn:
            rev = conn.execute(select(revisions).where(revisions.c.id == int(revision_id))).mappings().first()
            if rev is None:
                raise StoreError(f"revision {revision_id}: no such revision / revisi {revision_id} tidak ada")
            entity = ENTITIES[rev["entity"]]
            latest = conn.execute(select(func.max(revisions.c.id)).where(
                revisions.c.entity == rev["entity"], revisions.c.key == rev["key"])).scalar_one()
            if latest != rev["id"]:
                raise ConflictError(f"revision {revision_id}: {rev['entity']} {rev['key']} changed again in revision "
                                    f"{latest}; revert that one first / nilai ini diubah lagi di revisi {latest}; "
                                    f"batalkan revisi itu dulu")
            old = _loads(rev["old_value"])
            problems = dangling(conn, entity.name, rev["key"], _loads(rev["new_value"]), old,
                                indicators=frozenset(self.framework.indicators), rules=load_rules(self.seed_dir))
            if problems:
                raise ConflictError([f"revision {revision_id} cannot be reverted: a reference would dangle / revisi "
                                     f"{revision_id} tidak dapat dibatalkan: rujukannya akan hilang", *problems,
                                     "revert or change those first; nothing was written / batalkan atau ubah yang "
                                     "merujuk dulu; tidak ada yang disimpan"])
            change = Change(entity.name, rev["key"], old, base_revision=rev["id"] if rev["new_value"] else None,
                            source_id=(old or {}).get("source_id"))
            ids = self._apply(conn, [change], editor=editor,
                              reason=reason or f"revert of revision {revision_id}", reverts=int(revision_id))
        if not ids:
            raise StoreError(f"revision {revision_id} changed nothing that can be reverted")
        return ids[0]

    def save_scenario(self, name: str, spec: Mapping[str, Any], *, editor: Editor, note: str | None = None) -> int:
        """Save a named scenario (any JSON-able mapping of settings) for everyone; returns the revision id.

        Only a logged-in editor saves to the shared store (a viewer's scenario stays in their session and link),
        at most :attr:`AttemptRules.saves <readiness.store.AttemptRules>` times per window
        (:meth:`Access.throttle`); the editor's name is recorded as the author (``spec["author"]``), and an editor
        may replace a scenario of the same name. A scenario is not data: the save is a revision, but it does not
        change the data version, so no cached dataset or result is dropped (:meth:`scenario_stamp` changes).

        Raises
        ------
        AccessError
            ``editor`` is not a logged-in editor, or has saved too often.
        StoreError
            No name (or longer than 120 characters), or settings longer than 20,000 characters.
        """
        name = " ".join(str(name).split())
        if not name or len(name) > 120:
            raise StoreError("a scenario needs a name of 1-120 characters / skenario perlu nama 1-120 karakter")
        payload = {**spec, "author": editor.name}
        encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, allow_nan=False)
        if len(encoded) > 20000:
            raise StoreError("the scenario is too large (over 20,000 characters) / skenario terlalu besar")
        self.access.throttle(editor)  # checks the editor, then counts the save
        with self._transaction(bump=False) as conn:  # scenarios only: never a path to the figures
            cur = self._current(conn, ENTITIES["scenarios"], [name]).get(name)
            change = Change("scenarios", name, {"name": name, "spec": encoded, "note": note}, cur[0] if cur else None)
            ids = self._apply(conn, [change], editor=editor, reason="scenario saved")
        return ids[0] if ids else (cur[0] if cur else 0)

    def scenario_stamp(self) -> int:
        """The newest revision of the saved scenarios (0 when none): changes with every save, while the data
        version does not."""
        t = ENTITIES["scenarios"].table
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.coalesce(func.max(t.c.revision_id), 0))).scalar_one())

    # -------------------------------------------------------------------------------------------------- reading
    def _rows(self, sql: str, params: Mapping[str, Any]) -> list[Any]:
        """The rows of one query of :mod:`readiness.store.reads` (SQL text with ``:name`` parameters)."""
        with self.engine.connect() as conn:
            return list(conn.execute(text(sql), dict(params)).all())

    def table(self, entity: str) -> pd.DataFrame:
        """The current records of one entity, in seeding order, with their ``revision_id`` (raw store columns)."""
        return reads.table(self._rows, ENTITIES[entity].table.name, ENTITIES[entity].columns)

    def current_records(self, entity: str) -> dict[str, tuple[int, dict[str, Any]]]:
        """key -> (revision_id, record) of the current records of one entity."""
        with self.engine.connect() as conn:
            return {k: (v[0], v[2]) for k, v in self._current(conn, ENTITIES[entity]).items()}

    def region_observations(self, region_code: str) -> pd.DataFrame:
        """One region's current observations: ``indicator, year, value, source_id, note, revision_id``, sorted."""
        return reads.region_observations(self._rows, region_code)

    def current_values(self) -> dict[str, tuple[int, float | None]]:
        """``region|indicator|year`` -> (revision_id, value) of the current observations (a narrow, fast read)."""
        t = ENTITIES["observations"].table
        with self.engine.connect() as conn:
            return {k: (rev, value) for k, rev, value in conn.execute(select(t.c.key, t.c.revision_id, t.c.value))}

    def scenarios(self) -> dict[str, dict[str, Any]]:
        """Saved scenarios: name -> settings."""
        return {r["name"]: json.loads(r["spec"]) for _, r in self.table("scenarios").iterrows()}

    def revisions(self, *, entity: str | None = None, key_prefix: str | None = None,
                  batch: str | None = None) -> pd.DataFrame:
        """Revisions, oldest first, with ``old_value``/``new_value`` decoded to dicts (None: absent)."""
        q = select(revisions).order_by(revisions.c.id)
        if entity is not None:
            q = q.where(revisions.c.entity == entity)
        if key_prefix is not None:
            q = q.where(revisions.c.key.like(reads.like_prefix(key_prefix), escape="\\"))
        if batch is not None:
            q = q.where(revisions.c.batch == batch)
        with self.engine.connect() as conn:
            rows = conn.execute(q).mappings().all()
        columns = {c.name: [r[c.name] for r in rows] for c in revisions.columns}
        columns["old_value"] = [_loads(v) for v in columns["old_value"]]
        columns["new_value"] = [_loads(v) for v in columns["new_value"]]
        frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})
        frame["id"] = frame["id"].astype("int64")
        return frame

    def history(self, region_code: str, indicator: str, year: int | None = None) -> pd.DataFrame:
        """A value's history, oldest first: ``id, created_at, editor, year, old, new, source_id, reason, reverts,
        batch``. ``old``/``new`` are the numbers (None when the value did not exist or was removed)."""
        return reads.history(self._rows, region_code, indicator, year)

    def column_order(self) -> dict[str, list[str]]:
        """Each seeded table's column order (as its file had it)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(meta.c.key, meta.c.value).where(meta.c.key.like("columns:%"))).all()
        return {k.split(":", 1)[1]: json.loads(v) for k, v in rows}

    def tables(self) -> dict[str, pd.DataFrame]:
        """The current regions, observations, sources, events, labels and undated tables, typed as the CSVs load."""
        order = self.column_order()
        out: dict[str, pd.DataFrame] = {}
        with self.engine.connect() as conn:
            for name, entity in ENTITIES.items():
                if entity.spec is None:
                    continue
                cols = order.get(name) or list(entity.spec.columns)
                t = entity.table
                rows = conn.execute(select(*[t.c[c] for c in cols]).order_by(t.c.seq)).all()
                out[name] = typed_frame(entity, cols, rows)
        return out

    def load_dataset(self, *, cache_dir: str | Path | None = None, stamp: tuple[int, str] | None = None) -> Dataset:
        """The store's current data as a :class:`readiness.Dataset` (the same as ``readiness.load_dataset()`` on
        the CSVs it was seeded from, until someone edits it): cross-checked, derived indicators added.

        ``cache_dir``: keep the cross-checked tables there, keyed by the store's URL, its :meth:`data_stamp`
        (``stamp`` when the caller has just read it), the domain-rule and framework files and the checking code;
        an unchanged store is then read back from that file without querying and checking every table again.

        Raises
        ------
        SeedAheadError
            The seed folder's domain rules cite sources the store lacks (seeded from an older ``data/``: run
            ``db sync``).
        DataError
            The tables do not refer to each other consistently (e.g. an observation's source is missing).
        """
        cached = None
        if cache_dir is not None:
            cached = cache_file(cache_dir, make_url(self.url).render_as_string(hide_password=True),
                                stamp or self.data_stamp(), self.seed_dir)
            tables = read_cached(cached)  # None when missing; an unreadable copy is ignored and rewritten
            if tables is not None:
                return with_derived(self.framework, tables)
        tables = {**load_rules(self.seed_dir), **self.tables()}  # domain rules stay files
        check_rule_sources(tables, self.seed_dir.name)
        dataset = checked_dataset(self.framework, tables)
        if cached is not None:
            write_cached(cached, tables)
        return dataset


def checked_dataset(framework: Framework, tables: dict[str, pd.DataFrame]) -> Dataset:
    """The store's tables (and the domain rules) cross-checked and with the derived indicators added: the one path
    from records to a :class:`Dataset`, for the current data and a snapshot's alike.

    Raises
    ------
    DataError
        The tables do not refer to each other consistently (e.g. an observation's source is missing).
    """
    problems = cross_check(framework=framework, names={k: f"store:{k}" for k in tables}, **tables)
    if problems:
        raise DataError(problems)
    return with_derived(framework, tables)


_REVISION_COLUMNS = ("id", "batch", "created_at", "editor", "entity", "key", "old_value", "new_value", "source_id",
                     "reason", "reverts")


def _bulk_insert(conn: Connection, table: Any, cols: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert many rows (tuples in the order of ``cols``): PostgreSQL's COPY, else the driver's executemany in
    chunks (SQLAlchemy's per-row parameter processing would dominate for 10^5 rows). Same transaction as ``conn``."""
    if not rows:
        return
    if conn.dialect.name == "postgresql" and len(rows) > 100:
        quote = conn.dialect.identifier_preparer.quote
        sql = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in cols)}) FROM STDIN"
        with conn.connection.dbapi_connection.cursor() as cur, cur.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    compiled = insert(table).values({c: bindparam(c) for c in cols}).compile(dialect=conn.dialect)
    sql = str(compiled)
    index = {c: i for i, c in enumerate(cols)}
    order = [index[c] for c in compiled.positiontup or []] if compiled.positional else None
    for i in range(0, len(rows), 20000):
        chunk = rows[i:i + 20000]
        if order is None:
            params: list[Any] = [dict(zip(cols, r, strict=True)) for r in chunk]
        elif order == list(range(len(cols))):
            params = chunk
        else:
            params = [tuple(r[j] for j in order) for r in chunk]
        conn.exec_driver_sql(sql, params)


def _configure_sqlite(engine: Engine) -> None:
    """WAL, full sync, foreign keys; explicit BEGIN (IMMEDIATE for writers) instead of pysqlite's implicit one."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("readiness_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def seed_records(directory: Path) -> tuple[dict[str, dict[str, dict[str, Any]]], dict[str, list[str]]]:
    """The records a seed folder gives the store: entity -> key -> record (as stored), in file order, and each
    file's column order. The folder is loaded and checked as :func:`readiness.load_dataset` does; the derived
    observations are left out (they are computed on every load).

    Raises
    ------
    DataError
        A file is invalid, or two rows of one file have the same key.
    """
    dataset = load_dataset(directory)
    obs = dataset.observations
    if "derived" in obs:
        obs = obs[~obs["derived"].astype(bool)].drop(columns="derived").reset_index(drop=True)
    tables = {"sources": dataset.sources, "regions": dataset.regions, "observations": obs, "labels": dataset.labels,
              "events": dataset.events, "undated": dataset.undated}
    records: dict[str, dict[str, dict[str, Any]]] = {}
    for name, frame in tables.items():
        entity = ENTITIES[name]
        by_key = records.setdefault(name, {})
        cols = [c for c in entity.columns if c in frame.columns]
        for idx, values in enumerate(zip(*[frame[c].tolist() for c in cols], strict=True)):
            record = {c: plain_value(v) for c, v in zip(cols, values, strict=True)}
            key = entity.key_of(record)
            if key in by_key:
                raise DataError(f"{name}.csv row {idx + 2}: duplicate key {key!r}; the store needs one record "
                                f"per ({', '.join(entity.key_columns)})")
            by_key[key] = record
    return records, {name: list(frame.columns) for name, frame in tables.items()}


def _record_seed(conn: Connection, seed_hash: str, ids: Sequence[int]) -> None:
    """Record (in the caller's transaction) that the revisions ``ids`` brought in the seed folder ``seed_hash``.
    A store seeded before seeds were recorded has its first batch (the seed's) recorded too."""
    def batch_of(revision_id: Any) -> str | None:
        return conn.execute(select(revisions.c.batch).where(revisions.c.id == revision_id)).scalar()

    known = conn.execute(select(meta.c.value).where(meta.c.key == "seed:batches")).scalar()
    batches = json.loads(known) if known is not None else [batch_of(select(func.min(revisions.c.id)).scalar_subquery())]
    if ids and (batch := batch_of(ids[0])) not in batches:
        batches.append(batch)
    batches = [b for b in batches if b is not None]
    conn.execute(delete(meta).where(meta.c.key.in_(["seed:hash", "seed:batches"])))
    conn.execute(insert(meta), [{"key": "seed:hash", "value": seed_hash},
                                {"key": "seed:batches", "value": json.dumps(batches)}])
