"""Build data/boundaries/: the bundled kabupaten/kota and kecamatan outlines, from cahyadsn/wilayah_boundaries.

Reads the SQL dumps in ``../shared/reference/boundaries/{kab,kec}/`` (MIT, Cahya DSN; see that folder's README:
each point is written **latitude first**), and writes, keyed by the dotted Kemendagri code:

- ``kabkota.geojson``: all 514 kabupaten/kota of Indonesia (size budget 1.5 MB), and ``kabkota.labels.json``: its
  codes, names and label points with the layer's SHA-256 (the app reads these without parsing the polygons);
- ``kecamatan_NN.geojson``: the kecamatan of East Kalimantan (64), West Java (32) and Banten (36) (1.5 MB each);
- a byte-identical copy of ``kabkota.geojson`` (with its licence) in ``static/boundaries/``, which the app serves
  itself, so the national map names that URL instead of sending the polygons on every rerun.

Steps, the same for each layer:

1. **Parse.** A region's path is a list of polygons, each a list of rings (latitude first). Rings are combined by
   the even-odd rule (symmetric difference), so a ring inside another is a hole (Kota Bogor inside Kabupaten
   Bogor) and a ring outside it a separate part (the source writes some islands that way, e.g. Kabupaten Sorong).
   Each region is made valid (``shapely.make_valid``).
2. **Clean the coverage** (``shapely.coverage_clean``, GEOS >= 3.14): the source polygons were simplified one by
   one, so neighbours overlap or leave slivers; cleaning assigns each overlap to one neighbour, fills gaps narrower
   than ``gap_width`` and makes shared edges identical.
3. **Drop small islands**: a part smaller than ``min_island`` square degrees (about 12 300 km² per square degree
   at the equator) that touches no other region is dropped, unless it is the region's largest part (so Kepulauan
   Seribu keeps its largest island).
4. **Simplify the coverage** (``shapely.coverage_simplify``, Visvalingam-Whyatt): shared edges are simplified
   once, so neighbours neither gap nor overlap after simplification.
5. **Round** coordinates to ``digits`` decimals (4 = about 11 m); a shared vertex rounds the same on both sides. A
   region made invalid by rounding is repaired (cleaned again without snapping, then rounded again).
6. **Check** every output polygon is valid and non-empty, the layer is still a valid coverage, each code appears
   once, the file is within its budget, and every code is in the national register (``data/register/``): codes
   in one and not the other, and names that differ, are printed and written into ``data/boundaries/README.md``.

Each feature carries ``code``, ``name`` (as in the source), and ``label_lon``/``label_lat``: a point well inside
the region's largest part (``shapely.ops.polylabel``), for map labels.

Usage, from the repository root (as a module, so that ``readiness`` is importable)::

    .venv/bin/python -m scripts.build_boundaries [--source ../shared/reference/boundaries] [--out data/boundaries]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.ops import polylabel

from readiness.geo.boundaries import write_labels
from readiness.model.register import load_register, name_mismatches

ROOT = Path(__file__).resolve().parent.parent
#: ``../shared/reference/boundaries`` beside the checkout (one level further up from a worktree under ``wt/``).
_CANDIDATES = [p / "shared" / "reference" / "boundaries" for p in (ROOT.parent, ROOT.parent.parent)]
SOURCE = next((p for p in _CANDIDATES if p.exists()), _CANDIDATES[0])
OUT = ROOT / "data" / "boundaries"
#: A copy of the national layer that the app serves itself (Streamlit static files), so the browser loads it once.
STATIC = ROOT / "static" / "boundaries"
#: The source's commit (see the source folder's README).
SOURCE_COMMIT = "3c5a7960f4d227a38489094d84252bdbb3f978a5"
SOURCE_REPO = "https://github.com/cahyadsn/wilayah_boundaries"
KECAMATAN_PROVINCES = ("64", "32", "36")
_ROW = re.compile(r"^\s*\('([\d.]+)','((?:[^']|'')*)',(-?[\d.]+),(-?[\d.]+),'(.*)'\)[,;]\s*$")


@dataclass(frozen=True)
class LayerSpec:
    """How one layer is built: its parameters (degrees) and its size budget (bytes)."""

    name: str
    files: str
    level: str
    gap_width: float
    min_island: float
    tolerance: float
    digits: int
    budget: int


NATIONAL = LayerSpec("kabkota", "kab/wilayah_boundaries_kab_*.sql", "regency", gap_width=0.01, min_island=0.0005,
                     tolerance=0.005, digits=4, budget=1_500_000)


def kecamatan_spec(province: str) -> LayerSpec:
    """The kecamatan layer of one province."""
    return LayerSpec(f"kecamatan_{province}", f"kec/wilayah_boundaries_kec_{province}.sql", "district",
                     gap_width=0.002, min_island=0.00005, tolerance=0.001, digits=5, budget=1_500_000)


def _rows(source: Path, pattern: str) -> Iterator[tuple[str, str, str]]:
    """``(code, name, path)`` of every INSERT row in the files matching ``pattern``."""
    files = sorted(source.glob(pattern))
    if not files:
        raise SystemExit(f"{source}/{pattern}: no files")
    for file in files:
        with file.open(encoding="utf-8") as fh:
            for line in fh:
                match = _ROW.match(line)
                if match:
                    code, name, _lat, _lng, path = match.groups()
                    yield code, name.replace("''", "'"), path


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Only the polygons of ``geom`` (make_valid can return lines and points too), as one (Multi)Polygon."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _depth(value: object) -> int:
    depth = 0
    while isinstance(value, list) and value:
        depth += 1
        value = value[0]
    return depth


def parse_path(path: str) -> shapely.Geometry:
    """A source path (JSON, ``[lat, lng]`` points; a Polygon's or a MultiPolygon's rings) as a valid geometry.

    Rings are combined by the even-odd rule, so holes and separately written parts both come out right."""
    data = json.loads(path)
    polygons = [data] if _depth(data) == 3 else data
    pieces = []
    for rings in polygons:
        geom = None
        for ring in rings:
            if len(ring) < 3:
                continue
            xy = [(float(p[1]), float(p[0])) for p in ring]
            if xy[0] != xy[-1]:
                xy.append(xy[0])
            if len(xy) < 4:
                continue
            ring_poly = _polygonal(shapely.make_valid(shapely.Polygon(xy)))
            geom = ring_poly if geom is None else shapely.symmetric_difference(geom, ring_poly)
        if geom is not None:
            pieces.append(_polygonal(geom))
    return _polygonal(shapely.union_all(pieces)) if pieces else shapely.Polygon()


def read_layer(source: Path, pattern: str) -> pd.DataFrame:
    """``code, name, geometry`` (shapely, EPSG:4326 lon/lat) of every region in the source files."""
    rows = [(code, name, parse_path(path)) for code, name, path in _rows(source, pattern)]
    return pd.DataFrame(rows, columns=["code", "name", "geometry"])


def _drop_small_islands(geoms: np.ndarray, min_area: float) -> np.ndarray:
    """Drop parts below ``min_area`` that touch no other region, keeping each region's largest part."""
    tree = shapely.STRtree(geoms)
    out = []
    for i, geom in enumerate(geoms):
        parts = shapely.get_parts(geom)
        if len(parts) <= 1:
            out.append(geom)
            continue
        areas = shapely.area(parts)
        keep = []
        for j, part in enumerate(parts):
            if areas[j] >= min_area or j == int(np.argmax(areas)):
                keep.append(part)
                continue
            touching = [k for k in tree.query(part, predicate="intersects") if k != i]
            if touching:
                keep.append(part)
        out.append(keep[0] if len(keep) == 1 else shapely.MultiPolygon(keep))
    return np.asarray(out, dtype=object)


