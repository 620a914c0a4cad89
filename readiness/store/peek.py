"""A store read without SQLAlchemy: the data stamp of the embedded SQLite store and the dataset cached for it.

The dashboard reads the store's data stamp on every rerun and its dataset once per stamp
(:mod:`readiness_app.store`). For a SQLite store that is migrated and seeded, both come without SQLAlchemy, which
costs a server 0.14 s and 16 MB to import with the store's module (``benchmarks/bench_imports.py``,
``readiness.store.store``): the stamp is one single-row read through the standard library's
``sqlite3``, the dataset is the copy that :meth:`readiness.store.Store.load_dataset` keeps in its cache directory,
under the same key. Anything else (PostgreSQL, a store not yet created, migrated or seeded, no cached copy)
returns None, and the caller opens the :class:`~readiness.store.Store`.

A viewer's Data page reads the same way (:class:`Reader`): the regions and sources, a region's observations and a
value's history, through the SQL text of :mod:`readiness.store.reads` that the store itself runs.

The seed check is read the same way: the content hash of the seed folder (``data/``) recorded in the store at
seeding (:func:`seed_record`), against the folder's hash now (:func:`data_hash`), so that the dashboard can say
when ``data/`` has changed since and ``python -m readiness db sync`` should bring the changes in.

Nothing here writes: a missing store is not created, a missing cached copy is not made.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from readiness.model.cache import PACKAGE_DIR, VALIDATING_CODE, framework_path, hash_files, read_cached
from readiness.model.datasets import DATA_DIR, RULE_TABLES, Dataset, with_derived
from readiness.model.framework import Framework, load_framework
from readiness.model.schema import REGIONS, SOURCES, TableSpec
from readiness.store import reads

__all__ = [
    "READ_TABLES",
    "SCHEMA_HEAD",
    "SEED_TABLES",
    "Reader",
    "cache_file",
    "cached_dataset",
    "data_hash",
    "seed_dir",
    "seed_record",
    "seed_status",
    "sqlite_file",
    "stamp",
]

#: The newest Alembic revision in ``migrations/versions`` (a test checks it against Alembic's head). A store already
#: at this revision is opened without importing Alembic, and read here without SQLAlchemy.
SCHEMA_HEAD = "0004"
#: The seed folder's tables that the store holds as records (the others, domain rules, stay files and are read from
#: the folder on every load). A test checks them against the store's entities.
SEED_TABLES = ("sources", "regions", "observations", "labels", "events", "undated")
_HERE = Path(__file__).resolve()


def seed_dir(directory: str | Path | None = None) -> Path:
    """The reviewed dataset that seeds an empty store: ``directory``, else ``READINESS_SEED_DIR``, else ``data/``."""
    return Path(directory or os.environ.get("READINESS_SEED_DIR") or DATA_DIR)


def data_hash(directory: str | Path | None = None) -> str:
    """The content hash of the seed folder's :data:`SEED_TABLES` (names and bytes), as recorded in the store at
    seeding and by ``python -m readiness db sync`` (meta key ``seed:hash``).

    Computed once per content: the files are read and hashed again only when one's size or modification time
    changes. The dashboard asks on every rerun; measured on the bundled ``data/`` (150 KB): 0.05 ms a call with the
    six ``stat`` calls, 0.17 ms reading and hashing the files, a cost that would grow with them."""
    folder = seed_dir(directory).resolve()
    paths = tuple(folder / f"{name}.csv" for name in SEED_TABLES)
    return _data_hash(paths, tuple(_signature(p) for p in paths))


def _signature(path: Path) -> tuple[int, int] | None:
    """Size and modification time of a file (None when it is missing)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


@functools.lru_cache(maxsize=8)
def _data_hash(paths: tuple[Path, ...], _signatures: tuple[tuple[int, int] | None, ...]) -> str:
    """The hash of ``paths`` (cached by their signatures)."""
    digest = hashlib.sha256()
    hash_files(digest, paths)
    return digest.hexdigest()[:32]


