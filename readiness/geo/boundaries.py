"""The bundled boundaries (``data/boundaries/``): all 514 kabupaten/kota, and the kecamatan of East Kalimantan
(64), West Java (32) and Banten (36), keyed by dotted Kemendagri code.

Made once by ``scripts/build_boundaries.py`` from ``cahyadsn/wilayah_boundaries`` (MIT, Cahya DSN; see
``data/boundaries/README.md``). Two ways to read them:

* :func:`layer_geojson` returns the GeoJSON as a plain dict (only ``json``), e.g. for a plotly choropleth;
* :func:`load_layer` returns a GeoDataFrame (geopandas is imported inside the function, so importing this
  module stays cheap).

Both can keep only some provinces (``provinces=("31", "32", "36")``) or some codes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from readiness.errors import DataError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "BOUNDARY_DIR",
    "KECAMATAN_PROVINCES",
    "attribution",
    "kecamatan_features",
    "labels_path",
    "layer_geojson",
    "layer_path",
    "load_layer",
    "read_labels",
    "with_kecamatan",
    "write_labels",
]

#: Where the bundled layers live.
BOUNDARY_DIR = Path(__file__).resolve().parents[2] / "data" / "boundaries"
#: Provinces with a bundled kecamatan layer.
KECAMATAN_PROVINCES = ("32", "36", "64")
Level = Literal["kabkota", "kecamatan"]


def layer_path(level: Level = "kabkota", province: str | None = None, directory: str | Path | None = None) -> Path:
    """The file of a bundled layer: ``kabkota.geojson``, or ``kecamatan_<province>.geojson``.

    Raises
    ------
    DataError
        For an unknown level, a kecamatan layer without a bundled province, or a missing file.
    """
    folder = Path(directory) if directory is not None else BOUNDARY_DIR
    if level == "kabkota":
        path = folder / "kabkota.geojson"
    elif level == "kecamatan":
        if province not in KECAMATAN_PROVINCES:
            raise DataError(f"no bundled kecamatan layer for province {province!r}; bundled: "
                            f"{', '.join(KECAMATAN_PROVINCES)}")
        path = folder / f"kecamatan_{province}.geojson"
    else:
        raise DataError(f"unknown boundary level {level!r}; use 'kabkota' or 'kecamatan'")
    if not path.exists():
        raise DataError(f"{path}: bundled boundary file not found (run python -m scripts.build_boundaries)")
    return path


def _keep(code: str, provinces: tuple[str, ...] | None, codes: frozenset[str] | None) -> bool:
    if provinces is not None and code.split(".", 1)[0] not in provinces:
        return False
    return codes is None or code in codes


def layer_geojson(level: Level = "kabkota", province: str | None = None, *,
                  provinces: Iterable[str] | None = None, codes: Iterable[str] | None = None,
                  directory: str | Path | None = None, geometry: bool = True) -> dict[str, Any]:
    """A bundled layer as a GeoJSON FeatureCollection (a new dict on each call), optionally only the features of
    ``provinces`` (two-digit codes) and/or ``codes``.

    Each feature's ``properties`` hold ``code``, ``name``, ``label_lon`` and ``label_lat`` (a point well inside
    the region's largest part). ``geometry=False`` leaves the polygons out (``"geometry": null``): the names and
    label points of a layer whose polygons the browser loads itself."""
    path = layer_path(level, province, directory)
    keep_provinces = None if provinces is None else tuple(provinces)
    keep_codes = None if codes is None else frozenset(codes)
    if keep_provinces is None and keep_codes is None and geometry:
        return _read_geojson(path)
    if not geometry and (labels := read_labels(path)) is not None:
        return {"type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": p, "geometry": None} for p in labels
                             if _keep(p["code"], keep_provinces, keep_codes)]}
    # The part kept is rebuilt from text after the whole file's objects are freed: they then go together instead of
    # staying scattered around the ones kept (a national layer without polygons keeps 3 MB of the process, not 12).
    return json.loads(_kept_text(path, keep_provinces, keep_codes, geometry))


def labels_path(path: Path) -> Path:
    """The labels file beside a layer (``kabkota.geojson`` -> ``kabkota.labels.json``)."""
    return path.with_name(path.name.removesuffix(".geojson") + ".labels.json")


def write_labels(path: Path) -> Path:
    """Write the labels file of the layer at ``path``: every feature's ``properties`` (code, name, label point) and
    the layer's SHA-256, so that the names and label points are read without parsing the polygons."""
    data = path.read_bytes()
    properties = [f["properties"] for f in json.loads(data)["features"]]
    out = labels_path(path)
    out.write_text(json.dumps({"geojson_sha256": hashlib.sha256(data).hexdigest(), "properties": properties},
                              separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def read_labels(path: Path) -> list[dict[str, Any]] | None:
    """The features' ``properties`` from the labels file beside ``path``; None when there is none, or it was written
    for another version of the layer (then the layer itself is read)."""
    labels = labels_path(path)
    if not labels.exists():
        return None
    try:
        doc = json.loads(labels.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(doc, dict) or doc.get("geojson_sha256") != hashlib.sha256(path.read_bytes()).hexdigest():
        return None
    return doc.get("properties")


def _read_geojson(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{path.name}: not a GeoJSON file ({exc})") from None


def _kept_text(path: Path, provinces: tuple[str, ...] | None, codes: frozenset[str] | None, geometry: bool) -> str:
    data = _read_geojson(path)
    data["features"] = [f if geometry else {**f, "geometry": None} for f in data["features"]
                        if _keep(f["properties"]["code"], provinces, codes)]
    return json.dumps(data)


def load_layer(level: Level = "kabkota", province: str | None = None, *, provinces: Iterable[str] | None = None,
               codes: Iterable[str] | None = None, directory: str | Path | None = None) -> gpd.GeoDataFrame:
    """A bundled layer as a GeoDataFrame (EPSG:4326): ``code, name, label_lon, label_lat, geometry``, sorted by
    code; filters as in :func:`layer_geojson`."""
    # deferred: geopandas: 16 MB (benchmarks/bench_imports.py); only geometry needs it, not distances or labels
    import geopandas as gpd

    data = layer_geojson(level, province, provinces=provinces, codes=codes, directory=directory)
    columns = ["code", "name", "label_lon", "label_lat", "geometry"]
    if not data["features"]:
        return gpd.GeoDataFrame(columns=columns, geometry="geometry", crs="EPSG:4326")
    frame = gpd.GeoDataFrame.from_features(data["features"], crs="EPSG:4326")
    return frame[columns].sort_values("code", ignore_index=True)


def kecamatan_features(codes: Iterable[str], directory: str | Path | None = None) -> list[dict[str, Any]]:
    """The bundled kecamatan features of ``codes`` (``64.71.01``...), for drawing over the kabupaten/kota layer;
    codes of a province without a bundled kecamatan layer, or not in it, are skipped."""
    wanted = {c for c in codes if isinstance(c, str) and c.count(".") == 2}
    out: list[dict[str, Any]] = []
    for province in sorted({c.split(".", 1)[0] for c in wanted} & set(KECAMATAN_PROVINCES)):
        out += layer_geojson("kecamatan", province, codes=wanted, directory=directory)["features"]
    return out


def with_kecamatan(geojson: dict[str, Any], codes: Iterable[str],
                   directory: str | Path | None = None) -> dict[str, Any]:
    """``geojson`` plus the bundled kecamatan features of those ``codes`` that are kecamatan codes (a new
    collection; ``geojson`` itself is not changed). Without any, ``geojson`` is returned as it is."""
    extra = kecamatan_features(codes, directory)
    if not extra:
        return geojson
    return {"type": "FeatureCollection", "features": [*geojson["features"], *extra]}


def attribution(directory: str | Path | None = None) -> str:
    """The bundled boundaries' attribution notice (``ATTRIBUTION.txt``), to show beside a map."""
    path = (Path(directory) if directory is not None else BOUNDARY_DIR) / "ATTRIBUTION.txt"
    if not path.exists():
        raise DataError(f"{path}: attribution file not found")
    return path.read_text(encoding="utf-8").strip()
