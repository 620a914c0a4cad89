"""The map page's choropleth (default): views, colour measures, legend and attribution, on the bundled data."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.apptest import open_app


def _map(**query: str) -> AppTest:
    # the scene these tests were written on (the default year follows the data)
    return open_app("app_pages/map.py", timeout=60, **{"year": "2025", **query})


def _figure(at: AppTest) -> dict:
    import json

    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def _polygon_codes(fig: dict, geo: str = "geo") -> list[str]:
    """The polygons drawn on one geo subplot (``geo`` the main map; the national view's insets ``geo2``...)."""
    return [c for trace in fig["data"] if trace["type"] == "choropleth" and trace.get("geo", "geo") == geo
            for c in trace["locations"]]


def _legend(fig: dict) -> list[str]:
    return [t["name"] for t in fig["data"] if t["type"] == "scattergeo" and t.get("lat") == [None]]


def test_default_is_the_national_choropleth_by_spbe_band():
    at = _map()
    fig = _figure(at)
    codes = _polygon_codes(fig)
    assert len(codes) == 514 and len(set(codes)) == 514
    # the insets: the IKN buffers' province and Jabodetabek's, each polygon once
    assert {c.split(".")[0] for c in _polygon_codes(fig, "geo2")} == {"64"}
    assert {"32.76", "32.75", "36.71", "36.74", "32.71"} <= set(_polygon_codes(fig, "geo3"))
    assert len(set(_polygon_codes(fig, "geo3"))) == len(_polygon_codes(fig, "geo3"))
    assert _legend(fig) == ["Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan", "tidak ada data"]
    captions = " ".join(c.value for c in at.caption)
    assert "Cahya DSN" in captions and "idn-area-data" in captions


def test_kaltim_view_has_rings_and_only_east_kalimantan():
    at = _map()
    at.segmented_control(key="map_area").set_value("kaltim").run()
    assert not at.exception
    fig = _figure(at)
    codes = _polygon_codes(fig)
    assert codes and all(c.startswith("64.") for c in codes)
    names = [t.get("name") for t in fig["data"]]
    assert {"50 km", "100 km", "150 km", "200 km"} <= set(names)


def test_legend_in_english():
    fig = _figure(_map(lang="EN"))
    assert _legend(fig) == ["Poor", "Fair", "Good (national minimum target)", "Very good", "Excellent", "no data"]


def test_spbe_map_colours_every_region_with_a_published_value():
    # Balikpapan (3.05, 2022), Depok (4.32, 2024) and Kota Bekasi (3.83, 2024) have a published SPBE index but no
    # published predikat label: their band is worked out from the value, as on the results board
    fig = _figure(_map(year="2025"))
    banded = {c for t in fig["data"] if t["type"] == "choropleth" and t["name"] != "tidak ada data"
              for c in t["locations"]}
    assert {"64.71", "32.76", "32.75"} <= banded
    assert "64.71" in _band_locations(fig, "Baik") and "32.76" in _band_locations(fig, "Memuaskan")


def _band_locations(fig: dict, band: str) -> list[str]:
    return [c for t in fig["data"] if t["type"] == "choropleth" and t["name"] == band for c in t["locations"]]


def test_jakarta_view_and_colour_by_index():
    at = _map()
    at.segmented_control(key="map_area").set_value("jakarta").run()
    at.selectbox(key="map_colour").set_value("readiness").run()
    assert not at.exception
    fig = _figure(at)
    codes = _polygon_codes(fig)
    assert {c[:2] for c in codes} == {"31", "32", "36"}
    assert _legend(fig) == ["tidak ada data"]
    scored = [t for t in fig["data"] if t["type"] == "choropleth" and t.get("showscale")]
    assert scored and scored[0]["zmin"] == 0 and scored[0]["zmax"] == 100


def test_ombudsman_grade_changes_the_colouring():
    at = _map()
    spbe = _polygon_codes(_figure(at))
    at.selectbox(key="map_colour").set_value("band:ombudsman_compliance_score").run()
    fig = _figure(at)
    grades = [f"{g} – Kualitas {q}" for g, q in (("E", "Terendah (Zona Merah)"), ("D", "Rendah (Zona Merah)"),
                                                ("C", "Sedang (Zona Kuning)"), ("B", "Tinggi (Zona Hijau)"),
                                                ("A", "Tertinggi (Zona Hijau)"))]
    assert _legend(fig) == [*grades, "tidak ada data"]  # the band table's names
    assert "64.71" in _band_locations(fig, grades[-1])
    # Depok's 2025 score (a new method, Peraturan Ombudsman 61/2025, without published bands) has no band: grey
    assert "32.76" in _band_locations(fig, "tidak ada data")
    assert sorted(_polygon_codes(fig)) == sorted(spbe)