def seed_status(recorded: str | None, current: str) -> str:
    """``"current"`` (the store holds what the seed folder holds), ``"changed"`` (the folder changed since the store
    was seeded or last synced: ``python -m readiness db sync`` brings the changes in) or ``"unrecorded"`` (a store
    seeded before seeds were recorded: ``db sync --dry-run`` lists any difference)."""
    if recorded is None:
        return "unrecorded"
    return "current" if recorded == current else "changed"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL (``sqlite:///path``, no query string), else None."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    path = url[len(prefix):]
    return Path(path).resolve() if path and path != ":memory:" else None


def _read(url: str, query: str) -> list[tuple] | None:
    """The rows of ``query`` in the SQLite store at ``url`` when it is at :data:`SCHEMA_HEAD` and holds at least
    one revision; None for any other store, or one that is not there, not migrated or not seeded yet."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, timeout=30)  # mode=rw: never creates a file
    except sqlite3.Error:
        return None
    try:
        if conn.execute("SELECT version_num FROM alembic_version").fetchone() != (SCHEMA_HEAD,):
            return None
        if not conn.execute("SELECT EXISTS (SELECT 1 FROM revisions)").fetchone()[0]:
            return None
        return conn.execute(query).fetchall()
    except sqlite3.Error:  # no such table: an empty or foreign database
        return None
    finally:
        conn.close()


def stamp(url: str) -> tuple[int, str] | None:
    """``(data version, time of the last commit)`` of a SQLite store at :data:`SCHEMA_HEAD` holding at least one
    revision (the same pair as :meth:`Store.data_stamp <readiness.store.Store.data_stamp>`); None for any other
    store, or one that is not there, not migrated or not seeded yet."""
    rows = _read(url, "SELECT version, updated_at FROM data_version WHERE id = 1")
    return None if not rows else (int(rows[0][0]), str(rows[0][1]))


def seed_record(url: str) -> dict[str, str] | None:
    """The ``seed:*`` settings of a SQLite store at :data:`SCHEMA_HEAD` holding at least one revision (the same as
    :meth:`Store.seed_record <readiness.store.Store.seed_record>`: empty for a store seeded before seeds were
    recorded); None for any other store, or one not there, not migrated or not seeded yet."""
    rows = _read(url, "SELECT key, value FROM meta WHERE key LIKE 'seed:%'")
    return None if rows is None else {str(k): str(v) for k, v in rows}


def cache_file(cache_dir: str | Path, url: str, data_stamp: tuple[int, str], seed: Path) -> Path:
    """Where the cross-checked tables of the store at ``url`` and ``data_stamp`` are cached.

    ``url`` is the store's URL with any password hidden. The name is a hash of the URL, the schema revision, the
    stamp, the domain-rule and framework files of ``seed`` and the checking code: any change gives a new file.
    """
    digest = hashlib.sha256()
    digest.update(url.encode())
    digest.update(f"|{SCHEMA_HEAD}|{data_stamp[0]}|{data_stamp[1]}|".encode())
    hash_files(digest, [framework_path(seed), *(seed / f"{name}.csv" for name in RULE_TABLES),
                        _HERE.parent / "store.py", *(PACKAGE_DIR / name for name in VALIDATING_CODE)])
    return Path(cache_dir) / f"store-{digest.hexdigest()[:32]}.tables"


def cached_dataset(url: str, data_stamp: tuple[int, str], cache_dir: str | Path,
                   seed: Path | None = None) -> Dataset | None:
    """The dataset of the SQLite store at ``url`` and ``data_stamp`` (just read with :func:`stamp`) from its cached
    copy, without SQLAlchemy; None when no copy is cached for that stamp."""
    seed = seed_dir(seed)
    tables = read_cached(cache_file(cache_dir, url, data_stamp, seed))
    return None if tables is None else with_derived(load_framework(framework_path(seed)), tables)


#: The entity tables a :class:`Reader` reads whole, with their table contracts (the store's tables follow them).
READ_TABLES: dict[str, TableSpec] = {"regions": REGIONS, "sources": SOURCES}


class Reader:
    """Reads a seeded SQLite store for a viewer's Data page without SQLAlchemy: the same reads, under the same
    names, as :class:`~readiness.store.Store` (:meth:`table`, :meth:`region_observations`, :meth:`history`, and its
    ``backend``, ``seed_dir`` and ``framework``), each through a read-only connection of its own."""

    backend = "sqlite"

    def __init__(self, path: Path, seed: Path | None = None):
        self.path = path
        self.seed_dir = seed_dir(seed)
        self._framework: Framework | None = None

    @classmethod
    def open(cls, url: str, seed: Path | None = None) -> Reader | None:
        """A reader of the SQLite store at ``url`` when it is at :data:`SCHEMA_HEAD` and seeded; None for any other
        store (the caller opens the :class:`~readiness.store.Store`)."""
        path = sqlite_file(url)
        return cls(path, seed) if path is not None and stamp(url) is not None else None

    @property
    def framework(self) -> Framework:
        """The indicator framework of the seed folder (as the store's)."""
        if self._framework is None:
            self._framework = load_framework(framework_path(self.seed_dir))
        return self._framework

    def _rows(self, sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        conn = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute(sql, dict(params)).fetchall()
        finally:
            conn.close()

    def table(self, entity: str) -> pd.DataFrame:
        """See :meth:`Store.table <readiness.store.Store.table>` (``regions`` and ``sources``)."""
        return reads.table(self._rows, entity, READ_TABLES[entity].columns)

    def region_observations(self, region_code: str) -> pd.DataFrame:
        """See :meth:`Store.region_observations <readiness.store.Store.region_observations>`."""
        return reads.region_observations(self._rows, region_code)

    def history(self, region_code: str, indicator: str, year: int | None = None) -> pd.DataFrame:
        """See :meth:`Store.history <readiness.store.Store.history>`."""
        return reads.history(self._rows, region_code, indicator, year)