def _round(geoms: np.ndarray, digits: int) -> np.ndarray:
    return shapely.transform(geoms, lambda xy: np.round(xy, digits))


def simplify_layer(frame: pd.DataFrame, spec: LayerSpec) -> pd.DataFrame:
    """Clean, drop small islands, simplify as a coverage and round: steps 2-5 of the module docstring."""
    geoms = np.asarray(frame["geometry"].to_list(), dtype=object)
    geoms = shapely.coverage_clean(geoms, gap_width=spec.gap_width)
    geoms = _drop_small_islands(geoms, spec.min_island)
    geoms = shapely.coverage_simplify(geoms, spec.tolerance)
    geoms = _round(geoms, spec.digits)
    if not shapely.is_valid(geoms).all() or not shapely.coverage_is_valid(geoms):
        geoms = _round(shapely.coverage_clean(geoms, snapping_distance=0.0), spec.digits)
    return frame.assign(geometry=list(geoms))


def _label_point(geom: shapely.Geometry) -> tuple[float, float]:
    parts = shapely.get_parts(geom)
    largest = parts[int(np.argmax(shapely.area(parts)))]
    point = polylabel(largest, tolerance=0.001)
    return round(point.x, 4), round(point.y, 4)


def to_geojson(frame: pd.DataFrame) -> str:
    """A compact GeoJSON FeatureCollection, features sorted by code."""
    features = []
    for row in frame.sort_values("code").itertuples(index=False):
        lon, lat = _label_point(row.geometry)
        features.append({"type": "Feature",
                         "properties": {"code": row.code, "name": row.name, "label_lon": lon, "label_lat": lat},
                         "geometry": shapely.geometry.mapping(row.geometry)})
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"),
                      ensure_ascii=False)


