"""The on-disk cache of validated tables: its key (a hash of the data files and of the code that validates them),
and reading and writing a cached copy. Used by the dataset loader and by the store (and its reader in ``peek``).
The copy is Arrow IPC streams behind a manifest with their SHA-256 (:func:`table_bytes`): a format whose reading
cannot run code, so whoever can write the cache folder can at worst make the loader check the tables again. Arrow's
own format needs only the core of pyarrow, which pandas loads anyway; Parquet (format 1) loaded ``pyarrow.parquet``
with its file systems into the server, 10 MB (``benchmarks/bench_app.py``, memory after visiting every page).

Validation (pandera) is the slow part of loading; an unchanged dataset is read back from its cached copy instead.
Any change to a data file or to the validating code makes a new key, so a stale copy is never used.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
from pyarrow import ArrowException

from readiness import io as rio
from readiness.model.register import REGISTER_DIR

__all__ = ["MAGIC", "PACKAGE_DIR", "TABLES", "VALIDATING_CODE", "cache_key", "framework_path", "hash_files",
           "read_cached", "table_bytes", "tables_from_bytes", "write_cached"]

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


#: The first bytes of a cache file (format 2: a JSON manifest, then one Arrow IPC stream per table). A file of
#: another format is not read: the tables are checked again and the file rewritten.
MAGIC = b"readiness-tables/2\n"
_MANIFEST_MAX = 1 << 20


def table_bytes(tables: dict[str, pd.DataFrame | None]) -> bytes:
    """Checked tables as one file: :data:`MAGIC`, the manifest's length (8 bytes, big-endian), the manifest (JSON:
    each table's name and byte length, and the SHA-256 of what follows), then each table as an Arrow IPC stream, which
    holds data, column types and pandas' metadata only: reading it back cannot run code, unlike a pickle."""
    blobs, entries = [], []
    for name, frame in tables.items():
        if frame is None:
            entries.append([name, -1])
            continue
        table = pa.Table.from_pandas(frame)
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        blobs.append(sink.getvalue().to_pybytes())
        entries.append([name, len(blobs[-1])])
    payload = b"".join(blobs)
    manifest = json.dumps({"tables": entries, "sha256": hashlib.sha256(payload).hexdigest()}).encode()
    return MAGIC + len(manifest).to_bytes(8, "big") + manifest + payload


def tables_from_bytes(data: bytes) -> dict[str, pd.DataFrame | None] | None:
    """The tables of :func:`table_bytes`; None when the bytes are not such a file or their hash does not match."""
    start = len(MAGIC) + 8
    if not data.startswith(MAGIC):
        return None
    size = int.from_bytes(data[len(MAGIC):start], "big")
    if size > _MANIFEST_MAX:
        return None
    manifest = json.loads(data[start:start + size])
    payload = memoryview(data)[start + size:]
    if not hmac.compare_digest(hashlib.sha256(payload).hexdigest(), str(manifest["sha256"])):
        return None
    out: dict[str, pd.DataFrame | None] = {}
    offset = 0
    for name, length in manifest["tables"]:
        if length < 0:
            out[str(name)] = None
            continue
        out[str(name)] = pa.ipc.open_stream(payload[offset:offset + length]).read_all().to_pandas()
        offset += length
    return out if offset == len(payload) else None


def read_cached(path: Path) -> dict[str, pd.DataFrame] | None:
    """The tables in a cache file written by :func:`write_cached`; None when it is missing, unreadable, not in
    this format or altered (the caller then checks the tables again and rewrites it)."""
    try:
        return tables_from_bytes(path.read_bytes())  # type: ignore[return-value]
    except (OSError, ValueError, KeyError, TypeError, IndexError, ArrowException):
        return None


def write_cached(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Write checked tables to a cache file (:func:`table_bytes`), atomically (:func:`readiness.io.write_atomic`),
    in a folder made if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rio.write_atomic(path, table_bytes(tables))
