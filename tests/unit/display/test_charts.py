"""Figure builders on the hand-made mini dataset: the right traces, one colour per region, missing data drawn,
labels in the chosen language."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import readiness
from readiness.display import board, charts, tables
from readiness.display.theme import TEMPLATE, region_colors
from readiness.model.coverage import coverage_years


def _template_is_ours(fig: go.Figure) -> None:
    assert fig.layout.template.layout.font.size == TEMPLATE.layout.font.size
    assert fig.layout.template.layout.paper_bgcolor == "white"


def test_ranking(mini, mini_res):
    table = tables.ranking_table(mini_res, mini)
    fig = charts.build_ranking(table, mini.framework, "id", title="x")
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert [b.name for b in bars] == [mini.framework.node(p).name("id") for p in mini.framework.pillars()]
    text = fig.data[-1]
    assert "tidak ada data" in text.text  # Surabaya
    assert any("⚠" in s for s in text.text)  # Bekasi: 30 % coverage
    assert list(bars[0].y)[-1] == "Depok"  # best on top
    hover = bars[0].hovertext[-1]
    assert "Peringkat: 1" in hover and "Cakupan" in hover and "Tahun data" in hover
    _template_is_ours(fig)
    assert "no data" in charts.build_ranking(table, mini.framework, "en").data[-1].text


def test_pillar_bars_mark_missing(mini):
    fig = charts.build_pillar_bars({"Balikpapan": {"digital": np.nan, "service": 85.3},
                                    "Mean": {"digital": 45.2, "service": 80.8}},
                                   mini.framework, "en", {"Balikpapan": "#123456"})
    assert fig.data[0].marker.color == "#123456"
    missing = [tr for tr in fig.data if tr.type == "scatter"]
    assert len(missing) == 1 and missing[0].name == "no data" and "Balikpapan" in missing[0].hovertext


def test_profile_and_trend_use_region_colors(mini, mini_res):
    colors = region_colors(mini.regions)
    labels = mini.region_labels()
    pillars = mini_res.scores_frame().loc[["32.75", "32.76"], list(mini.framework.pillars())]
    radar = charts.build_pillar_profile(pillars, mini.framework, "en", labels, colors)
    assert [tr.line.color for tr in radar.data] == [colors["32.75"], colors["32.76"]]
    # Bekasi's missing digital pillar: a gap in the line (never a point at 0), named as not comparable
    digital = list(mini.framework.pillars()).index("digital")
    assert radar.data[0].r[digital] is None and radar.data[0].connectgaps is False
    assert "not comparable: " in radar.data[0].name and "not comparable" not in radar.data[1].name
    # the one trend builder (board.build_basis_trend): a line per constant-basis segment, in the region's colour
    trend = pd.DataFrame({"year": [2022, 2023, 2024], "score": [np.nan, 60.0, 65.0], "segment": [np.nan, 0, 1],
                          "arrived": [(), (), ("ikd_pct",)], "departed": [(), (), ()], "breaks": [(), (), ()]})
    none = trend.assign(score=np.nan, segment=np.nan)
    fig = board.build_basis_trend({"64.71": trend, "35.78": none}, mini.framework, "en", labels, colors)
    lines = [tr for tr in fig.data if tr.mode == "lines+markers"]
    assert [list(tr.x) for tr in lines] == [[2023], [2024]]  # broken where IKD arrived
    assert {tr.line.color for tr in lines} == {colors["64.71"]}
    assert fig.data[-1].name.endswith("(no data)")


@pytest.mark.parametrize("mode", ["normalised", "raw"])
def test_indicator_bars(mini, mini_res, mode):
    table = tables.indicator_table(mini_res, mini, ["64.71", "32.76", "32.75"])
    colors = region_colors(mini.regions)
    fig = charts.build_indicator_bars(table, mini.framework, "id", mini.region_labels(), colors, mode=mode)
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert bars and all(len(b.x) for b in bars)
    assert any(tr.type == "scatter" and tr.name == "tidak ada data" for tr in fig.data)
    if mode == "normalised":
        assert {b.name for b in bars} == {"Balikpapan", "Depok", "Bekasi"}
        assert bars[-1].marker.color == colors["64.71"]
    else:
        assert len(fig.layout.annotations) == len(mini.framework.indicators)  # one panel per indicator


def test_gap_bars(mini, mini_res):
    gap = readiness.explain_gap(mini_res, "64.71", "32.76")
    gap = gap[gap["difference"] != 0]
    fig = charts.build_gap_bars(gap, mini.framework, "en", "Balikpapan", "Depok")
    bar = fig.data[0]
    assert len(bar.x) == len(gap)
    assert set(bar.marker.color) <= {"#0072B2", "#D55E00"}
    assert "Balikpapan − Depok" in fig.layout.xaxis.title.text


def test_coverage_heatmap(mini):
    cov = coverage_years(mini)
    fig = charts.build_coverage_heatmap(cov, mini.framework, "en", mini.region_labels())
    heat = fig.data[0]
    assert np.asarray(heat.z).shape == (len(cov.columns), len(cov.index))
    assert "–" in np.asarray(heat.text)
    depok = list(heat.x).index("Depok")
    ombudsman = list(cov.columns).index("ombudsman_score")
    assert heat.z[ombudsman][depok] == 2 and heat.text[ombudsman][depok] == "2"  # a count, readable at 12 px
    assert heat.customdata[ombudsman][depok] == cov.loc["32.76", "ombudsman_score"]  # the years, in the hover
    assert heat.textfont.size >= 12
    longest = max(len(x) for x in heat.x)
    assert fig.layout.margin.t >= 0.6 * 12 * longest * 0.7  # the 45-degree column labels fit above the cells


def test_timeline(mini):
    events = tables.region_events(mini, "64.71")
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


def test_map_points_and_builder(mini, mini_res):
    points = tables.map_points(mini_res, mini)
    assert {"ref.ikn", "ref.jakarta", "64.71"} <= set(points["code"])
    assert "35.78" not in set(points["code"])  # Surabaya has no coordinates: not placed
    fig = charts.build_map(points, "en", "kaltim")
    scored, places = fig.data[0], fig.data[-1]
    assert scored.marker.colorscale and scored.mode == "markers+text"
    assert "IKN (KIPP)" in places.text
    assert places.marker.symbol == "star"
    assert "km to IKN" in scored.hovertext[0]
    national = charts.build_map(points, "id", "national")
    assert national.data[0].mode == "markers"  # no labels where Java's buffer cities overlap
    assert national.layout.geo.lataxis.range == (-11.0, 6.5)
    assert national.layout.geo.resolution == 50
    assert charts.build_map(points, "id", "national", outline=110).layout.geo.resolution == 110
    with pytest.raises(ValueError, match="outline must be 50 or 110"):
        charts.build_map(points, "id", "national", outline=10)


def test_label_positions_keep_neighbours_apart():
    pos = charts._label_positions(pd.Series([-1.28, -1.30, 0.13]), pd.Series([116.83, 116.74, 117.5]))
    assert pos == ["middle right", "middle left", "top center"]


def test_map_labels_of_neighbours_in_different_traces_do_not_overlap(mini, mini_res):
    points = tables.map_points(mini_res, mini)
    points = points[points["kind"] != "reference"].head(2).copy()
    points[["lat", "lon"]] = [[-1.24, 116.83], [-1.26, 116.70]]  # Balikpapan and Penajam, about 14 km apart
    points.loc[points.index[1], "score"] = float("nan")  # one scored, one without data: two traces
    fig = charts.build_map(points, "en", "kaltim")
    by_name = {name: pos for trace in fig.data if trace.text is not None and trace.mode == "markers+text"
               for name, pos in zip(trace.text, trace.textposition, strict=True)}
    first, second = points["name"]
    assert (by_name[first], by_name[second]) == ("middle right", "middle left")


def test_map_with_rings_and_choropleth(mini, mini_res):
    import geopandas as gpd
    from shapely.geometry import Point

    from readiness.geo import places as geo

    points = tables.map_points(mini_res, mini, node="service")
    rings = geo.rings(-0.96, 116.69)
    shapes = gpd.GeoDataFrame({"code": ["64.71", "64.72"]},  # SYNTHETIC squares, for the test only
                              geometry=[Point(116.8, -1.2).buffer(0.1, 1), Point(117.1, -0.5).buffer(0.1, 1)],
                              crs="EPSG:4326")
    fig = charts.build_map(points, "en", "kaltim", value_label="Public-service quality", rings=rings,
                           shapes=tables.shape_scores(shapes, mini_res, "service"))
    kinds = [tr.type for tr in fig.data]
    assert kinds[0] == "choropleth" and list(fig.data[0].locations) == ["64.71", "64.72"]
    assert fig.data[0].z[0] == pytest.approx(71.25)
    ring_names = [tr.name for tr in fig.data if (tr.name or "").startswith("ring ")]
    assert len(ring_names) == 8  # four circles and four labels
    scored = next(tr for tr in fig.data if tr.name == "Regions scored")
    assert "64.71" in list(scored.customdata) and "Public-service quality" in scored.hovertext[0]
    assert max(scored.marker.size) > min(scored.marker.size)  # sized by value


def test_street_map_is_opt_in_and_keeps_points(mini, mini_res):
    from readiness.geo import places as geo

    fig = charts.build_street_map(tables.map_points(mini_res, mini), "en", "kaltim", rings=geo.rings(-0.96, 116.69))
    assert fig.layout.map.style == "open-street-map"
    assert {tr.type for tr in fig.data} == {"scattermap"}
    assert sum((tr.name or "").startswith("ring ") for tr in fig.data) == 4
    assert "64.71" in list(next(tr for tr in fig.data if tr.name == "Regions scored").customdata)


def test_ranking_axis_is_the_score_range_and_labels_have_room(mini, mini_res):
    """Issue 20: the axis ran to 125 on a 0-100 score, and in a short chart the rows' labels ran into each other."""
    table = tables.ranking_table(mini_res, mini)
    fig = charts.build_ranking(table, mini.framework, "id")
    assert tuple(fig.layout.xaxis.range) == (0, 100) and max(fig.layout.xaxis.tickvals) == 100
    labels = [s for s, v in zip(fig.data[-1].text, fig.data[-1].x, strict=True) if v > 0]
    assert fig.layout.margin.r >= 8 * max(len(s) for s in labels)  # a label past a bar at 100 is drawn, not cut
    rows = len(table)
    for compact, per_row in ((False, charts.RANKING_ROW), (True, charts.RANKING_ROW_COMPACT)):
        height = charts.build_ranking(table, mini.framework, "id", compact=compact).layout.height
        assert height >= per_row * rows and per_row >= 24  # one line of 12-14 px type per row, with air


