"""The bundled boundaries (data/boundaries/): complete, valid, a clean coverage, within budget, true to size and
place."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import shape

from readiness.geo.boundaries import BOUNDARY_DIR, KECAMATAN_PROVINCES, layer_geojson, layer_path
from readiness.model.datasets import DATA_DIR
from readiness.model.register import load_register

#: Size budgets (bytes) of the bundled files.
BUDGETS = {"kabkota.geojson": 1_500_000, **{f"kecamatan_{p}.geojson": 1_500_000 for p in KECAMATAN_PROVINCES}}
LAYERS = [("kabkota", None), *(("kecamatan", p) for p in KECAMATAN_PROVINCES)]


def _geoms(data: dict) -> tuple[list[str], np.ndarray]:
    codes = [f["properties"]["code"] for f in data["features"]]
    return codes, np.asarray([shape(f["geometry"]) for f in data["features"]], dtype=object)


@pytest.fixture(scope="module", params=LAYERS, ids=lambda p: p[0] if p[1] is None else f"kecamatan_{p[1]}")
def layer(request):
    level, province = request.param
    return level, province, layer_geojson(level, province)


def test_national_layer_has_all_514_codes_once():
    codes, _ = _geoms(layer_geojson("kabkota"))
    assert len(codes) == 514
    assert len(set(codes)) == 514
    assert set(codes) == set(load_register().codes("regency"))


@pytest.mark.parametrize("province", KECAMATAN_PROVINCES)
def test_kecamatan_layer_matches_register(province):
    codes, _ = _geoms(layer_geojson("kecamatan", province))
    assert len(codes) == len(set(codes))
    expected = {c for c in load_register().codes("district") if c.startswith(province + ".")}
    assert set(codes) == expected


def test_every_polygon_is_valid_and_not_empty(layer):
    _, geoms = _geoms(layer[2])
    assert shapely.is_valid(geoms).all()
    assert not shapely.is_empty(geoms).any()
    assert set(shapely.get_type_id(geoms)) <= {3, 6}  # Polygon, MultiPolygon


def test_neighbours_neither_overlap_nor_mismatch(layer):
    _, geoms = _geoms(layer[2])
    assert shapely.coverage_is_valid(geoms)


@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_file_within_budget(name):
    assert (BOUNDARY_DIR / name).stat().st_size <= BUDGETS[name]


def test_licence_and_attribution_beside_the_files():
    assert "MIT License" in (BOUNDARY_DIR / "LICENSE").read_text(encoding="utf-8")
    attribution = (BOUNDARY_DIR / "ATTRIBUTION.txt").read_text(encoding="utf-8")
    assert "Cahya DSN" in attribution
    assert "3c5a7960f4d227a38489094d84252bdbb3f978a5" in attribution


def test_label_points_lie_inside_their_region(layer):
    for feature in layer[2]["features"]:
        props = feature["properties"]
        point = shapely.Point(props["label_lon"], props["label_lat"])
        assert shape(feature["geometry"]).contains(point), props["code"]


# Official areas (km²) and where they are stated. The outlines are simplified display outlines and official
# figures differ between publishers (land only or with inland water, survey year), so the tolerance is 5 %.
OFFICIAL_AREAS = [
    # "luas wilayah mencapai 843,48 KM2, yang terdiri atas 503,30 KM2 daratan" (land area used)
    ("64.71", 503.30, "Pemerintah Kota Balikpapan, Selayang Pandang, https://web.balikpapan.go.id/detail/read/98"),
    # "dengan luas kurang lebih 20.029 Ha"
    ("32.76", 200.29, "Bappeda Kota Depok, Satu Data, http://satudata.bappeda.depok.go.id/"),
    # "Kabupaten Kutai Kartanegara memiliki luas wilayah sebesar 27.263,10 kilometer persegi" (citing the
    # regency's official site)
    ("64.02", 27263.10, "infokaltim.com, Profil Kutai Kartanegara, http://infokaltim.com/id/berita/"
                        "profil-kutai-kartanegara-salah-satu-lokasi-ibu-kota-baru-di-kalimantan-timur"),
    # "Kota ini memiliki luas wilayah 718 kilometer persegi"; infobox "Total 718 km2"
    ("64.72", 718.0, "Wikipedia bahasa Indonesia, Kota Samarinda, https://id.m.wikipedia.org/wiki/Kota_Samarinda"),
]
AREA_TOLERANCE = 0.05


@pytest.mark.parametrize(("code", "official_km2", "source"), OFFICIAL_AREAS, ids=[a[0] for a in OFFICIAL_AREAS])
def test_area_close_to_official(code, official_km2, source):
    data = layer_geojson("kabkota", codes=[code])
    (feature,) = data["features"]
    area_m2, _ = Geod(ellps="WGS84").geometry_area_perimeter(shape(feature["geometry"]))
    assert abs(area_m2) / 1e6 == pytest.approx(official_km2, rel=AREA_TOLERANCE), source


def test_each_region_point_lies_in_its_own_polygon():
    regions = pd.read_csv(DATA_DIR / "regions.csv", dtype=str, keep_default_na=False)
    located = regions[(regions["lat"] != "") & (regions["kind"] != "reference")]
    assert len(located) >= 10
    codes, geoms = _geoms(layer_geojson("kabkota"))
    tree = shapely.STRtree(geoms)
    for row in located.itertuples():
        point = shapely.Point(float(row.lon), float(row.lat))
        hits = [codes[i] for i in tree.query(point, predicate="within")]
        assert hits == [row.code], (row.code, row.name, hits)


@pytest.mark.parametrize(("ref", "code"), [("ref.ikn", "64.09"), ("ref.jakarta", "31.71")])
def test_reference_points_in_the_right_kabkota(ref, code):
    """IKN's core (Istana Garuda) lies in Penajam Paser Utara; Monas in Jakarta Pusat."""
    regions = pd.read_csv(DATA_DIR / "regions.csv", dtype=str, keep_default_na=False).set_index("code")
    point = shapely.Point(float(regions.at[ref, "lon"]), float(regions.at[ref, "lat"]))
    codes, geoms = _geoms(layer_geojson("kabkota"))
    assert [c for c, g in zip(codes, geoms, strict=True) if g.contains(point)] == [code]


def test_layer_path_points_at_the_files():
    assert layer_path("kabkota").name == "kabkota.geojson"
    assert json.loads(layer_path("kecamatan", "64").read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_static_copy_served_by_the_app_is_identical():
    static = DATA_DIR.parent / "static" / "boundaries"
    assert (static / "kabkota.geojson").read_bytes() == (BOUNDARY_DIR / "kabkota.geojson").read_bytes()
    assert (static / "LICENSE").read_bytes() == (BOUNDARY_DIR / "LICENSE").read_bytes()
    assert (static / "ATTRIBUTION.txt").read_bytes() == (BOUNDARY_DIR / "ATTRIBUTION.txt").read_bytes()


def test_national_labels_file_is_the_layers_own():
    from readiness.geo.boundaries import read_labels

    path = layer_path("kabkota")
    labels = read_labels(path)  # None if missing or written for another version of the layer
    assert labels == [f["properties"] for f in layer_geojson("kabkota")["features"]]
