"""Unit tests of readiness.display.choropleth on tiny hand-made polygons (synthetic values, not the bundled data)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from readiness.display.choropleth import (
    CHOROPLETH_VIEWS,
    NO_DATA_COLOR,
    band_colors,
    build_choropleth,
    place_labels,
    ring_lines,
    view_height,
    view_provinces,
)
from readiness.display.theme import band_palette

KALTIM = CHOROPLETH_VIEWS["kaltim"]


def _square(code: str, name: str, x: float, y: float, size: float = 0.4) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": {"code": code, "name": name, "label_lon": x + size / 2, "label_lat": y + size / 2}}


@pytest.fixture
def geojson() -> dict:
    return {"type": "FeatureCollection", "features": [
        _square("64.71", "Kota A", 116.0, -1.5), _square("64.72", "Kota B", 117.0, -0.5),
        _square("64.74", "Kota C", 117.5, 0.5), _square("64.09", "Kab D", 115.0, -1.0),
    ]}


@pytest.fixture
def values() -> pd.DataFrame:
    # synthetic figures for the tests only
    return pd.DataFrame({"code": ["64.71", "64.72", "64.74", "99.99"], "value": [3.05, 4.3, np.nan, 1.0],
                         "band": ["Baik", "Memuaskan", "Cukup", "Baik"], "year": [2024, 2023, 2022, 2024],
                         "source": ["KemenPANRB 2024", "KemenPANRB 2023", "src", "x"],
                         "label": ["A", "B", "C", "Z"]})


BANDS = ["Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan"]


def _choropleths(fig: go.Figure) -> list:
    return [t for t in fig.data if t.type == "choropleth"]


def _locations(fig: go.Figure) -> dict[str, list[str]]:
    return {t.name: list(t.locations) for t in _choropleths(fig)}


def test_bands_one_trace_each_and_every_polygon_once(geojson, values):
    fig = build_choropleth(geojson, values, "en", view="kaltim", bands=BANDS)
    locs = _locations(fig)
    assert locs == {"no data": ["64.09"], "Cukup": ["64.74"], "Baik": ["64.71"], "Memuaskan": ["64.72"]}
    drawn = [c for codes in locs.values() for c in codes]
    assert sorted(drawn) == sorted(f["properties"]["code"] for f in geojson["features"])
    for trace in _choropleths(fig):  # each trace carries only its own features: the layer is sent once
        assert [f["properties"]["code"] for f in trace.geojson["features"]] == list(trace.locations)


def test_legend_lists_every_band_in_order_then_no_data(geojson, values):
    fig = build_choropleth(geojson, values, "id", view="kaltim", bands=BANDS)
    legend = [t.name for t in fig.data if t.type == "scattergeo" and t.showlegend is not False and t.lat == (None,)]
    assert legend == [*BANDS, "tidak ada data"]


def test_no_data_is_light_grey_and_not_a_band_colour(geojson, values):
    fig = build_choropleth(geojson, values, "en", view="kaltim", bands=BANDS)
    (grey,) = [t for t in _choropleths(fig) if t.name == "no data"]
    assert grey.colorscale[0][1] == NO_DATA_COLOR
    assert NO_DATA_COLOR not in band_palette(len(BANDS))


def test_band_colours_can_be_given(geojson, values):
    fig = build_choropleth(geojson, values, "en", view="kaltim", bands=["Cukup", "Baik", "Memuaskan"],
                           band_colors={"Baik": "#228833"})
    (baik,) = [t for t in _choropleths(fig) if t.name == "Baik"]
    assert baik.colorscale[0][1] == "#228833"


def test_band_colours_come_from_each_band_place_in_its_table(geojson, values):
    # two tables of different lengths in one legend: each band coloured by its rank among its own table's bands
    legend = pd.DataFrame({"band": ["Low", "High", "E", "D", "C", "B", "A"], "rank": [0, 1, 0, 1, 2, 3, 4],
                           "n_bands": [2, 2, 5, 5, 5, 5, 5]})
    colours = band_colors(legend)
    assert colours["Low"] == colours["E"] == band_palette(5)[0]
    assert colours["High"] == colours["A"] == band_palette(5)[-1]
    assert [colours[b] for b in "EDCBA"] == band_palette(5)
    fig = build_choropleth(geojson, values.assign(band=["High", "C", "Low", "A"]), "en", view="kaltim",
                           bands=list(legend["band"]), band_colors=colours)
    assert {t.name: t.colorscale[0][1] for t in _choropleths(fig) if t.name != "no data"} == {
        "High": band_palette(5)[-1], "C": band_palette(5)[2], "Low": band_palette(5)[0]}


def test_band_not_in_the_list_counts_as_no_data(geojson, values):
    fig = build_choropleth(geojson, values, "en", view="kaltim", bands=["Baik"])
    assert sorted(_locations(fig)["no data"]) == ["64.09", "64.72", "64.74"]


def test_continuous_colours_by_value_with_a_colour_bar(geojson, values):
    fig = build_choropleth(geojson, values, "en", view="kaltim", zrange=(0, 5), value_label="SPBE")
    (scored,) = [t for t in _choropleths(fig) if t.name == "SPBE"]
    assert list(scored.locations) == ["64.71", "64.72"]
    assert list(scored.z) == [3.05, 4.3]
    assert (scored.zmin, scored.zmax) == (0, 5)
    assert scored.colorbar.title.text == "SPBE"
    assert sorted(_locations(fig)["no data"]) == ["64.09", "64.74"]  # NaN value = no data, not 0


def test_hover_has_value_year_band_source_in_the_language(geojson, values):
    fig = build_choropleth(geojson, values, "id", view="kaltim", bands=BANDS, value_label="Indeks SPBE")
    (baik,) = [t for t in _choropleths(fig) if t.name == "Baik"]
    assert baik.hovertext[0] == "<b>Kota A</b><br>Indeks SPBE: 3,05 (2024)<br>Kategori: Baik<br>Sumber: KemenPANRB 2024"
    (grey,) = [t for t in _choropleths(fig) if t.name == "tidak ada data"]
    assert grey.hovertext[0] == "<b>Kab D</b><br>tidak ada data"
    fig_en = build_choropleth(geojson, values, "en", view="kaltim", bands=BANDS)
    (cukup,) = [t for t in _choropleths(fig_en) if t.name == "Cukup"]
    assert cukup.hovertext[0] == "<b>Kota C</b><br>Year: 2022<br>Band: Cukup<br>Source: src"


def test_polygons_carry_their_code_for_clicks(geojson, values):
    fig = build_choropleth(geojson, values, "en", view="kaltim", bands=BANDS)
    for trace in _choropleths(fig):
        assert list(trace.customdata) == list(trace.locations)


def test_labels_use_short_names_for_regions_with_data(geojson, values):
    fig = build_choropleth(geojson, values, "en", view="kaltim", bands=BANDS)
    (labels,) = [t for t in fig.data if t.name == "labels"]
    assert sorted(labels.text) == ["A", "B", "C"]
    assert list(labels.customdata) == [{"A": "64.71", "B": "64.72", "C": "64.74"}[t] for t in labels.text]


def test_rings_and_places_drawn_over_polygons(geojson, values):
    circle = np.linspace(0, 2 * np.pi, 9)
    rings = [(50.0, list(116.7 + 0.45 * np.cos(circle)), list(-0.96 + 0.45 * np.sin(circle)))]
    places = pd.DataFrame({"name": ["IKN"], "lat": [-0.96], "lon": [116.69]})
    fig = build_choropleth(geojson, values, "en", view="kaltim", bands=BANDS, rings=rings, places=places)
    names = [t.name for t in fig.data]
    last_polygon = max(i for i, t in enumerate(fig.data) if t.type == "choropleth")
    assert names.index("50 km") > last_polygon
    assert names.index("Reference places") > last_polygon
    assert fig.data[names.index("50 km label")].text == ("50 km",)


def test_figure_is_offline_and_json_serialisable(geojson, values):
    fig = build_choropleth(geojson, values, "en", view="national", bands=BANDS)
    text = fig.to_json()
    assert "http" not in text  # no URL anywhere: polygons inline, outlines from the app's own topojson
    assert json.loads(text)["layout"]["geo"]["projection"]["type"] == "mercator"
    assert fig.layout.template.layout.paper_bgcolor == "white"


def test_empty_values_draw_everything_grey(geojson):
    empty = pd.DataFrame({"code": [], "value": []})
    fig = build_choropleth(geojson, empty, "en", view="kaltim", bands=BANDS)
    assert len(_locations(fig)["no data"]) == 4
    assert not [t for t in fig.data if t.name == "labels"]


def test_input_not_mutated(geojson, values):
    before_geo = json.dumps(geojson)
    before_values = values.copy()
    build_choropleth(geojson, values, "en", view="kaltim", bands=BANDS)
    assert json.dumps(geojson) == before_geo
    pd.testing.assert_frame_equal(values, before_values)


def test_place_labels_same_point_keeps_only_the_first():
    labels = [("Kota Tangerang", 116.8, -0.5)] * 3
    assert place_labels(labels, KALTIM, width=1000, height=600) == [(0, "middle center")]


def test_place_labels_moves_a_crowded_label_below():
    # about 16 px apart on a 1000 x 600 map of the kaltim view: centred boxes would overlap
    labels = [("Alpha", 116.8, -0.5), ("Beta", 116.8, -0.6)]
    assert place_labels(labels, KALTIM, width=1000, height=600) == [(0, "middle center"), (1, "bottom center")]


def test_place_labels_far_apart_all_centred():
    labels = [("A", 115.0, -1.5), ("B", 118.0, 1.0)]
    assert place_labels(labels, KALTIM) == [(0, "middle center"), (1, "middle center")]


def test_place_labels_keeps_reserved_places_free():
    labels = [("Balikpapan", 116.8, -1.2), ("Samarinda", 117.15, -0.5)]
    assert place_labels(labels, KALTIM, reserved=[(116.8, -1.2)]) == [(1, "middle center")]
    # a reference place's own label (drawn below its star) is kept free too
    assert place_labels([("Monas", 116.8, -1.28)], KALTIM, reserved_labels=[("Jakarta (Monas)", 116.8, -1.2)]) \
        == []


def test_place_labels_outside_the_map_is_dropped():
    assert place_labels([("Far away", 100.0, 10.0)], KALTIM) == []


def test_band_palette_and_views():
    assert band_palette(0) == []
    assert len(set(band_palette(5))) == 5
    assert view_provinces("kaltim") == ("64",)
    assert view_provinces("jakarta") == ("31", "32", "36")
    assert view_provinces("national") is None


def test_ring_lines_from_a_table():
    from shapely.geometry import Point

    table = pd.DataFrame({"radius_km": [50]})
    table["geometry"] = [Point(116.7, -0.96).buffer(0.45)]

    class Frame(pd.DataFrame):  # the duck type ring_lines needs: radius_km and .geometry
        @property
        def geometry(self):
            return self["geometry"]

    ((radius, lons, lats),) = ring_lines(Frame(table))
    assert radius == 50.0
    assert len(lons) == len(lats) > 8
    assert max(lats) == pytest.approx(-0.96 + 0.45, abs=1e-9)


def test_kecamatan_drawn_over_their_city(geojson, values):
    inner = _square("64.71.01", "Kec A1", 116.1, -1.4, size=0.1)
    layer = {"type": "FeatureCollection", "features": [*geojson["features"], inner]}
    vals = pd.concat([values, pd.DataFrame({"code": ["64.71.01"], "value": [4.5], "band": ["Memuaskan"]})])
    fig = build_choropleth(layer, vals, "en", view="kaltim", bands=BANDS)
    order = [(t.name, tuple(t.locations)) for t in _choropleths(fig)]
    assert order[-1] == ("Memuaskan", ("64.71.01",))
    assert ("Baik", ("64.71",)) in order[:-1]
    fig = build_choropleth(layer, vals, "en", view="kaltim", zrange=(0, 5))
    scored = [t for t in _choropleths(fig) if t.name == "Value"]
    assert [tuple(t.locations) for t in scored] == [("64.71", "64.72"), ("64.71.01",)]
    assert [t.showscale for t in scored] == [True, False]


def test_geojson_url_replaces_inline_polygons(geojson, values):
    inner = _square("64.71.01", "Kec A1", 116.1, -1.4, size=0.1)
    layer = {"type": "FeatureCollection", "features": [*geojson["features"], inner]}
    fig = build_choropleth(layer, values, "en", view="kaltim", bands=BANDS, geojson_url="app/static/b/kab.geojson")
    upper = [t for t in _choropleths(fig) if "64.71.01" not in t.locations]
    assert sorted(t.name for t in upper) == ["Baik", "Cukup", "Memuaskan", "no data"]
    assert {t.geojson for t in upper} == {"app/static/b/kab.geojson"}
    (kec,) = [t for t in _choropleths(fig) if "64.71.01" in t.locations]
    assert kec.geojson["features"][0]["properties"]["code"] == "64.71.01"  # kecamatan stay inline
    assert len(fig.to_json()) < 20_000


@pytest.mark.parametrize("view", list(CHOROPLETH_VIEWS))
def test_figure_as_tall_as_its_extent_so_no_blank_band(geojson, values, view):
    fig = build_choropleth(geojson, values, "en", view=view, bands=BANDS, width_hint=800)
    main = CHOROPLETH_VIEWS[view]
    plot_height = fig.layout.height - fig.layout.margin.b - fig.layout.margin.t
    (y0, y1) = fig.layout.geo.domain.y
    # the main map's domain, in px, has the extent's own aspect at the given width: it fills its width exactly
    assert (y1 - y0) * plot_height == pytest.approx(800 * main.aspect, abs=1.0)
    assert fig.layout.height == view_height(view, 800)
    assert view_height(view, 1200) > view_height(view, 800)


def test_national_view_has_an_inset_per_cluster_with_its_own_polygons_and_title(geojson, values):
    jakarta = _square("32.76", "Kota Depok", 106.75, -6.45, size=0.1)
    layer = {"type": "FeatureCollection", "features": [*geojson["features"], jakarta]}
    vals = pd.concat([values, pd.DataFrame({"code": ["32.76"], "value": [4.3], "band": ["Memuaskan"],
                                            "label": ["Depok"]})], ignore_index=True)
    fig = build_choropleth(layer, vals, "id", view="national", bands=BANDS)
    by_geo: dict[str, set[str]] = {}
    for t in _choropleths(fig):
        by_geo.setdefault(t.geo or "geo", set()).update(t.locations)
    assert by_geo["geo"] == {"64.71", "64.72", "64.74", "64.09", "32.76"}
    assert by_geo["geo2"] == {"64.71", "64.72", "64.74", "64.09"}  # IKN buffers: East Kalimantan only
    assert by_geo["geo3"] == {"32.76"}  # Jabodetabek
    assert fig.layout.geo2.lonaxis.range == CHOROPLETH_VIEWS["kaltim"].lon
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["<b>Penyangga IKN (Kalimantan Timur)</b>", "<b>Penyangga Jakarta (Jabodetabek)</b>"]
    # insets sit below the main map, side by side, without overlapping it or each other
    assert max(fig.layout.geo2.domain.y) < min(fig.layout.geo.domain.y)
    assert max(fig.layout.geo2.domain.x) < min(fig.layout.geo3.domain.x)
    labelled = {t.geo or "geo": list(t.text) for t in fig.data if t.name == "labels"}
    assert "Depok" in labelled["geo3"]
    assert not labelled.get("geo")  # every region here is in an inset: named there, not as a speck on the main map


def test_label_codes_mapping_labels_regions_without_a_figure_too(geojson, values):
    fig = build_choropleth(geojson, values, "en", view="kaltim", bands=BANDS,
                           label_codes={"64.09": "Penajam", "64.71": None})
    (labels,) = [t for t in fig.data if t.name == "labels"]
    assert sorted(labels.text) == ["A", "Penajam"]  # 64.09 has no figure; 64.71 takes its label from values


def test_place_labels_tries_the_diagonals_before_giving_up():
    # 1000 x 600 px of the kaltim view: about 193.6 px per degree. A point 15 px left of the label's anchor blocks
    # the centre, above, below and left; one 30 px right and 12 px below blocks the right: the top right is free.
    px = 1 / 193.6
    cx, cy = 116.8, -0.5
    left, right_below = (cx - 15 * px, cy), (cx + 30 * px, cy - 12 * px)
    assert place_labels([("Kota X", cx, cy)], KALTIM, width=1000, height=600, reserved=[left]) \
        == [(0, "middle right")]
    assert place_labels([("Kota X", cx, cy)], KALTIM, width=1000, height=600, reserved=[left, right_below]) \
        == [(0, "top right")]


def test_place_labels_moves_an_earlier_label_to_make_room():
    # Balikpapan beside Penajam Paser Utara in the small inset: 31 px apart, 5 px higher. Centred, Balikpapan's box
    # leaves the long name no free position; moved to its right, both fit.
    px = 1 / 193.6
    labels = [("Balikpapan", 116.8, -0.5), ("Penajam Paser Utara", 116.8 - 31 * px, -0.5 - 5 * px)]
    assert place_labels(labels, KALTIM, width=1000, height=600, font_size=11) \
        == [(0, "middle right"), (1, "middle left")]
    # far enough apart, nothing moves
    labels[1] = ("Penajam Paser Utara", 116.8 - 40 * px, -0.5 - 5 * px)
    assert place_labels(labels, KALTIM, width=1000, height=600, font_size=11)[0] == (0, "middle center")


def test_place_labels_keeps_a_rings_distance_label_free():
    # a label 20 px above a ring's northernmost point clears the point itself, not the "50 km" written above it
    px = 1 / 193.6
    label = [("Kutai", 116.8, -0.5 + 20 * px)]
    assert place_labels(label, KALTIM, width=1000, height=600, reserved=[(116.8, -0.5)]) == [(0, "middle center")]
    with_ring_label = place_labels(label, KALTIM, width=1000, height=600, reserved=[(116.8, -0.5)],
                                   reserved_labels=[("50 km", 116.8, -0.5, "top center")])
    assert (0, "middle center") not in with_ring_label  # placed elsewhere or left to the hover
