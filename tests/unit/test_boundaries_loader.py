"""Unit tests of readiness.geo.boundaries on a tiny hand-made layer folder (not the bundled data)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.errors import DataError
from readiness.geo.boundaries import (
    attribution,
    kecamatan_features,
    layer_geojson,
    layer_path,
    load_layer,
    with_kecamatan,
)


def _square(x: float, y: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    features = [{"type": "Feature", "geometry": _square(i, 0),
                 "properties": {"code": code, "name": name, "label_lon": i + 0.5, "label_lat": 0.5}}
                for i, (code, name) in enumerate([("64.71", "Kota A"), ("32.76", "Kota B"), ("31.71", "Kota C")])]
    (tmp_path / "kabkota.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    (tmp_path / "kecamatan_64.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": _square(0, 0),
         "properties": {"code": "64.71.01", "name": "Kec A", "label_lon": 0.5, "label_lat": 0.5}}]}))
    (tmp_path / "ATTRIBUTION.txt").write_text("Boundaries by someone, MIT\n")
    return tmp_path


def test_geojson_filters_by_province_and_code(folder):
    assert len(layer_geojson(directory=folder)["features"]) == 3
    kept = layer_geojson(provinces=["32", "31"], directory=folder)
    assert [f["properties"]["code"] for f in kept["features"]] == ["32.76", "31.71"]
    kept = layer_geojson(provinces=["32", "31"], codes=["31.71"], directory=folder)
    assert [f["properties"]["code"] for f in kept["features"]] == ["31.71"]


def test_without_geometry_the_features_keep_their_properties_only(folder):
    full = layer_geojson(directory=folder)
    bare = layer_geojson(directory=folder, geometry=False)
    assert [f["properties"] for f in bare["features"]] == [f["properties"] for f in full["features"]]
    assert all(f["geometry"] is None for f in bare["features"])
    assert all(f["geometry"] is not None for f in full["features"])
    kept = layer_geojson(provinces=["31"], directory=folder, geometry=False)
    assert [(f["properties"]["code"], f["geometry"]) for f in kept["features"]] == [("31.71", None)]


def test_names_and_label_points_come_from_the_labels_file_while_it_matches_the_layer(folder, monkeypatch):
    from readiness.geo import boundaries

    path = boundaries.layer_path(directory=folder)
    expected = [f["properties"] for f in layer_geojson(directory=folder)["features"]]
    assert boundaries.read_labels(path) is None  # no labels file yet
    boundaries.write_labels(path)
    assert boundaries.read_labels(path) == expected
    with monkeypatch.context() as m:  # the polygons are not parsed at all
        m.setattr(boundaries, "_read_geojson", lambda p: pytest.fail("parsed the layer"))
        bare = layer_geojson(directory=folder, provinces=["32", "31"], geometry=False)
    assert [f["properties"] for f in bare["features"]] == [p for p in expected if p["code"][:2] in ("32", "31")]
    assert all(f["geometry"] is None for f in bare["features"])
    path.write_text(path.read_text().replace("Kota B", "Kota Bee"))  # the layer changed: the labels are stale
    assert boundaries.read_labels(path) is None
    assert "Kota Bee" in json.dumps(layer_geojson(directory=folder, geometry=False))


def test_each_call_returns_a_new_dict(folder):
    first = layer_geojson(directory=folder)
    first["features"].clear()
    assert len(layer_geojson(directory=folder)["features"]) == 3


def test_load_layer_frame_sorted_by_code(folder):
    frame = load_layer(directory=folder)
    assert list(frame["code"]) == ["31.71", "32.76", "64.71"]
    assert list(frame.columns) == ["code", "name", "label_lon", "label_lat", "geometry"]
    assert frame.crs.to_epsg() == 4326
    assert frame.loc[frame["code"] == "64.71", "geometry"].iloc[0].area == pytest.approx(1.0)


def test_load_layer_empty_selection(folder):
    frame = load_layer(codes=["99.99"], directory=folder)
    assert len(frame) == 0
    assert "geometry" in frame.columns


def test_kecamatan_layer_and_errors(folder):
    assert load_layer("kecamatan", "64", directory=folder)["code"].tolist() == ["64.71.01"]
    with pytest.raises(DataError, match="no bundled kecamatan layer for province '35'"):
        layer_path("kecamatan", "35", directory=folder)
    with pytest.raises(DataError, match="bundled boundary file not found"):
        layer_path("kecamatan", "32", directory=folder)
    with pytest.raises(DataError, match="unknown boundary level 'desa'"):
        layer_path("desa", directory=folder)  # type: ignore[arg-type]


def test_bad_json_is_a_data_error(tmp_path):
    (tmp_path / "kabkota.geojson").write_text("{not json")
    with pytest.raises(DataError, match=r"kabkota\.geojson: not a GeoJSON file"):
        layer_geojson(directory=tmp_path)


def test_attribution(folder):
    assert attribution(folder) == "Boundaries by someone, MIT"


def test_import_does_not_load_geopandas():
    code = "import sys, readiness.geo.boundaries; print('geopandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "False"


def test_kecamatan_features_only_bundled_and_known(folder):
    feats = kecamatan_features(["64.71.01", "64.71.99", "35.78.01", "64.71", "64.71.01.1001"], directory=folder)
    assert [f["properties"]["code"] for f in feats] == ["64.71.01"]
    assert kecamatan_features([], directory=folder) == []


def test_with_kecamatan_adds_only_kecamatan_and_keeps_input(folder):
    base = layer_geojson(directory=folder)
    same = with_kecamatan(base, ["64.71", "32.76"], directory=folder)
    assert same is base
    more = with_kecamatan(base, ["64.71.01"], directory=folder)
    assert [f["properties"]["code"] for f in more["features"]] == ["64.71", "32.76", "31.71", "64.71.01"]
    assert len(base["features"]) == 3