def check_layer(frame: pd.DataFrame, spec: LayerSpec, size: int) -> list[str]:
    """Problems that make the layer unusable (the script stops on any)."""
    geoms = np.asarray(frame["geometry"].to_list(), dtype=object)
    problems = []
    dup = frame.loc[frame["code"].duplicated(), "code"].tolist()
    if dup:
        problems.append(f"{spec.name}: codes appear more than once: {', '.join(dup)}")
    bad = frame.loc[~shapely.is_valid(geoms) | shapely.is_empty(geoms), "code"].tolist()
    if bad:
        problems.append(f"{spec.name}: invalid or empty polygons: {', '.join(bad)}")
    if not shapely.coverage_is_valid(geoms):
        problems.append(f"{spec.name}: neighbours overlap or their edges do not match")
    if size > spec.budget:
        problems.append(f"{spec.name}: {size:,} bytes, over the budget of {spec.budget:,}")
    return problems


def register_report(frame: pd.DataFrame, spec: LayerSpec, prefix: str | None = None) -> list[str]:
    """Markdown lines: codes in the layer and not in the register, and the reverse, and names that differ."""
    register = load_register()
    expected = {c for c in register.codes(spec.level) if prefix is None or c.startswith(prefix + ".")}
    present = set(frame["code"])
    only_layer = sorted(present - expected)
    only_register = sorted(expected - present)
    names = name_mismatches(frame[frame["code"].isin(expected)], register)
    lines = [f"- `{spec.name}.geojson`: {len(present)} codes; register ({spec.level}"
             f"{'' if prefix is None else ', province ' + prefix}): {len(expected)}; in both: "
             f"{len(present & expected)}."]
    lines.append("  - in the boundaries, not in the register: " + (", ".join(only_layer) or "none"))
    only_register_named = [f"{c} {register.name(c)}" for c in only_register]
    lines.append("  - in the register, not in the boundaries: " + (", ".join(only_register_named) or "none"))
    if len(names):
        shown = "; ".join(f"{r.code} {r.name!r} (register {r.register_name!r})" for r in names.itertuples())
        lines.append(f"  - names that differ ({len(names)}): {shown}")
    else:
        lines.append("  - names that differ: none (compared ignoring case, accents and spacing)")
    return lines


def _write_report(out: Path, lines: list[str]) -> None:
    readme = out / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.exists() else "<!-- report:start -->\n<!-- report:end -->\n"
    block = "<!-- report:start -->\n" + "\n".join(lines) + "\n<!-- report:end -->"
    text = re.sub(r"<!-- report:start -->.*<!-- report:end -->", lambda _: block, text, flags=re.S)
    readme.write_text(text, encoding="utf-8")


def build(source: Path = SOURCE, out: Path = OUT, static: Path | None = STATIC) -> list[str]:
    """Build every layer into ``out`` (and copy the national layer with its licence into ``static``); return the
    report lines (also written into ``out/README.md``)."""
    out.mkdir(parents=True, exist_ok=True)
    specs = [(NATIONAL, None), *((kecamatan_spec(p), p) for p in KECAMATAN_PROVINCES)]
    report = []
    problems: list[str] = []
    for spec, prefix in specs:
        raw = read_layer(source, spec.files)
        layer = simplify_layer(raw, spec)
        text = to_geojson(layer)
        size = len(text.encode("utf-8"))
        problems += check_layer(layer, spec, size)
        coords_in = int(shapely.get_num_coordinates(np.asarray(raw["geometry"].to_list(), dtype=object)).sum())
        coords_out = int(shapely.get_num_coordinates(np.asarray(layer["geometry"].to_list(), dtype=object)).sum())
        (out / f"{spec.name}.geojson").write_text(text, encoding="utf-8")
        if spec is NATIONAL:  # its names and label points, read by the app without the polygons
            write_labels(out / f"{spec.name}.geojson")
        report += register_report(layer, spec, prefix)
        report.append(f"  - file: {size:,} bytes (budget {spec.budget:,}); {coords_in:,} -> {coords_out:,} "
                      f"vertices; coverage simplified at {spec.tolerance:g}°, gaps under {spec.gap_width:g}° "
                      f"filled, isolated islands under {spec.min_island:g} deg² dropped, {spec.digits} decimals")
    shutil.copyfile(source / "LICENSE", out / "LICENSE")
    (out / "ATTRIBUTION.txt").write_text(
        "Administrative boundaries of Indonesia (kabupaten/kota; kecamatan of Kalimantan Timur, Jawa Barat, Banten)\n"
        f"from {SOURCE_REPO} (commit {SOURCE_COMMIT}),\n"
        "copyright (c) 2024 Cahya DSN, MIT licence (LICENSE in this folder).\n"
        "Codes and names follow Kepmendagri No 300.2.2-2430 Tahun 2025. Simplified for display by\n"
        "scripts/build_boundaries.py; administrative outlines for display, not survey-grade boundaries.\n",
        encoding="utf-8")
    _write_report(out, report)
    if static is not None:
        static.mkdir(parents=True, exist_ok=True)
        for name in ("kabkota.geojson", "LICENSE", "ATTRIBUTION.txt"):
            shutil.copyfile(out / name, static / name)
    if problems:
        raise SystemExit("\n".join(problems))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--static", type=Path, default=STATIC, help="where the app serves the national layer from")
    args = parser.parse_args(argv)
    print("\n".join(build(args.source, args.out, args.static)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
