"""Figure builders: the right traces, one colour per region, missing data drawn, labels in the chosen language."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import readiness
from readiness import charts, report
from readiness.coverage import coverage_years


def _template_is_ours(fig: go.Figure) -> None:
    assert fig.layout.template.layout.font.size == charts.TEMPLATE.layout.font.size
    assert fig.layout.template.layout.paper_bgcolor == "white"


def test_ranking(ds, res):
    table = report.ranking_table(res, ds)
    fig = charts.build_ranking(table, ds.framework, "id", title="x")
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert [b.name for b in bars] == [ds.framework.node(p).name("id") for p in ds.framework.pillars()]
    text = fig.data[-1]
    assert "tidak ada data" in text.text  # Surabaya/Semarang
    assert any("⚠" in s for s in text.text)
    assert list(bars[0].y)[-1] == table["name"].iloc[0]  # best on top
    hover = bars[0].hovertext[-1]
    assert "Peringkat: 1" in hover and "Cakupan" in hover and "Tahun data" in hover
    _template_is_ours(fig)
    assert "no data" in charts.build_ranking(table, ds.framework, "en").data[-1].text


def test_pillar_bars_mark_missing(ds):
    fig = charts.build_pillar_bars({"Balikpapan": {"digital": 61.0, "asn": np.nan, "service": 85.3},
                                    "Mean": {"digital": 45.2, "asn": 85.3, "service": 80.8}},
                                   ds.framework, "en", {"Balikpapan": "#123456"})
    assert fig.data[0].marker.color == "#123456"
    missing = [tr for tr in fig.data if tr.type == "scatter"]
    assert len(missing) == 1 and missing[0].name == "no data" and "Balikpapan" in missing[0].hovertext


def test_profile_and_trend_use_region_colors(ds, res):
    colors = report.region_colors(ds)
    labels = ds.region_labels()
    pillars = res.scores_frame().loc[["64.71", "32.76"], list(ds.framework.pillars())]
    radar = charts.build_pillar_profile(pillars, ds.framework, "en", labels, colors)
    assert [tr.line.color for tr in radar.data] == [colors["64.71"], colors["32.76"]]
    assert "circle-open" in radar.data[0].marker.symbol  # Balikpapan's missing ASN pillar
    trend = pd.DataFrame({"64.71": [np.nan, 60.0, 65.0], "35.78": [np.nan] * 3}, index=[2022, 2023, 2024])
    fig = charts.build_trend(trend, "en", labels, colors)
    assert fig.data[0].connectgaps is False and fig.data[0].line.color == colors["64.71"]
    assert fig.data[1].name.endswith("(no data)")


@pytest.mark.parametrize("mode", ["normalised", "raw"])
def test_indicator_bars(ds, res, mode):
    table = report.indicator_table(res, ds, ["64.71", "32.76", "32.75"])
    fig = charts.build_indicator_bars(table, ds.framework, "id", ds.region_labels(),
                                      report.region_colors(ds), mode=mode)
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert bars and all(len(b.x) for b in bars)
    assert any(tr.type == "scatter" and tr.name == "tidak ada data" for tr in fig.data)
    if mode == "normalised":
        assert {b.name for b in bars} == {"Balikpapan", "Depok", "Bekasi"}
        assert bars[-1].marker.color == report.region_colors(ds)["64.71"]
    else:
        assert len(fig.layout.annotations) == len(ds.framework.indicators)  # one panel per indicator


def test_gap_bars(ds, res):
    gap = readiness.explain_gap(res, "64.71", "32.76")
    gap = gap[gap["difference"] != 0]
    fig = charts.build_gap_bars(gap, ds.framework, "en", "Balikpapan", "Depok")
    bar = fig.data[0]
    assert len(bar.x) == len(gap)
    assert set(bar.marker.color) <= {"#0072B2", "#D55E00"}
    assert "Balikpapan − Depok" in fig.layout.xaxis.title.text


def test_coverage_heatmap(ds):
    cov = coverage_years(ds)
    fig = charts.build_coverage_heatmap(cov, ds.framework, "en", ds.region_labels())
    heat = fig.data[0]
    assert np.asarray(heat.z).shape == (len(cov.columns), len(cov.index))
    assert "–" in np.asarray(heat.text)
    bpp = list(heat.x).index("Balikpapan")
    spbe = list(cov.columns).index("spbe_index")
    assert heat.z[spbe][bpp] == 2 and heat.text[spbe][bpp] == "’21-’22"


def test_timeline(ds):
    events = report.region_events(ds, "64.71")
    fig = charts.build_timeline(events, "en", "#332288")
    marker = fig.data[0].marker
    assert len(fig.data[0].x) == len(events)
    assert "white" in marker.color  # planned events are hollow
    assert "Overseas training" in set(fig.data[0].y)
    empty = charts.build_timeline(events.iloc[0:0], "id", "#332288")
    assert empty.layout.annotations[0].text == "Belum ada peristiwa tercatat untuk daerah ini."


def test_partial_dates():
    dates = charts._event_dates(pd.Series(["2019", "2023-03", "2024-07-01"]))
    assert [d.strftime("%Y-%m-%d") for d in dates] == ["2019-07-01", "2023-03-15", "2024-07-01"]


def test_map_points_and_builder(ds, res):
    points = report.map_points(res, ds)
    assert {"ref.ikn", "ref.jakarta", "64.71"} <= set(points["code"])
    assert "35.78" not in set(points["code"])  # Surabaya has no sourced coordinates: not placed
    fig = charts.build_map(points, "en", "kaltim")
    scored, places = fig.data[0], fig.data[-1]
    assert scored.marker.colorscale and scored.mode == "markers+text"
    assert "IKN (KIPP)" in places.text
    assert places.marker.symbol == "star"
    assert "km to IKN" in scored.hovertext[0]
    national = charts.build_map(points, "id", "national")
    assert national.data[0].mode == "markers"  # no labels where Java's buffer cities overlap
    assert national.layout.geo.lataxis.range == (-11.0, 6.5)


def test_label_positions_keep_neighbours_apart():
    pos = charts._label_positions(pd.Series([-1.28, -1.30, 0.13]), pd.Series([116.83, 116.74, 117.5]))
    assert pos == ["middle right", "middle left", "top center"]


def test_map_with_rings_and_choropleth(ds, res):
    import geopandas as gpd
    from shapely.geometry import Point

    from readiness import geo

    points = report.map_points(res, ds, node="service")
    rings = geo.rings(-0.96, 116.69)
    shapes = gpd.GeoDataFrame({"code": ["64.71", "64.72"]},  # SYNTHETIC squares, for the test only
                              geometry=[Point(116.8, -1.2).buffer(0.1, 1), Point(117.1, -0.5).buffer(0.1, 1)],
                              crs="EPSG:4326")
    fig = charts.build_map(points, "en", "kaltim", value_label="Public-service quality", rings=rings,
                           shapes=report.shape_scores(shapes, res, "service"))
    kinds = [tr.type for tr in fig.data]
    assert kinds[0] == "choropleth" and list(fig.data[0].locations) == ["64.71", "64.72"]
    assert fig.data[0].z[0] == pytest.approx(res.score_of("64.71", "service"))
    ring_names = [tr.name for tr in fig.data if (tr.name or "").startswith("ring ")]
    assert len(ring_names) == 8  # four circles and four labels
    scored = next(tr for tr in fig.data if tr.name == "Regions scored")
    assert "64.71" in list(scored.customdata) and "Public-service quality" in scored.hovertext[0]
    assert max(scored.marker.size) > min(scored.marker.size)  # sized by value


def test_selected_region():
    allowed = {"64.71", "32.76"}
    assert report.selected_region({"selection": {"points": [{"customdata": "64.71"}]}}, allowed) == "64.71"
    assert report.selected_region({"selection": {"points": [{"customdata": ["ref.ikn"]}]}}, allowed) is None
    assert report.selected_region({"selection": {"points": []}}, allowed) is None
    assert report.selected_region(None, allowed) is None


def test_street_map_is_opt_in_and_keeps_points(ds, res):
    from readiness import geo

    fig = charts.build_street_map(report.map_points(res, ds), "en", "kaltim", rings=geo.rings(-0.96, 116.69))
    assert fig.layout.map.style == "open-street-map"
    assert {tr.type for tr in fig.data} == {"scattermap"}
    assert sum((tr.name or "").startswith("ring ") for tr in fig.data) == 4
    assert "64.71" in list(next(tr for tr in fig.data if tr.name == "Regions scored").customdata)
