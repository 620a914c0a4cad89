"""The on-disk cache of validated tables: its key (a hash of the data files and of the code that validates them),
and reading and writing a cached copy. Used by the dataset loader and by the store (and its reader in ``peek``).

Validation (pandera) is the slow part of loading; an unchanged dataset is read back from its cached copy instead.
Any change to a data file or to the validating code makes a new key, so a stale copy is never used.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from readiness import io as rio
from readiness.model.register import REGISTER_DIR

__all__ = ["PACKAGE_DIR", "TABLES", "VALIDATING_CODE", "cache_key", "framework_path", "hash_files", "read_cached",
           "write_cached"]

#: The package folder (``readiness/``): :data:`VALIDATING_CODE` is relative to it.
PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: The tables of a dataset folder, each ``<name>.csv``.
TABLES = ("groups", "regions", "observations", "sources", "events", "labels", "undated", "method_periods", "bands",
          "targets", "gaps", "context")
#: The code that decides what a validated table holds, relative to the package: a change to it invalidates the cache.
VALIDATING_CODE = ("model/schema.py", "model/datasets.py", "model/derive.py", "model/framework.py", "model/rules.py",
                   "model/register.py", "model/cache.py", "model/context.py", "io.py")


def framework_path(directory: Path) -> Path:
    """The framework file of a dataset folder: ``framework.yaml``, else ``framework.csv``."""
    path = directory / "framework.yaml"
    return path if path.exists() else directory / "framework.csv"


def cache_key(directory: Path) -> str:
    """A hash of every data file's bytes, of the code register and of the validating code."""
    digest = hashlib.sha256()
    files = [framework_path(directory), *(directory / f"{name}.csv" for name in TABLES)]
    files += [PACKAGE_DIR / name for name in VALIDATING_CODE]
    files += sorted(REGISTER_DIR.glob("*.csv*"))  # codes are checked against the register
    hash_files(digest, files)
    return digest.hexdigest()[:32]


def hash_files(digest: hashlib._Hash, paths: Iterable[Path]) -> None:
    """Feed each file's name and bytes (or ``<missing>``) to ``digest``: the key of a cache of checked tables."""
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")


def read_cached(path: Path) -> dict[str, pd.DataFrame] | None:
    """The tables in a cache file written by this library; None when it is missing or unreadable (the caller then
    checks the tables again and rewrites it)."""
    try:
        return pickle.loads(path.read_bytes())  # our own file, named by the hash of what it holds
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, KeyError):
        return None


def write_cached(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Write checked tables to a cache file, atomically (:func:`readiness.io.write_atomic`), in a folder made if
    needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rio.write_atomic(path, pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))
