"""Geography: region points, distances to IKN's core and to Jakarta, rings around IKN, and boundary files.

* **Points** come from ``regions.csv`` (city centres, EPSG:4326), joined with scores into a GeoDataFrame.
* **Distances** are geodesic on the WGS84 ellipsoid (Vincenty's inverse formula, within a millimetre of
  ``pyproj.Geod``, which takes over for the rare pair it does not converge on): straight lines between the points,
  not road distances, and computed rather than sourced (labelled as such in the app). A single UTM zone would be
  about 0.5 % off between Java and Kalimantan, so no projected CRS is used for distances. pyproj is not imported
  for them: 11 MB of a server that only shows distances (``benchmarks/bench_imports.py``).
* **Rings** (50/100/150/200 km around IKN's core) are real polygons: buffered in UTM zone 50S (EPSG:32750, whose
  central meridian 117°E runs through East Kalimantan), then reprojected to EPSG:4326.
* **Boundaries** (GeoJSON, GeoPackage or Shapefile with a region-code column) are joined on Kemendagri codes,
  never on names; codes that do not match are reported. Geometries are simplified until the national GeoJSON
  payload fits a size limit (1 MB by default).
"""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from readiness import io as rio
from readiness.errors import DataError

if TYPE_CHECKING:  # geopandas and shapely are imported only by the functions that build geometry
    import geopandas as gpd

__all__ = [
    "DEFAULT_BOUNDARY_SOURCE",
    "IKN",
    "JAKARTA",
    "RING_RADII_KM",
    "UTM_KALTIM",
    "BoundaryJoin",
    "BoundarySource",
    "distances",
    "fetch_boundaries",
    "geodesic_km",
    "join_boundaries",
    "load_boundaries",
    "normalise_code",
    "read_boundaries",
    "regions_gdf",
    "rings",
    "simplify_to_size",
]

#: Codes of the reference places in ``regions.csv``.
IKN = "ref.ikn"
JAKARTA = "ref.jakarta"
RING_RADII_KM = (50, 100, 150, 200)
#: WGS 84 / UTM zone 50S: metric CRS for buffers and areas around IKN.
UTM_KALTIM = "EPSG:32750"
#: WGS84: semi-major axis (m) and flattening.
_A, _F = 6378137.0, 1 / 298.257223563


def geodesic_km(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Geodesic distance in km on the WGS84 ellipsoid from each (``lat``, ``lon``) to (``lat0``, ``lon0``); NaN
    where coordinates miss."""
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    ok = ~(np.isnan(lat) | np.isnan(lon))
    out = np.full(lat.shape, np.nan)
    if ok.any():
        metres, converged = _vincenty_m(lat[ok], lon[ok], lat0, lon0)
        if not converged.all():  # nearly antipodal points: Karney's algorithm (pyproj) always converges
            # deferred: pyproj: 11 MB (benchmarks/bench_imports.py); only the rare pair Vincenty does not converge on
            # needs it
            from pyproj import Geod

            idx = np.flatnonzero(~converged)
            _, _, fallback = Geod(ellps="WGS84").inv(lon[ok][idx], lat[ok][idx], np.full(idx.size, lon0),
                                                     np.full(idx.size, lat0))
            metres[idx] = fallback
        out[ok] = metres / 1000.0
    return out


def _vincenty_m(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> tuple[np.ndarray, np.ndarray]:
    """Vincenty's inverse formula (1975) on WGS84, vectorised: (metres, converged)."""
    b = (1 - _F) * _A
    u1 = np.arctan((1 - _F) * np.tan(np.radians(lat)))
    u2 = np.arctan((1 - _F) * np.tan(np.radians(lat0)))
    big_l = np.radians(lon0 - lon)
    sin_u1, cos_u1, sin_u2, cos_u2 = np.sin(u1), np.cos(u1), np.sin(u2), np.cos(u2)
    lam = big_l.copy()
    converged = np.zeros(lat.shape, dtype=bool)
    with np.errstate(invalid="ignore", divide="ignore"):
        for _ in range(200):
            sin_lam, cos_lam = np.sin(lam), np.cos(lam)
            sin_sigma = np.hypot(cos_u2 * sin_lam, cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lam)
            cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lam
            sigma = np.arctan2(sin_sigma, cos_sigma)
            sin_alpha = np.where(sin_sigma == 0, 0.0, cos_u1 * cos_u2 * sin_lam / sin_sigma)
            cos2_alpha = 1 - sin_alpha**2
            cos_2sm = np.where(cos2_alpha == 0, 0.0, cos_sigma - 2 * sin_u1 * sin_u2 / cos2_alpha)  # equatorial
            c = _F / 16 * cos2_alpha * (4 + _F * (4 - 3 * cos2_alpha))
            new = big_l + (1 - c) * _F * sin_alpha * (
                sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm**2)))
            converged = np.abs(new - lam) < 1e-12
            lam = new
            if converged.all():
                break
        u_sq = cos2_alpha * (_A**2 - b**2) / b**2
        big_a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
        big_b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
        delta = big_b * sin_sigma * (cos_2sm + big_b / 4 * (
            cos_sigma * (-1 + 2 * cos_2sm**2) - big_b / 6 * cos_2sm * (-3 + 4 * sin_sigma**2) * (-3 + 4 * cos_2sm**2)))
        metres = np.where(sin_sigma == 0, 0.0, b * big_a * (sigma - delta))
    return metres, converged & np.isfinite(metres)


