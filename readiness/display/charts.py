"""Pure plotly figure builders: data in, ``plotly.graph_objects.Figure`` out. No Streamlit.

Every figure sets the project's own template (light, large type for projectors) explicitly, because importing
Streamlit changes plotly's default template (:mod:`readiness.display.theme`). Regions keep one colour everywhere
(:func:`readiness.display.theme.region_colors`) and are also labelled directly. Missing data is drawn, never
dropped: a grey "no data" marker and text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from readiness.display.i18n import fmt_number, fmt_percent, localised, t
from readiness.display.theme import MISSING_COLOR, PILLAR_COLORS, TEMPLATE, wrap
from readiness.model.framework import Framework

__all__ = [
    "MAP_VIEWS",
    "STREET_VIEWS",
    "build_coverage_heatmap",
    "build_gap_bars",
    "build_indicator_bars",
    "build_map",
    "build_pillar_bars",
    "build_pillar_profile",
    "build_ranking",
    "build_street_map",
    "build_timeline",
    "column_label_margin",
    "highlight_on_map",
]

SCORE_RANGE = (0, 105)
#: Heat-map cell text (px): readable on a projector; the cells carry a number or a sign, never a list.
HEAT_TEXT_SIZE = 12
#: Pixels per ranking row: the full chart and a compact one (a first screen at 1280x720).
RANKING_ROW, RANKING_ROW_COMPACT = 40, 26
#: The shaded band behind "my city"'s row, and the ring around it on a map.
HIGHLIGHT_FILL = "rgba(255, 196, 0, 0.28)"
HIGHLIGHT_LINE = "#d55e00"




def _legend_below(fig: go.Figure, extra: int = 0) -> None:
    """Put the legend at the foot of the figure (anchored to the figure, not the plot), with a bottom margin
    that holds the x axis's ticks and title above it and the legend's rows (estimated from the entries' length for
    a half-width chart), so that neither collides with the other on a narrow chart."""
    names = [str(tr.name) for tr in fig.data if tr.showlegend is not False and tr.name]
    chars = sum(len(n) + 6 for n in dict.fromkeys(names))
    rows = max(1, int(np.ceil(chars * 8.5 / 460)))
    fig.update_layout(legend=dict(orientation="h", yref="container", yanchor="bottom", y=0.0, x=0,
                                  xanchor="left"),
                      margin=dict(t=50, b=80 + 24 * rows + extra))


def _figure(title: str | None = None, height: int | None = None) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, title=title, height=height)
    return fig


def _name(framework: Framework, node: str, lang: str) -> str:
    return framework.node(node).name(lang)


def _years(row: pd.Series, lang: str) -> str:
    if pd.isna(row["year_from"]):
        return t("common.no_data", lang)
    a, b = int(row["year_from"]), int(row["year_to"])
    return str(a) if a == b else f"{a}–{b}"


def _ranking_label(score: float, coverage: float, low: bool, lacks: tuple[str, ...], framework: Framework,
                   lang: str, compact: bool = False) -> str:
    """A ranking bar's label: the score (⚠ and the coverage when thin); without one, what the region lacks (or
    "not enough data", with its coverage unless ``compact``: then the coverage is in the hover)."""
    if not pd.isna(score):
        return fmt_number(score, lang) + (f"  ⚠ {fmt_percent(coverage, lang)}" if low else "")
    if lacks:  # compact (a half-width first screen): the short form; what it lacks is in the caption and hover
        if compact:
            return t("honest.no_index", lang)
        names = ", ".join(_name(framework, i, lang) for i in lacks)
        return t("honest.no_index_because", lang, why=t("honest.missing_core_short", lang, names=names))
    if coverage > 0:
        return t("honest.not_enough_data" if compact else "honest.not_enough_data_cov", lang,
                 coverage=fmt_percent(coverage, lang))
    return t("common.no_data", lang)


def build_ranking(table: pd.DataFrame, framework: Framework, lang: str, node: str | None = None,
                  title: str | None = None, highlight: str | None = None, compact: bool = False) -> go.Figure:
    """Horizontal bars of the score per region (best on top), split into each child's contribution.

    ``table`` is :func:`readiness.report.ranking_table`. Regions without a score get a grey "no data" marker;
    scores resting on little data (``low_coverage``) are labelled with a warning sign and their coverage; reference
    rows (benchmarks, scored but not ranked) come last, hatched and labelled as benchmarks. The axis runs from 0 to
    100 (the score's range); each score's label sits right of its bar, in the right margin where the bar reaches
    100, one label per row. ``highlight`` (a region code): that row's name in bold with a marker and a shaded band
    ("my city"). ``compact``: rows of :data:`RANKING_ROW_COMPACT` px (a first screen), else
    :data:`RANKING_ROW` px.
    """
    node = node or framework.root
    children = framework.children(node)
    order = table.iloc[::-1]  # plotly draws the first category at the bottom
    reference = order["reference"].to_numpy(dtype=bool) if "reference" in order else np.zeros(len(order), bool)
    names = [t("honest.benchmark_label", lang, name=n) if ref else n
             for n, ref in zip(order["name"], reference, strict=True)]
    codes = list(order["region_code"]) if "region_code" in order else []
    names = [f"<b>▶ {n}</b>" if highlight is not None and c == highlight else n
             for n, c in zip(names, codes or [None] * len(names), strict=True)]
    row = RANKING_ROW_COMPACT if compact else RANKING_ROW
    height = max(300 if compact else 320, row * len(order) + 130)
    fig = _figure(title, height)
    if highlight in codes:
        at = codes.index(highlight)
        fig.add_shape(type="rect", xref="paper", x0=0, x1=1, yref="y", y0=at - 0.5, y1=at + 0.5, layer="below",
                      fillcolor=HIGHLIGHT_FILL, line_width=0)
    hover = [
        t("charts.hover_rank", lang, name=row["name"], score=fmt_number(row["score"], lang),
          rank="–" if pd.isna(row["rank"]) else int(row["rank"]), coverage=fmt_percent(row["coverage"], lang),
          years=_years(row, lang), n=int(row["n_indicators"]), total=int(row["n_indicators_total"]))
        for _, row in order.iterrows()
    ]
    opacity = [0.45 if low else 1.0 for low in order["low_coverage"]]  # thin evidence drawn lighter
    for k, child in enumerate(children):
        fig.add_bar(
            y=names, x=order[f"contrib_{child}"].where(order["score"].notna()), orientation="h",
            name=_name(framework, child, lang),
            marker=dict(color=PILLAR_COLORS[k % len(PILLAR_COLORS)], opacity=opacity,
                        pattern=dict(shape=["/" if ref else "" for ref in reference])),
            hovertext=hover, hoverinfo="text",
        )
    labels = [_ranking_label(s, c, low, lacks, framework, lang, compact) for s, c, low, lacks in
              zip(order["score"], order["coverage"], order["low_coverage"], order["missing_core"], strict=True)]
    fig.add_scatter(
        y=names, x=order["score"].fillna(0), mode="text", text=labels, textposition="middle right",
        textfont=dict(color=[MISSING_COLOR if pd.isna(s) else "#1f2430" for s in order["score"]]),
        showlegend=False, hovertext=hover, hoverinfo="text", cliponaxis=False,
    )
    fig.update_layout(barmode="stack", xaxis=dict(range=[0, 100], tickvals=[0, 20, 40, 60, 80, 100],
                                                  title=t("charts.score_axis", lang)),
                      yaxis=dict(title=None, type="category"),
                      margin=dict(r=_label_margin([x for x, s in zip(labels, order["score"], strict=True)
                                                   if not pd.isna(s)])))
    if compact:  # the pillars' legend in one row above the bars, not a block beside them
        fig.update_layout(legend=dict(orientation="h", yref="paper", y=1.0, yanchor="bottom", x=0, xanchor="left",
                                      font=dict(size=12)), margin=dict(t=70, l=10, b=40))
    return fig


def _label_margin(labels: list[str]) -> int:
    """The right margin (px) that holds the longest score label drawn past a bar that reaches 100 (the "not enough
    data" labels start at 0, inside the plot)."""
    return 24 + 8 * max((len(x) for x in labels), default=4)


def _add_missing(fig: go.Figure, categories: list[str], values, label: str, lang: str, *, horizontal: bool = False,
                 at: float = 3.0, size: int = 11, **where) -> None:
    """Grey ✕ markers for the categories whose value is missing, in ``label``'s bar group; one legend entry
    "no data" per figure."""
    gaps = [c for c, v in zip(categories, values, strict=True) if pd.isna(v)]
    if not gaps:
        return
    position = {"y": gaps, "x": [at] * len(gaps)} if horizontal else {"x": gaps, "y": [at] * len(gaps)}
    fig.add_scatter(**position, mode="markers", offsetgroup=label, name=t("common.no_data", lang),
                    legendgroup="missing", showlegend=not any(tr.legendgroup == "missing" for tr in fig.data),
                    marker=dict(symbol="x", size=size, color=MISSING_COLOR),
                    hovertext=f"{label}: {t('common.no_data', lang)}", hoverinfo="text", **where)


def build_pillar_bars(scores: Mapping[str, Mapping[str, float]], framework: Framework, lang: str,
                      colors: Mapping[str, str], title: str | None = None) -> go.Figure:
    """Grouped bars of pillar scores: one series per entry of ``scores`` (e.g. the city and peer-group means).

    ``scores`` maps a series label to ``{pillar: score}``; ``colors`` maps series labels to colours. A missing
    score is drawn as a grey "no data" label at zero.
    """
    pillars = list(framework.pillars())
    x = [wrap(_name(framework, p, lang), 16) for p in pillars]
    fig = _figure(title, 440)
    for label, values in scores.items():
        y = [values.get(p, np.nan) for p in pillars]
        fig.add_bar(x=x, y=y, name=label, marker_color=colors.get(label), offsetgroup=label,
                    text=["" if pd.isna(v) else fmt_number(v, lang) for v in y], textposition="outside",
                    hovertemplate="%{x}: %{text}<extra>" + label + "</extra>")
        _add_missing(fig, x, y, label, lang)
    fig.update_layout(barmode="group", scattermode="group",
                      yaxis=dict(range=SCORE_RANGE, title=t("charts.score_axis", lang)), xaxis=dict(tickangle=0))
    _legend_below(fig)
    return fig


def build_pillar_profile(scores: pd.DataFrame, framework: Framework, lang: str, labels: Mapping[str, str],
                         colors: Mapping[str, str], title: str | None = None) -> go.Figure:
    """Radar of pillar scores, one closed line per region. ``scores``: regions (index) x pillars (columns).

    A missing pillar score is never drawn (at 0 or anywhere): the line leaves a gap there and the region's legend
    entry names the pillars that are not comparable.
    """
    pillars = list(framework.pillars())
    theta = [wrap(_name(framework, p, lang), 14) for p in pillars]
    fig = _figure(title, 480)
    for code, row in scores.iterrows():
        r = [row.get(p, np.nan) for p in pillars]
        missing = [pd.isna(v) for v in r]
        name = labels.get(code, code)
        if any(missing):
            name += " (" + t("charts.not_comparable", lang, pillars=", ".join(
                _name(framework, p, lang) for p, m in zip(pillars, missing, strict=True) if m)) + ")"
        fig.add_scatterpolar(
            r=[None if m else v for v, m in zip(r, missing, strict=True)] + [None if missing[0] else r[0]],
            theta=[*theta, theta[0]], name=name, mode="lines+markers", connectgaps=False,
            line=dict(color=colors.get(code), width=3), marker=dict(size=8, color=colors.get(code)),
            text=[fmt_number(v, lang) for v in r] + [fmt_number(r[0], lang)],
            hovertemplate="%{theta}: %{text}<extra>" + labels.get(code, code) + "</extra>",
        )
    fig.update_layout(polar=dict(radialaxis=dict(range=[0, 100], gridcolor="#e3e6ec", tickfont=dict(size=11),
                                                 angle=90, tickangle=90),
                                 angularaxis=dict(gridcolor="#e3e6ec", rotation=90, direction="clockwise")),
                      showlegend=True)
    _legend_below(fig)
    # the pillar names sit outside the circle: room for about 14 characters on each side in a half-width column
    fig.update_layout(margin=dict(l=115, r=115, t=50, b=110))
    return fig


def build_indicator_bars(table: pd.DataFrame, framework: Framework, lang: str, labels: Mapping[str, str],
                         colors: Mapping[str, str], mode: str = "normalised", title: str | None = None) -> go.Figure:
    """Grouped bars per indicator, one series per region (``table``: :func:`readiness.report.indicator_table`).

    ``mode="normalised"`` plots the 0-100 values on one axis; ``mode="raw"`` plots each indicator in its own
    unit, one small panel per indicator (units differ). Missing values are grey "no data" markers at zero.
    """
    inds = list(dict.fromkeys(table["indicator"]))
    names = {i: framework.node(i).name(lang) for i in inds}
    regions = list(dict.fromkeys(table["region_code"]))
    column = "normalised" if mode == "normalised" else "raw"
    if mode == "normalised":
        y_names = [wrap(names[i], 34) for i in inds]
        fig = _figure(title, 90 + len(inds) * (18 * len(regions) + 22))
        for code in reversed(regions):  # first region on top within each group
            part = table[table["region_code"] == code].set_index("indicator").loc[inds]
            values = part[column]
            label = labels.get(code, code)
            fig.add_bar(y=y_names, x=values, orientation="h", name=label, marker_color=colors.get(code),
                        offsetgroup=label, text=["" if pd.isna(v) else fmt_number(v, lang) for v in values],
                        textposition="outside",
                        hovertemplate="%{y}: %{text}<extra>" + label + "</extra>", cliponaxis=False)
            _add_missing(fig, y_names, values, label, lang, horizontal=True, at=1.5, size=9)
        fig.update_layout(barmode="group", scattermode="group", bargap=0.25,
                          xaxis=dict(range=[0, 112], title=t("charts.normalised_axis", lang)),
                          yaxis=dict(autorange="reversed", title=None),
                          legend=dict(traceorder="reversed"))
        return fig
    # deferred: plotly.subplots: 0.03 s, 4.2 MB (benchmarks/bench_imports.py); only the two-panel chart needs it
    from plotly.subplots import make_subplots

    cols = 3
    rows = int(np.ceil(len(inds) / cols))
    subtitles = [f"{names[i]} ({framework.node(i).unit_in(lang)})" for i in inds]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=subtitles,
                        vertical_spacing=0.12 / max(rows / 3, 1))
    fig.update_layout(template=TEMPLATE, title=title, height=230 * rows + 80, showlegend=True, barmode="group")
    for k, ind in enumerate(inds):
        r, c = k // cols + 1, k % cols + 1
        part = table[table["indicator"] == ind].set_index("region_code").loc[regions]
        x = [labels.get(code, code) for code in regions]
        fig.add_bar(x=x, y=part["raw"], marker_color=[colors.get(code) for code in regions], showlegend=False,
                    text=[fmt_number(v, lang, 2) for v in part["raw"]], textposition="none",
                    hovertemplate="%{x}: %{text}<extra></extra>", row=r, col=c)
        _add_missing(fig, x, part["raw"], names[ind], lang, at=0.0, size=10, row=r, col=c)
    fig.update_annotations(font_size=13)
    return fig


def build_gap_bars(table: pd.DataFrame, framework: Framework, lang: str, name_a: str, name_b: str,
                   title: str | None = None) -> go.Figure:
    """Horizontal bars of each indicator's share of the gap between two regions (``readiness.explain_gap``),
    largest on top; positive = in favour of ``name_a``."""
    order = table.iloc[::-1]
    names = [wrap(framework.node(i).name(lang), 36) for i in order["indicator"]]
    fig = _figure(title, max(260, 46 * len(order) + 110))
    colors = ["#0072B2" if d >= 0 else "#D55E00" for d in order["difference"]]
    fig.add_bar(y=names, x=order["difference"], orientation="h", marker_color=colors,
                text=[fmt_number(d, lang) for d in order["difference"]], textposition="outside",
                hovertemplate="%{y}: %{text}<extra></extra>", cliponaxis=False)
    reach = float(np.nanmax(np.abs(order["difference"]))) if len(order) else 1.0
    fig.update_layout(xaxis=dict(title=t("charts.gap_axis", lang, a=name_a, b=name_b), zeroline=True,
                                 range=[-reach * 1.35, reach * 1.35]),
                      yaxis=dict(title=None), showlegend=False, margin=dict(t=30))
    return fig


def build_coverage_heatmap(coverage: pd.DataFrame, framework: Framework, lang: str, labels: Mapping[str, str],
                           title: str | None = None) -> go.Figure:
    """Regions x indicators heat map of the number of years with data; cell text lists the years, "–" none.

    ``coverage`` is :func:`readiness.model.coverage.coverage_years` (strings like "2021-2022, 2024").
    """
    def count(cell: str) -> int:
        total = 0
        for part in filter(None, (p.strip() for p in cell.split(","))):
            a, _, b = part.partition("-")
            total += int(b or a) - int(a) + 1
        return total

    cells = coverage.T  # indicators as rows (long names read horizontally), regions as columns
    z = cells.map(count).to_numpy(dtype=float)
    # the cell says how many years (readable at 12 px in a 25 px cell); the years themselves are in the hover
    text = np.where(z > 0, z.astype(int).astype(str), "–")
    hover = cells.replace("", t("common.no_data", lang)).to_numpy()
    y = [wrap(framework.node(i).name(lang), 34) for i in cells.index]
    x = [labels.get(c, c) for c in cells.columns]
    fig = _figure(title, 140 + 52 * len(y))
    fig.add_heatmap(z=z, x=x, y=y, text=text, texttemplate="%{text}", textfont=dict(size=HEAT_TEXT_SIZE),
                    customdata=hover, zmin=0, zmax=5, colorscale=[[0, "#f1f3f6"], [0.0001, "#d4e6f1"], [1, "#0072B2"]],
                    colorbar=dict(title=dict(text=t("charts.years_with_data", lang), side="right"), thickness=12,
                                  tickvals=[0, 1, 2, 3, 4, 5], ticktext=["0", "1", "2", "3", "4", "5+"]),
                    xgap=2, ygap=2, hovertemplate="%{x} · %{y}: %{customdata}<extra></extra>")
    fig.update_layout(yaxis=dict(autorange="reversed"),
                      xaxis=dict(side="top", tickangle=-45, tickfont=dict(size=12), automargin=True),
                      margin=dict(t=column_label_margin(x, 12, 45)))
    return fig


def column_label_margin(labels: Sequence[str], font_size: float, angle: float, title: bool = False) -> int:
    """The top margin (px) that column labels on top of a heat map need at ``angle`` degrees: about 0.6 em per
    character of the longest label (its first line), raised by the angle, plus room for a title."""
    longest = max((len(str(label).split("<br>")[0]) for label in labels), default=0)
    return int(0.6 * font_size * longest * math.sin(math.radians(angle)) + font_size + 16 + (40 if title else 0))


def _event_dates(dates: pd.Series) -> pd.Series:
    """Partial ISO dates to timestamps: "2023" -> mid-year, "2023-03" -> mid-month, full dates unchanged."""
    full = dates.where(dates.str.len() != 4, dates + "-07-01")
    full = full.where(full.str.len() != 7, full + "-15")
    return pd.to_datetime(full, format="%Y-%m-%d", errors="coerce")


def build_timeline(events: pd.DataFrame, lang: str, color: str, title: str | None = None) -> go.Figure:
    """The evidence log as a timeline: one marker per event on a date axis, one row per kind of event.

    Planned (announced, not evidenced) events are hollow markers. Hover shows the title and count.
    """
    fig = _figure(title, 340)
    if events.empty:
        fig.add_annotation(text=t("charts.no_events", lang), showarrow=False, x=0.5, y=0.5, xref="paper",
                           yref="paper", font=dict(color=MISSING_COLOR, size=16))
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return fig
    dates = _event_dates(events["date"])
    kinds = [t(f"events.kind.{k.replace(' ', '_')}", lang) for k in events["kind"]]
    planned = events["status"] == "planned"
    hover = [f"{d} · {title}" + (f" ({int(c)} {u})" if pd.notna(c) else "")
             for d, title, c, u in zip(events["date"], localised(events, "title", lang), events["count"],
                                       localised(events, "unit", lang).fillna(""),
                                       strict=True)]
    fig.add_scatter(x=dates, y=kinds, mode="markers", hovertext=hover, hoverinfo="text",
                    marker=dict(size=14, color=["white" if p else color for p in planned],
                                line=dict(color=color, width=2), symbol="diamond"), showlegend=False)
    fig.update_layout(xaxis=dict(type="date", title=None), yaxis=dict(title=None, categoryorder="category ascending"))
    return fig


def _label_positions(lat: pd.Series, lon: pd.Series, near: float = 0.35) -> list[str]:
    """Text positions that keep close neighbours' labels apart: left of a neighbour to the east, right of one to
    the west, above otherwise."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    out = []
    for i in range(len(lat)):
        close = (np.abs(lat - lat[i]) < near) & (np.abs(lon - lon[i]) < near)
        close[i] = False
        if not close.any():
            out.append("top center")
        elif (lon[close] > lon[i]).any():
            out.append("middle left")
        else:
            out.append("middle right")
    return out


#: Map extents: all of Indonesia, and East Kalimantan around IKN.
MAP_VIEWS = {
    "national": dict(lataxis=dict(range=[-11.0, 6.5]), lonaxis=dict(range=[94.5, 141.5])),
    "kaltim": dict(lataxis=dict(range=[-2.9, 1.4]), lonaxis=dict(range=[114.6, 119.0])),
}


def _ring_traces(fig: go.Figure, rings, lang: str) -> None:
    """Dashed circles (EPSG:4326 polygons) with a "50 km" label at each ring's northern edge."""
    for _, ring in rings.iterrows():
        lon, lat = ring.geometry.exterior.coords.xy
        fig.add_scattergeo(lon=list(lon), lat=list(lat), mode="lines", hoverinfo="skip", showlegend=False,
                           line=dict(color="#5f6673", width=1.2, dash="dash"), name=f"ring {ring['radius_km']}")
        north = int(np.argmax(lat))
        fig.add_scattergeo(lon=[lon[north]], lat=[lat[north]], mode="text", text=[f"{ring['radius_km']:g} km"],
                           textposition="top center", textfont=dict(size=11, color="#5f6673"), hoverinfo="skip",
                           showlegend=False, name=f"ring label {ring['radius_km']}")


def build_map(points: pd.DataFrame, lang: str, view: str = "national", title: str | None = None,
              height: int | None = None, value_label: str | None = None, rings=None, shapes=None,
              outline: int = 50) -> go.Figure:
    """Regions on a map, sized and coloured by ``score`` (colour-blind-safe Viridis); no score = hollow grey ring;
    reference places (IKN, Jakarta) = black stars. Hover gives the value, rank, coverage and straight-line
    distances; each point carries its region code (``customdata``) so a click can open the region's profile.

    ``rings`` (a GeoDataFrame from :func:`readiness.geo.places.rings`) draws distance rings; ``shapes`` (a
    GeoDataFrame of
    boundary polygons with ``code`` and ``score``) draws a choropleth under the points. Outlines are plotly's
    geo layer; the app serves its topojson itself (``static/topojson``), so the map needs no internet.
    ``outline`` is the scale of the land and coast outlines: 50 (1:50m, default) or 110 (1:110m: a seventh of the
    data for the browser to load and draw, enough for a small map of the whole country).
    """
    if outline not in (50, 110):
        raise ValueError(f"outline must be 50 or 110 (Natural Earth 1:50m or 1:110m), not {outline!r}")
    label = value_label or t("charts.score_axis", lang)
    fig = _figure(title, height or (380 if view == "national" else 560))
    if shapes is not None and len(shapes):
        fig.add_choropleth(geojson=json.loads(shapes.to_json(drop_id=True)), locations=shapes["code"],
                           featureidkey="properties.code", z=shapes["score"], zmin=0, zmax=100, colorscale="Viridis",
                           showscale=False, marker=dict(line=dict(color="white", width=0.5), opacity=0.55),
                           hoverinfo="skip", name="boundaries")
    if rings is not None and view != "national":
        _ring_traces(fig, rings, lang)
    places = points[points["kind"] == "reference"]
    scored = points[(points["kind"] != "reference") & points["score"].notna()]
    unscored = points[(points["kind"] != "reference") & points["score"].isna()]

    def hover(row: pd.Series) -> str:
        lines = [f"<b>{row['name']}</b>"]
        if row["kind"] != "reference":
            rank = "–" if pd.isna(row["rank"]) else int(row["rank"])
            lines.append(t("charts.map_hover", lang, label=label, score=fmt_number(row["score"], lang), rank=rank,
                           coverage=fmt_percent(row["coverage"], lang)))
        lines.append(t("charts.map_distance", lang, ikn=fmt_number(row["km_to_ikn"], lang, 0),
                       jakarta=fmt_number(row["km_to_jakarta"], lang, 0)))
        return "<br>".join(lines)

    labelled = "markers+text" if view != "national" else "markers"  # Java's buffer cities overlap nationally
    # one placement over every labelled point (scored, unscored, the reference places): neighbours in different
    # traces (Balikpapan scored, Penajam Paser Utara without data) keep their labels apart too
    every = pd.concat([scored[["lat", "lon"]], unscored[["lat", "lon"]], places[["lat", "lon"]]])
    positions = _label_positions(every["lat"], every["lon"])
    scored_at, unscored_at = positions[:len(scored)], positions[len(scored):len(scored) + len(unscored)]
    places_at = ["bottom center" if p == "top center" else p for p in positions[len(scored) + len(unscored):]]
    fig.add_scattergeo(
        lat=scored["lat"], lon=scored["lon"], text=scored["name"], mode=labelled, customdata=scored["code"],
        textposition=scored_at,
        marker=dict(size=10 + scored["score"].clip(0, 100) / 100 * 16, color=scored["score"], colorscale="Viridis",
                    cmin=0, cmax=100, line=dict(color="white", width=1),
                    colorbar=dict(title=dict(text=wrap(label, 18), font=dict(size=13)), thickness=10, len=0.7,
                                  x=1.0)),
        hovertext=[hover(r) for _, r in scored.iterrows()], hoverinfo="text", name=t("charts.map_scored", lang),
        textfont=dict(size=12), showlegend=False,
    )
    if len(unscored):
        fig.add_scattergeo(
            lat=unscored["lat"], lon=unscored["lon"], text=unscored["name"], mode=labelled,
            customdata=unscored["code"], textposition=unscored_at,
            marker=dict(size=12, color="white", line=dict(color=MISSING_COLOR, width=2)),
            hovertext=[hover(r) + f"<br>{t('common.no_data', lang)}" for _, r in unscored.iterrows()],
            hoverinfo="text", name=t("common.no_data", lang), textfont=dict(size=12, color=MISSING_COLOR),
        )
    fig.add_scattergeo(
        lat=places["lat"], lon=places["lon"], text=places["name"], mode="markers+text", textposition=places_at,
        marker=dict(size=15, symbol="star", color="#1f2430"), hovertext=[hover(r) for _, r in places.iterrows()],
        hoverinfo="text", name=t("charts.map_reference", lang), textfont=dict(size=12), customdata=places["code"],
    )
    fig.update_geos(scope="asia", resolution=outline, showland=True, landcolor="#eef0e8", showocean=True,
                    oceancolor="#dbe9f4", showcountries=True, countrycolor="#b9bec7", coastlinecolor="#8a9099",
                    showlakes=False, showframe=False, projection_type="mercator", **MAP_VIEWS[view])
    fig.update_layout(margin=dict(l=0, r=0, t=40 if title else 10, b=0), clickmode="event+select",
                      legend=dict(orientation="h", yanchor="bottom", y=0.0, x=0.01, bgcolor="rgba(255,255,255,0.8)"))
    return fig


#: Centre and zoom of the street map per view.
STREET_VIEWS = {"national": dict(center=dict(lat=-2.5, lon=118.0), zoom=3.6),
                "kaltim": dict(center=dict(lat=-0.8, lon=116.9), zoom=6.6)}


def highlight_on_map(fig: go.Figure, points: pd.DataFrame, code: str | None) -> go.Figure:
    """Mark one region ("my city") on a map of :func:`build_map` (or any geo figure) with a ring around its point
    and its name in bold; nothing when ``code`` is None or not among ``points`` (a region without coordinates)."""
    row = points[points["code"] == code] if code else points.iloc[0:0]
    if row.empty or row[["lat", "lon"]].isna().any(axis=None):
        return fig
    fig.add_scattergeo(lat=row["lat"], lon=row["lon"], mode="markers+text", text=[f"<b>{row['name'].iloc[0]}</b>"],
                       textposition="bottom center", textfont=dict(size=13, color="#1f2430"), hoverinfo="skip",
                       marker=dict(size=34, color="rgba(0,0,0,0)", line=dict(color=HIGHLIGHT_LINE, width=3)),
                       showlegend=False, name="highlight")
    return fig


def build_street_map(points: pd.DataFrame, lang: str, view: str = "kaltim", value_label: str | None = None,
                     rings=None, height: int = 640) -> go.Figure:
    """The same points and rings on an OpenStreetMap street basemap (MapLibre). **Needs internet** for the tiles;
    the app offers it only on request, and :func:`build_map` is the offline default."""
    label = value_label or t("charts.score_axis", lang)
    fig = _figure(None, height)
    if rings is not None:
        for _, ring in rings.iterrows():
            lon, lat = ring.geometry.exterior.coords.xy
            fig.add_scattermap(lon=list(lon), lat=list(lat), mode="lines", hoverinfo="skip", showlegend=False,
                               line=dict(color="#5f6673", width=1.5), name=f"ring {ring['radius_km']}")
    regions = points[points["kind"] != "reference"]
    scored = regions[regions["score"].notna()]
    fig.add_scattermap(
        lat=scored["lat"], lon=scored["lon"], text=scored["name"], customdata=scored["code"], mode="markers+text",
        textposition="top center", name=t("charts.map_scored", lang),
        marker=dict(size=10 + scored["score"].clip(0, 100) / 100 * 16, color=scored["score"], colorscale="Viridis",
                    cmin=0, cmax=100, colorbar=dict(title=dict(text=wrap(label, 18)), thickness=10, len=0.7)),
        hovertext=[f"<b>{n}</b><br>{label}: {fmt_number(v, lang)}" for n, v in zip(scored["name"], scored["score"],
                                                                                      strict=True)],
        hoverinfo="text", showlegend=False,
    )
    missing = regions[regions["score"].isna()]
    if len(missing):
        fig.add_scattermap(lat=missing["lat"], lon=missing["lon"], text=missing["name"], mode="markers+text",
                           customdata=missing["code"], textposition="top center", name=t("common.no_data", lang),
                           marker=dict(size=12, color=MISSING_COLOR), hoverinfo="text",
                           hovertext=[f"{n}: {t('common.no_data', lang)}" for n in missing["name"]])
    places = points[points["kind"] == "reference"]
    fig.add_scattermap(lat=places["lat"], lon=places["lon"], text=places["name"], mode="markers+text",
                       textposition="bottom center", marker=dict(size=14, color="#1f2430"),
                       name=t("charts.map_reference", lang), hoverinfo="text", hovertext=list(places["name"]))
    fig.update_layout(map=dict(style="open-street-map", **STREET_VIEWS[view]), margin=dict(l=0, r=0, t=10, b=0),
                      legend=dict(orientation="h", yanchor="bottom", y=0.0, x=0.01, bgcolor="rgba(255,255,255,0.8)"))
    return fig
