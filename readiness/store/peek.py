"""A store read without SQLAlchemy: the data stamp of the embedded SQLite store and the dataset cached for it.

The dashboard reads the store's data stamp on every rerun and its dataset once per stamp
(:mod:`readiness_app.store`). For a SQLite store that is migrated and seeded, both come without SQLAlchemy, which
costs a server about 0.15 s and 10 MB to import: the stamp is one single-row read through the standard library's
``sqlite3``, the dataset is the copy that :meth:`readiness.store.Store.load_dataset` keeps in its cache directory,
under the same key. Anything else (PostgreSQL, a store not yet created, migrated or seeded, no cached copy)
returns None, and the caller opens the :class:`~readiness.store.Store`.

Nothing here writes: a missing store is not created, a missing cached copy is not made.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from readiness.model.cache import PACKAGE_DIR, VALIDATING_CODE, framework_path, hash_files, read_cached
from readiness.model.datasets import DATA_DIR, RULE_TABLES, Dataset, with_derived
from readiness.model.framework import load_framework

__all__ = ["SCHEMA_HEAD", "cache_file", "cached_dataset", "seed_dir", "sqlite_file", "stamp"]

#: The newest Alembic revision in ``migrations/versions`` (a test checks it against Alembic's head). A store already
#: at this revision is opened without importing Alembic, and read here without SQLAlchemy.
SCHEMA_HEAD = "0002"
_HERE = Path(__file__).resolve()


def seed_dir(directory: str | Path | None = None) -> Path:
    """The reviewed dataset that seeds an empty store: ``directory``, else ``READINESS_SEED_DIR``, else ``data/``."""
    return Path(directory or os.environ.get("READINESS_SEED_DIR") or DATA_DIR)


def sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL (``sqlite:///path``, no query string), else None."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    path = url[len(prefix):]
    return Path(path).resolve() if path and path != ":memory:" else None


def stamp(url: str) -> tuple[int, str] | None:
    """``(data version, time of the last commit)`` of a SQLite store at :data:`SCHEMA_HEAD` holding at least one
    revision (the same pair as :meth:`Store.data_stamp <readiness.store.Store.data_stamp>`); None for any other
    store, or one that is not there, not migrated or not seeded yet."""
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
        row = conn.execute("SELECT version, updated_at FROM data_version WHERE id = 1").fetchone()
    except sqlite3.Error:  # no such table: an empty or foreign database
        return None
    finally:
        conn.close()
    return None if row is None else (int(row[0]), str(row[1]))


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
    return Path(cache_dir) / f"store-{digest.hexdigest()[:32]}.pickle"


def cached_dataset(url: str, data_stamp: tuple[int, str], cache_dir: str | Path,
                   seed: Path | None = None) -> Dataset | None:
    """The dataset of the SQLite store at ``url`` and ``data_stamp`` (just read with :func:`stamp`) from its cached
    copy, without SQLAlchemy; None when no copy is cached for that stamp."""
    seed = seed_dir(seed)
    tables = read_cached(cache_file(cache_dir, url, data_stamp, seed))
    return None if tables is None else with_derived(load_framework(framework_path(seed)), tables)