def distances(regions: pd.DataFrame) -> pd.DataFrame:
    """``code, km_to_ikn, km_to_jakarta`` for every region, from the reference places in the same table."""
    ref = regions.set_index("code")
    lat = regions["lat"].astype(float).to_numpy()
    lon = regions["lon"].astype(float).to_numpy()
    return pd.DataFrame({
        "code": regions["code"].to_numpy(),
        "km_to_ikn": geodesic_km(lat, lon, float(ref.loc[IKN, "lat"]), float(ref.loc[IKN, "lon"])),
        "km_to_jakarta": geodesic_km(lat, lon, float(ref.loc[JAKARTA, "lat"]), float(ref.loc[JAKARTA, "lon"])),
    })


def regions_gdf(regions: pd.DataFrame, values: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """The regions with coordinates as points (EPSG:4326), with their distances and, if given, ``values``
    (a frame indexed by region code, e.g. scores) joined on the code. Regions without coordinates are left out."""
    located = regions.dropna(subset=["lat", "lon"]).copy()
    located = located.merge(distances(regions), on="code", how="left")
    if values is not None:
        located = located.join(values, on="code")
    # deferred: geopandas: 16 MB (benchmarks/bench_imports.py); only geometry needs it, not distances or labels
    import geopandas as gpd

    # deferred: shapely: 2.6 MB (benchmarks/bench_imports.py); only geometry needs it
    from shapely.geometry import Point

    geometry = [Point(lon, lat) for lon, lat in zip(located["lon"].astype(float), located["lat"].astype(float),
                                                    strict=True)]
    return gpd.GeoDataFrame(located, geometry=geometry, crs="EPSG:4326")


def rings(lat: float, lon: float, radii_km: Sequence[float] = RING_RADII_KM, crs: str = UTM_KALTIM,
          resolution: int = 64) -> gpd.GeoDataFrame:
    """Circles of ``radii_km`` around (``lat``, ``lon``) as polygons in EPSG:4326, buffered in ``crs`` (metres).

    ``resolution`` is the number of segments per quarter circle; with 64 the polygon's area is within 0.01 % of
    ``pi r^2`` in the metric CRS.
    """
    # deferred: geopandas: 16 MB (benchmarks/bench_imports.py); only geometry needs it, not distances or labels
    import geopandas as gpd

    # deferred: shapely: 2.6 MB (benchmarks/bench_imports.py); only geometry needs it
    from shapely.geometry import Point

    centre = gpd.GeoSeries([Point(lon, lat)], crs="EPSG:4326").to_crs(crs).iloc[0]
    polygons = [centre.buffer(r * 1000.0, resolution) for r in radii_km]
    out = gpd.GeoDataFrame({"radius_km": list(radii_km)}, geometry=polygons, crs=crs)
    return out.to_crs("EPSG:4326")


def normalise_code(value: object) -> str | None:
    """A kabupaten/kota code in Kemendagri's dotted form: ``64.71``, ``6471``, ``ID6471``, ``IDN6471``,
    ``64.71.00`` all give ``64.71``; anything else gives None."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip().upper()
    for prefix in ("IDN", "ID"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    digits = text.replace(".", "")
    if not (digits.isascii() and digits.isdigit()) or len(digits) < 4:
        return None
    if "." in text and not (text[:2].isascii() and text[:2].isdigit()):
        return None
    return f"{digits[:2]}.{digits[2:4]}"


@dataclass(frozen=True)
class BoundaryJoin:
    """Boundaries joined with regions: the matched shapes and what did not match, both ways."""

    shapes: gpd.GeoDataFrame
    code_column: str
    unmatched_boundary_codes: tuple[str, ...]
    regions_without_boundary: tuple[str, ...]


def _code_column(frame: pd.DataFrame, source: str, code_column: str | None) -> str:
    if code_column:
        if code_column not in frame.columns:
            shown = ", ".join(str(c)[:40] for c in list(frame.columns)[:30])
            raise DataError(f"{source}: no column {code_column[:60]!r}; columns are {shown}")
        return code_column
    best, hits = None, 0
    for col in frame.columns:
        if col == "geometry":
            continue
        n = frame[col].map(normalise_code).notna().sum()
        if n > hits:
            best, hits = col, n
    if best is None or hits < max(1, len(frame) // 2):
        raise DataError(f"{source}: no column holds region codes (like 64.71, 6471 or ID6471); name it with "
                        "code_column. Boundaries are joined on codes, never on names.")
    return best


def _pick_layer(path: object, layer: str | None, name: str) -> str | None:
    """The layer to read: ``layer`` if given, the only one, or the one whose name says admin level 2 (as in OCHA's
    ``idn_admbnda_adm2_...`` inside a zipped set of levels)."""
    # deferred: pyogrio (GDAL): 45 MB (benchmarks/bench_imports.py); only reading a boundary file needs it
    import pyogrio

    try:
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise DataError(f"{name}: cannot be read as a boundary file ({_gdal_message(exc)})") from None
    if layer is not None:
        if layer not in names:
            raise DataError(f"{name}: no layer {layer!r}; layers are {', '.join(names)}")
        return layer
    if len(names) <= 1:
        return None
    adm2 = [n for n in names if "adm2" in n.lower() and "admbnda" in n.lower()] or \
        [n for n in names if "adm2" in n.lower()]
    if len(adm2) == 1:
        return adm2[0]
    shown = ", ".join(names[:20]) + (", ..." if len(names) > 20 else "")
    raise DataError(f"{name} holds several layers ({shown}): name the kabupaten/kota one with --layer")


#: Largest boundary file read from disk, and most vertices in it (the national admin-2 set has a few million).
MAX_BOUNDARY_BYTES = 500 * 1024 * 1024
MAX_VERTICES = 5_000_000
#: Largest boundary file uploaded to the dashboard (also ``server.maxUploadSize`` in .streamlit/config.toml), and
#: most vertices in it: above that, simplifying it for the browser would block a session for many seconds.
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
UPLOAD_MAX_VERTICES = 500_000


def _gdal_message(exc: BaseException) -> str:
    """GDAL's message without file paths (temporary or server paths are nobody's business)."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = re.sub(r"(?<![\w])(?:[A-Za-z]:\\|/)[^\s'\"]+", "<file>", text)
    return text[:160]


def load_boundaries(path: str | Path, code_column: str | None = None, layer: str | None = None, *,
                    max_vertices: int = MAX_VERTICES) -> gpd.GeoDataFrame:
    """Read a boundary file (GeoJSON, GeoPackage, Shapefile, or a zip of them) into EPSG:4326 with a ``code``
    column (dotted Kemendagri codes) taken from ``code_column`` or the column that holds codes. A file with
    several layers is read at ``layer``, or at its one admin-2 layer. Files over :data:`MAX_BOUNDARY_BYTES` or
    with more than ``max_vertices`` vertices are refused with a :class:`DataError`."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found")
    if not path.is_file():
        raise DataError(f"{path.name}: not a file")
    if path.stat().st_size > MAX_BOUNDARY_BYTES:
        raise DataError(f"{path.name}: larger than {MAX_BOUNDARY_BYTES // 2**20} MB")
    return _read_boundaries(path, path.name, code_column, layer, max_vertices)


def read_boundaries(data: bytes, name: str, code_column: str | None = None, layer: str | None = None, *,
                    max_bytes: int = UPLOAD_MAX_BYTES, max_vertices: int = UPLOAD_MAX_VERTICES) -> gpd.GeoDataFrame:
    """Like :func:`load_boundaries`, from bytes held in memory (an upload): nothing is written to disk.

    Parameters
    ----------
    data
        The file's content (GeoJSON, GeoPackage, or a zip of a Shapefile).
    name
        Its name, used in messages only.
    max_bytes, max_vertices
        Limits; a larger file or one with more vertices is refused with a :class:`DataError`.
    """
    if len(data) > max_bytes:
        raise DataError(f"{name}: {len(data) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.0f} MB")
    if not data:
        raise DataError(f"{name}: the file is empty")
    return _read_boundaries(io.BytesIO(data), name, code_column, layer, max_vertices)


def _read_boundaries(source: object, name: str, code_column: str | None, layer: str | None,
                     max_vertices: int) -> gpd.GeoDataFrame:
    # deferred: geopandas: 16 MB (benchmarks/bench_imports.py); only geometry needs it, not distances or labels
    import geopandas as gpd

    # deferred: shapely: 2.6 MB (benchmarks/bench_imports.py); only geometry needs it
    import shapely

    chosen = _pick_layer(source, layer, name)
    if hasattr(source, "seek"):
        source.seek(0)  # type: ignore[attr-defined]
    try:
        frame = gpd.read_file(source, engine="pyogrio", layer=chosen)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise DataError(f"{name}: cannot be read as a boundary file ({_gdal_message(exc)})") from None
    if not isinstance(frame, gpd.GeoDataFrame) or "geometry" not in frame.columns or frame.geometry.isna().all():
        raise DataError(f"{name}: holds no geometry (a table without shapes?); a boundary file needs polygons")
    vertices = int(shapely.get_num_coordinates(frame.geometry.values).sum())
    if vertices > max_vertices:
        raise DataError(f"{name}: {vertices:,} vertices; the limit is {max_vertices:,}. Simplify the file first "
                        "(e.g. with mapshaper), or cache it with 'python -m readiness boundaries fetch'.")
    kinds = frame.geometry.geom_type
    other = kinds.notna() & ~kinds.isin(["Polygon", "MultiPolygon"])
    if other.any():
        first = int(np.flatnonzero(other.to_numpy())[0])
        raise DataError(f"{name}: feature {first + 1} is a {kinds.iloc[first]}; a boundary file holds polygons only")
    if not np.isfinite(shapely.get_coordinates(frame.geometry.values)).all():
        raise DataError(f"{name}: a coordinate is not a finite number")
    invalid = ~frame.geometry.is_valid & frame.geometry.notna()
    if invalid.any():  # self-intersecting rings (a "bow tie") would break the dissolve: repair them
        frame.loc[invalid, "geometry"] = shapely.make_valid(frame.geometry[invalid].values)
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    column = _code_column(frame, name, code_column)
    try:
        frame = frame.to_crs("EPSG:4326")
    except Exception as exc:  # pyproj raises several types for an unusable CRS
        raise DataError(f"{name}: its coordinate system cannot be converted to WGS84 ({_gdal_message(exc)})") from None
    frame["code"] = frame[column].map(normalise_code)
    frame.attrs["code_column"] = column
    return frame


def join_boundaries(boundaries: gpd.GeoDataFrame, regions: pd.DataFrame) -> BoundaryJoin:
    """Keep the shapes whose code is a scored region's, and report codes that matched nothing, both ways."""
    scored = set(regions.loc[regions["kind"].isin(("kota", "kabupaten")), "code"])
    codes = set(boundaries["code"].dropna())
    try:
        matched = boundaries[boundaries["code"].isin(scored)].dissolve(by="code", as_index=False)
    except Exception as exc:  # GEOS topology errors on geometry that could not be repaired
        reason = f"{type(exc).__name__}: {str(exc)[:120]}"
        raise DataError(f"the boundaries cannot be merged per region ({reason})") from None
    unmatched = sorted(str(c) for c in boundaries.loc[~boundaries["code"].isin(scored), boundaries.attrs.get(
        "code_column", "code")].dropna().unique())
    return BoundaryJoin(shapes=matched[["code", "geometry"]], code_column=boundaries.attrs.get("code_column", "code"),
                        unmatched_boundary_codes=tuple(unmatched),
                        regions_without_boundary=tuple(sorted(scored - codes)))


def simplify_to_size(shapes: gpd.GeoDataFrame, max_bytes: int = 1_000_000, start: float = 0.001
                     ) -> tuple[gpd.GeoDataFrame, float, int]:
    """Simplify geometries (topology-preserving, tolerance in degrees, doubled each step) until their GeoJSON
    is at most ``max_bytes``. Returns ``(shapes, tolerance, bytes)``; tolerance 0 when no simplification was needed."""
    size = len(shapes.to_json(drop_id=True).encode())
    tolerance = 0.0
    out = shapes
    while size > max_bytes:
        tolerance = start if tolerance == 0 else tolerance * 2
        out = shapes.assign(geometry=shapes.geometry.simplify(tolerance, preserve_topology=True))
        size = len(out.to_json(drop_id=True).encode())
        if tolerance > 1:
            break
    return out, tolerance, size


@dataclass(frozen=True)
class BoundarySource:
    """Where openly licensed admin-2 boundaries come from, and how to cite them."""

    url: str
    attribution: str
    license: str
    code_column: str | None = None


#: Indonesia's kabupaten/kota boundaries from the Humanitarian Data Exchange's Common Operational Dataset
#: (BPS/BIG via OCHA), whose ADM2 pcodes (``ID6471``) carry the Kemendagri code. geoBoundaries' files carry only
#: names and their own ids, so they cannot be joined on codes. The default is the dataset's page (its file links
#: change with each release); ``fetch`` says so when given a page, and ``--url`` takes the file's own link.
DEFAULT_BOUNDARY_SOURCE = BoundarySource(
    url="https://data.humdata.org/dataset/cod-ab-idn",
    attribution="Indonesia - Subnational Administrative Boundaries (COD-AB), BPS and BIG via OCHA, "
                "Humanitarian Data Exchange",
    license="CC BY-IGO",
    code_column="ADM2_PCODE",
)


def _download(url: str, raw: Path, *, timeout: float, deadline: float, max_bytes: int) -> None:
    """Stream ``url`` into ``raw`` within ``deadline`` seconds in total and ``max_bytes``; detect truncation."""
    start = time.monotonic()
    offline = "Are you offline? Copy a boundary file into data/boundaries/ instead."
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, raw.open("wb") as fh:
            declared = response.headers.get("Content-Length")
            expected = int(declared) if declared and declared.strip().isdigit() else None
            if expected is not None and expected > max_bytes:
                raise DataError(f"{url} is {expected / 2**20:.0f} MB; the limit is {max_bytes / 2**20:.0f} MB "
                                "(--max-mb)")
            received = 0
            while True:
                if time.monotonic() - start > deadline:
                    raise DataError(f"downloading {url} took longer than {deadline:g} s (--deadline); nothing "
                                    "was saved")
                chunk = response.read1(1 << 16)
                if not chunk:
                    break
                received += len(chunk)
                if received > max_bytes:
                    raise DataError(f"{url} is larger than {max_bytes / 2**20:.0f} MB (--max-mb); nothing was saved")
                fh.write(chunk)
            if expected is not None and received != expected:
                raise DataError(f"the download from {url} is truncated: {received:,} of {expected:,} bytes; "
                                "nothing was saved")
    except DataError:
        raise
    except http.client.IncompleteRead as exc:
        raise DataError(f"the download from {url} is truncated: {len(exc.partial):,} bytes received, "
                        f"{exc.expected or 0:,} more expected; nothing was saved") from None
    except urllib.error.HTTPError as exc:
        raise DataError(f"cannot download boundaries from {url}: the server answered HTTP {exc.code} "
                        f"({exc.reason}).") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise DataError(f"cannot download boundaries from {url}: {str(reason)[:160]}. {offline}") from None
    except OSError as exc:  # the local temporary file
        raise DataError(f"cannot store the download locally ({exc.strerror or type(exc).__name__})") from None


def fetch_boundaries(url: str, dest: str | Path, *, attribution: str, license: str, code_column: str | None = None,
                     layer: str | None = None, timeout: float = 30.0, deadline: float = 600.0,
                     max_bytes: int = MAX_BOUNDARY_BYTES, overwrite: bool = False) -> Path:
    """Download a boundary file, check that it holds region codes, and cache it as ``dest`` (GeoJSON) with an
    ``ATTRIBUTION.txt`` beside it. Nothing is written unless the whole download is valid.

    Parameters
    ----------
    url
        An ``http(s)://`` link, or a local file (a path or ``file://`` URL) to convert and cache.
    dest
        The file to write. It must be a file path (not empty, not a folder, not a symbolic link) and must not exist
        unless ``overwrite``; its folder is created when missing. ``ATTRIBUTION.txt`` in that folder is written too
        (refused when it is a symbolic link, or describes another file and ``overwrite`` is off).
    timeout, deadline, max_bytes
        Seconds per network operation, seconds for the whole download, and the largest download accepted. A
        download shorter than its announced ``Content-Length`` is reported as truncated.

    Both files are written to temporary files in the target folder and moved into place with :func:`os.replace`,
    so a symbolic link is never followed and a failure leaves any existing file unchanged.

    Raises
    ------
    DataError
        With a clear message when offline, the download is too slow, too large, truncated or not usable, or the
        destination is not writable.
    """
    dest = rio.check_output_path(dest, overwrite=overwrite, parent_may_be_missing=True)
    note_path = _attribution_path(dest, overwrite)
    if not (deadline > 0 and timeout > 0 and max_bytes > 0):
        raise DataError("--timeout, --deadline and --max-mb must be > 0")
    with tempfile.TemporaryDirectory() as tmp:
        raw = _fetch_raw(url, Path(tmp), timeout=timeout, deadline=deadline, max_bytes=max_bytes)
        frame = load_boundaries(raw, code_column, layer)
        _write_boundaries(frame, dest, note_path, {"file": dest.name, "source": url, "attribution": attribution,
                                                   "license": license, "code_column": frame.attrs["code_column"]})
    return dest


def _attribution_path(dest: Path, overwrite: bool) -> Path:
    """``ATTRIBUTION.txt`` beside ``dest``: refused when it is a link, or describes another file (unless
    ``overwrite``)."""
    note_path = dest.parent / "ATTRIBUTION.txt"
    if note_path.is_symlink() or (note_path.exists() and not note_path.is_file()):
        raise DataError(f"{note_path} is a symbolic link or not a file; refusing to write through it")
    if note_path.exists() and not overwrite:
        try:
            described = json.loads(note_path.read_text(encoding="utf-8")).get("file")
        except (OSError, ValueError, AttributeError):
            described = None
        if described != dest.name:
            raise DataError(f"{note_path} describes another file ({str(described)[:60]!r}); add --force to replace "
                            "it, or cache the new file in another folder")
    return note_path


def _fetch_raw(url: str, tmp: Path, *, timeout: float, deadline: float, max_bytes: int) -> Path:
    """The file behind ``url``: downloaded into ``tmp``, or the local file itself; a web page is refused."""
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https"):
        raw = tmp / (Path(parsed.path).name or "boundaries.geojson")
        _download(url, raw, timeout=timeout, deadline=deadline, max_bytes=max_bytes)
    elif parsed.scheme in ("", "file") or (len(parsed.scheme) == 1 and url[1:2] == ":"):
        raw = Path(urllib.request.url2pathname(parsed.path) if parsed.scheme == "file" else url)
        if not raw.is_file():
            raise DataError(f"local file {url} not found (or not a file)")
    else:
        raise DataError(f"cannot fetch {url[:120]!r}: use an http(s):// link or a local file path")
    try:
        with raw.open("rb") as fh:
            head = fh.read(512).lstrip().lower()
    except OSError as exc:
        raise DataError(f"cannot read {raw.name} ({exc.strerror or type(exc).__name__})") from None
    if head.startswith((b"<!doctype html", b"<html")):
        raise DataError(f"{url} returned a web page, not a boundary file. Open it in a browser, choose the "
                        "kabupaten/kota (admin-2) GeoJSON, GeoPackage or zipped Shapefile and pass its own "
                        "link with --url.")
    return raw


def _write_boundaries(frame: gpd.GeoDataFrame, dest: Path, note_path: Path, note: dict) -> None:
    """Stage the GeoJSON and its attribution beside ``dest``, then move both into place (never through a link)."""
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"cannot create folder {dest.parent} ({exc.strerror or type(exc).__name__})") from None
    staged = Path(tempfile.mkdtemp(dir=dest.parent, prefix=".boundaries."))
    try:
        frame.to_file(staged / "out.geojson", driver="GeoJSON", engine="pyogrio")
        (staged / "ATTRIBUTION.txt").write_text(json.dumps(note, indent=1) + "\n", encoding="utf-8")
        for target in (dest, note_path):  # checked again just before the move
            if target.is_symlink():
                raise DataError(f"{target} became a symbolic link; refusing to write through it")
        os.replace(staged / "out.geojson", dest)
        os.replace(staged / "ATTRIBUTION.txt", note_path)
    except (OSError, RuntimeError, ValueError) as exc:  # pyogrio's errors derive from RuntimeError
        raise DataError(f"cannot write {dest} ({getattr(exc, 'strerror', None) or type(exc).__name__})") from None
    finally:
        shutil.rmtree(staged, ignore_errors=True)