def test_ranking_highlights_my_city(mini, mini_res):
    table = tables.ranking_table(mini_res, mini)
    fig = charts.build_ranking(table, mini.framework, "en", highlight="64.72")
    names = list(fig.data[0].y)
    assert "<b>▶ Samarinda</b>" in names and sum(n.startswith("<b>") for n in names) == 1
    band = fig.layout.shapes[0]
    at = names.index("<b>▶ Samarinda</b>")
    assert band.y0 == at - 0.5 and band.y1 == at + 0.5 and band.xref == "paper"
    assert not charts.build_ranking(table, mini.framework, "en").layout.shapes  # no city, no band


def test_board_pages_by_pillar_pins_and_sizes_its_columns(mini):
    full = board.board_table(mini, 2024, 3)
    text, colours = board.board_view(full, mini.framework, "en", pillar="service", highlight="64.71")
    service = {mini.framework.node(i).name("en") for i in mini.framework.indicators_under("service")}
    assert set(text.columns[2:]) <= service and len(text.columns) > 2
    assert list(colours.columns) == list(text.columns)
    assert (text.iloc[:, 0] == board.HIGHLIGHT_MARK + "Balikpapan").sum() == 1
    widths = board.column_widths(text)
    for column in text.columns:  # each column holds its longest cell, and its header up to a cap
        assert widths[column] >= 7 * max(len(str(v)) for v in text[column])
        assert widths[column] >= min(7 * len(column), 200)
    html = board.board_styler(text, colours).to_html()
    bold = [sel for sel, rule in re.findall(r"([^{}]+)\{([^}]*)\}", html) if "font-weight: 700" in rule]
    cells = [c.strip() for sel in bold for c in sel.split(",")]
    row = int(text.index[text.iloc[:, 0].str.startswith(board.HIGHLIGHT_MARK)][0])
    assert len(cells) == len(text.columns) and all(f"_row{row}_col" in c for c in cells)  # that row, every cell


def test_my_city_is_ringed_on_the_map(mini, mini_res):
    points = tables.map_points(mini_res, mini)
    fig = charts.build_map(points, "id", "national")
    before = len(fig.data)
    ringed = charts.highlight_on_map(go.Figure(fig), points, "64.72")
    assert len(ringed.data) == before + 1
    mark = ringed.data[-1]
    assert list(mark.lat) == list(points.loc[points["code"] == "64.72", "lat"]) and "Samarinda" in mark.text[0]
    assert len(charts.highlight_on_map(go.Figure(fig), points, None).data) == before  # no city, no mark
    assert len(charts.highlight_on_map(go.Figure(fig), points, "35.78").data) == before  # no coordinates
