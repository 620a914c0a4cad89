"""Read an uploaded boundary file in a child process with a memory and a time limit, and bring back only the checked,
simplified shapes.

Parsing a 19 MB GeoJSON takes a few hundred MB of transient memory (GDAL, shapely, pandas); a long-lived server
that does it in its own process keeps most of that afterwards (the allocator does not give it back), so six
parallel uploads raised the dashboard from 252 MB to 864 MB for good (issue 23). Here the parse, the checks
(:func:`~readiness.geo.places.read_boundaries`), the join with the regions and the simplification
(:func:`~readiness.geo.places.simplify_to_size`) run in ``python -m readiness.geo.isolated``, a fresh interpreter
limited by ``RLIMIT_AS`` (address space, 1 GB) and ``RLIMIT_CPU``, and killed when it overruns the wall-clock
limit. What comes back is JSON: the simplified shapes as GeoJSON (at most about 1 MB) and the join's report, never
a pickle.

Errors come back as the :class:`~readiness.errors.DataError` the same checks raise in process, so messages are the
same; a child that runs out of memory or time gives a DataError saying which limit it hit.
"""

from __future__ import annotations

import json
import os
import resource
import struct
import subprocess
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from readiness.errors import DataError
from readiness.geo import places

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["MEMORY_LIMIT_BYTES", "TIME_LIMIT_SECONDS", "PreparedBoundaries", "prepare_upload"]

#: The child's address-space limit. The interpreter with geopandas, pyogrio, shapely and pyproj loaded takes about
#: 470 MB of address space (VmSize, most of it reserved, not resident); the synthetic 19.1 MB GeoJSON of 410,000
#: vertices of ``benchmarks/bench_uploads.py`` was read, joined and simplified under limits of 768 MB to 2 GB.
MEMORY_LIMIT_BYTES = 1024**3
#: Wall-clock limit for the whole child (start-up about 1.5 s, a 19 MB file about 6 s alone on the 2-core test
#: machine; the app runs at most two at once).
TIME_LIMIT_SECONDS = 60.0
_HEADER = struct.Struct("!I")
#: One thread for numpy's BLAS and at most two malloc arenas in the child: each extra thread and arena reserves
#: address space, and under RLIMIT_AS that made the same file fail at 1.5 GB but pass at 1 and 2 GB.
_CHILD_ENV = {"MALLOC_ARENA_MAX": "2", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


@dataclass(frozen=True)
class PreparedBoundaries:
    """What the child sends back: the shapes joined to the scored regions and simplified to at most ``size`` bytes
    of GeoJSON (``tolerance`` degrees; 0 when none was needed), and what matched nothing, both ways."""

    shapes: gpd.GeoDataFrame
    code_column: str
    unmatched_boundary_codes: tuple[str, ...]
    regions_without_boundary: tuple[str, ...]
    tolerance: float
    size: int


def prepare_upload(data: bytes, name: str, regions: pd.DataFrame, *, memory_limit: int = MEMORY_LIMIT_BYTES,
                   time_limit: float = TIME_LIMIT_SECONDS) -> PreparedBoundaries:
    """Read, check, join and simplify an uploaded boundary file in a limited child process.

    Parameters
    ----------
    data, name
        The file's bytes and its name (for messages).
    regions
        The dataset's regions (``code`` and ``kind``), as for :func:`~readiness.geo.places.join_boundaries`.
    memory_limit, time_limit
        The child's address-space limit in bytes and its wall-clock limit in seconds.

    Raises
    ------
    DataError
        The file cannot be used (the same messages as :func:`~readiness.geo.places.read_boundaries`), or the child
        ran out of memory or time.
    """
    if len(data) > places.UPLOAD_MAX_BYTES:
        raise DataError(f"{name}: {len(data) / 2**20:.1f} MB; the limit is {places.UPLOAD_MAX_BYTES / 2**20:.0f} MB")
    header = json.dumps({"name": name, "memory_limit": int(memory_limit), "cpu_limit": int(time_limit) + 1,
                         "regions": regions[["code", "kind"]].astype(str).to_numpy().tolist()}).encode()
    try:
        ran = _run_child(header, data, time_limit)
    except subprocess.TimeoutExpired:
        raise DataError(f"{name}: reading it took more than {time_limit:.0f} s; simplify the file first "
                        "(e.g. with mapshaper)") from None
    try:
        answer = json.loads(ran.stdout) if ran.returncode == 0 else None
    except ValueError:
        answer = None
    if answer is None:
        raise DataError(f"{name}: reading it needed more than {memory_limit / 2**20:.0f} MB of memory or failed "
                        f"(status {ran.returncode}); simplify the file first (e.g. with mapshaper)")
    if "problems" in answer:
        raise DataError(answer["problems"])
    return _prepared(answer)


def _run_child(header: bytes, data: bytes, time_limit: float) -> subprocess.CompletedProcess:
    """Run the child; the header and the file are written one after the other (no joined copy of the file)."""
    with subprocess.Popen([sys.executable, "-m", "readiness.geo.isolated"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, **_CHILD_ENV}) as proc:
        try:
            proc.stdin.write(_HEADER.pack(len(header)) + header)
            stdout, _ = proc.communicate(data, timeout=time_limit)
        except (subprocess.TimeoutExpired, BrokenPipeError):
            proc.kill()
            proc.wait()
            raise subprocess.TimeoutExpired(proc.args, time_limit) from None
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, b"")


def _prepared(answer: dict[str, Any]) -> PreparedBoundaries:
    """The parent's side: the child's JSON as shapes (GeoDataFrame with ``code`` and ``geometry``)."""
    # deferred: geopandas: 16 MB (benchmarks/bench_imports.py); only geometry needs it
    import geopandas as gpd

    shapes = gpd.GeoDataFrame.from_features(answer["shapes"]["features"], crs="EPSG:4326")
    if shapes.empty:
        shapes = gpd.GeoDataFrame({"code": pd.Series(dtype=str)}, geometry=gpd.GeoSeries([], crs="EPSG:4326"))
    return PreparedBoundaries(
        shapes=shapes[["code", "geometry"]], code_column=answer["code_column"],
        unmatched_boundary_codes=tuple(answer["unmatched"]), regions_without_boundary=tuple(answer["without"]),
        tolerance=float(answer["tolerance"]), size=int(answer["size"]))


def _child(stream: Any) -> dict[str, Any]:
    """The child's side: limits first, then read, check, join and simplify; a JSON-able answer."""
    (length,) = _HEADER.unpack(stream.read(_HEADER.size))
    header = json.loads(stream.read(length))
    resource.setrlimit(resource.RLIMIT_AS, (header["memory_limit"], header["memory_limit"]))
    resource.setrlimit(resource.RLIMIT_CPU, (header["cpu_limit"], header["cpu_limit"]))
    data = stream.read()
    regions = pd.DataFrame(header["regions"], columns=["code", "kind"])
    try:
        frame = places.read_boundaries(data, header["name"])
        del data
        joined = places.join_boundaries(frame, regions)
        del frame
        shapes, tolerance, size = places.simplify_to_size(joined.shapes)
    except DataError as exc:
        return {"problems": list(exc.problems)}
    return {"shapes": json.loads(shapes.to_json(drop_id=True)), "code_column": joined.code_column,
            "unmatched": list(joined.unmatched_boundary_codes), "without": list(joined.regions_without_boundary),
            "tolerance": tolerance, "size": size}


if __name__ == "__main__":
    sys.stdout.write(json.dumps(_child(sys.stdin.buffer)))
