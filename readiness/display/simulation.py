"""Page-ready tables and plotly figures for robustness and what-if (no Streamlit).

Reads the engine's results: :class:`~readiness.analysis.uncertainty.UncertaintyResult` (rank intervals),
:class:`~readiness.analysis.sensitivity.LeaveOneOut`, :class:`~readiness.analysis.sensitivity.Sensitivity`, two
:class:`~readiness.pipeline.scoring.Result` objects (default vs reweighted, or today vs a scenario) and
:class:`~readiness.analysis.target.TargetPlan`. Functions ending in ``_view`` return display tables (translated headers,
formatted numbers); the others return numbers or figures.

Rank intervals in words use whole ranks: ``floor(q05)`` to ``ceil(q95)`` (the percentiles interpolate between
ranks), so the interval named holds at least 90 % of the simulations in which the region is ranked.

A scenario is never shown as a published figure: its column or row is always headed "Skenario: <name>" /
"Scenario: <name>", beside "Hari ini (resmi)" / "Today (published)".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from readiness.analysis.scenarios import Scenario
from readiness.analysis.sensitivity import LeaveOneOut, Sensitivity
from readiness.analysis.target import TargetPlan
from readiness.analysis.uncertainty import UncertaintyResult
from readiness.display.charts import HEAT_TEXT_SIZE, column_label_margin
from readiness.display.i18n import fmt_number, fmt_percent, t
from readiness.display.theme import MISSING_COLOR, PILLAR_COLORS, TEMPLATE, wrap
from readiness.model.framework import Framework
from readiness.model.rules import BandBook, band_name_column
from readiness.pipeline.scoring import Result

__all__ = [
    "build_loo_heatmap",
    "build_rank_intervals",
    "build_rank_shift",
    "build_sensitivity_bars",
    "interval_bounds",
    "loo_view",
    "plan_text",
    "plan_view",
    "rank_interval_table",
    "rank_interval_text",
    "rank_interval_view",
    "rank_move",
    "rank_shift_table",
    "rank_shift_view",
    "scenario_label",
    "scenario_view",
    "scenarios_view",
    "weights_view",
]

#: The interval's coverage in words (5th to 95th percentile).
INTERVAL_SHARE = 90
NOMINAL_COLOR = "#1f2430"
WHISKER_COLOR = "#0072B2"
#: Diverging scale for rank changes: red = the region falls without the indicator, blue = it rises.
LOO_SCALE = [[0.0, "#2166AC"], [0.5, "#F7F7F7"], [1.0, "#B2182B"]]


def _missing(x: object) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float | np.floating) and math.isnan(x))




def _int_or_dash(x: object) -> str:
    return "–" if _missing(x) else str(int(x))  # type: ignore[call-overload]


def scenario_label(name: str, lang: str) -> str:
    """"Skenario: <name>" / "Scenario: <name>" — the heading of every scenario figure."""
    return t("robust.scenario_label", lang, name=name)


# -------------------------------------------------------------------------------------------------------------------
# Rank intervals


def interval_bounds(q05: float, q95: float) -> tuple[int | None, int | None]:
    """Whole-rank interval ``(floor(q05), ceil(q95))``; ``(None, None)`` when the region was never ranked."""
    if _missing(q05) or _missing(q95):
        return None, None
    return math.floor(q05 + 1e-9), math.ceil(q95 - 1e-9)


def rank_interval_table(u: UncertaintyResult, labels: Mapping[str, str]) -> pd.DataFrame:
    """One row per region, best nominal rank first (unranked last): ``region_code, name, nominal_score,
    nominal_rank, low, high, median_rank, q05_rank, q95_rank, share_nominal_rank, n_ranked, total`` where
    ``low``/``high`` are the whole-rank interval and ``total`` the number of regions ranked today."""
    frame = u.to_frame()
    bounds = [interval_bounds(a, b) for a, b in zip(frame["q05_rank"], frame["q95_rank"], strict=True)]
    frame.insert(1, "name", [labels.get(c, c) for c in frame["region_code"]])
    frame["low"] = pd.array([b[0] for b in bounds], dtype="Int64")
    frame["high"] = pd.array([b[1] for b in bounds], dtype="Int64")
    frame["total"] = int(np.sum(~np.isnan(u.nominal_rank)))
    columns = ["region_code", "name", "nominal_score", "nominal_rank", "low", "high", "median_rank", "q05_rank",
               "q95_rank", "share_nominal_rank", "n_ranked", "total"]
    return frame[columns]


def rank_interval_text(u: UncertaintyResult, region: str, lang: str) -> str:
    """The rank interval in plain words: "peringkat 4–9 dari 13 pada 90 % simulasi" / "rank 4–9 of 13 in 90 % of
    simulations" (one rank when the interval collapses)."""
    k = u.regions.index(region)
    low, high = interval_bounds(float(u.q05_rank[k]), float(u.q95_rank[k]))
    if low is None or high is None:
        return t("robust.interval_unranked", lang)
    total = int(np.sum(~np.isnan(u.nominal_rank)))
    key = "robust.interval_text_one" if low == high else "robust.interval_text"
    return t(key, lang, low=low, high=high, total=total, share=INTERVAL_SHARE)


def rank_interval_view(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`rank_interval_table` for display: region, rank today, 90 % interval, median, share of draws at the
    rank today."""
    ranked = table[table["nominal_rank"].notna()]
    return pd.DataFrame({
        t("robust.region", lang): ranked["name"],
        t("robust.nominal_rank", lang): [_int_or_dash(r) for r in ranked["nominal_rank"]],
        t("robust.interval", lang): [f"{lo}–{hi}" if lo != hi else str(lo)
                                     for lo, hi in zip(ranked["low"], ranked["high"], strict=True)],
        t("robust.median_rank", lang): [fmt_number(m, lang) for m in ranked["median_rank"]],
        t("robust.kept_rank", lang): [fmt_percent(s, lang) for s in ranked["share_nominal_rank"]],
    }).reset_index(drop=True)


def build_rank_intervals(table: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Whiskers of each region's rank over the simulations (5th-95th percentile, whole ranks), the rank today as a
    dark dot labelled with the rank and the median as a diamond; best on top. ``table`` is
    :func:`rank_interval_table` (unranked regions are left out). Regions are named on the axis, so one colour
    serves every region."""
    ranked = table[table["nominal_rank"].notna()].iloc[::-1]  # plotly draws the first category at the bottom
    names = list(ranked["name"])
    total = int(table["total"].iloc[0]) if len(table) else 0
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, title=title, height=max(300, 34 * len(ranked) + 140))
    nominal = ranked["nominal_rank"].astype(float).to_numpy()
    low = ranked["low"].astype(float).to_numpy()
    high = ranked["high"].astype(float).to_numpy()
    hover = [
        t("robust.hover_interval", lang, name=row.name, rank=_int_or_dash(row.nominal_rank), low=_int_or_dash(row.low),
          high=_int_or_dash(row.high), median=fmt_number(row.median_rank, lang),
          share=fmt_percent(row.share_nominal_rank, lang))
        for row in ranked.itertuples()
    ]
    seg_x, seg_y = [], []
    for name, lo, hi in zip(names, low, high, strict=True):
        seg_x += [lo, hi, None]
        seg_y += [name, name, None]
    fig.add_scatter(x=seg_x, y=seg_y, mode="lines+markers", name=t("robust.whisker", lang),
                    line=dict(color=WHISKER_COLOR, width=5), marker=dict(symbol="line-ns", size=14,
                                                                          line=dict(width=3, color=WHISKER_COLOR)),
                    hoverinfo="skip")
    fig.add_scatter(x=ranked["median_rank"], y=names, mode="markers", name=t("robust.median", lang),
                    marker=dict(symbol="diamond-open", size=11, color=WHISKER_COLOR, line=dict(width=2)),
                    hovertext=hover, hoverinfo="text")
    fig.add_scatter(x=nominal, y=names, mode="markers+text", name=t("robust.nominal", lang),
                    marker=dict(size=13, color=NOMINAL_COLOR, line=dict(color="white", width=1.5)),
                    text=[_int_or_dash(r) for r in ranked["nominal_rank"]], textposition="top center",
                    textfont=dict(size=11), hovertext=hover, hoverinfo="text")
    fig.update_layout(xaxis=dict(title=t("robust.rank_axis", lang), range=[0.4, max(total, 1) + 0.6], dtick=1),
                      yaxis=dict(title=None), margin=dict(t=90))
    return fig


# -------------------------------------------------------------------------------------------------------------------
# Leave one out and sensitivity


def loo_view(loo: LeaveOneOut, framework: Framework, lang: str) -> pd.DataFrame:
    """The leave-one-indicator-out summary for display, the most rank-moving indicator first (indicators without
    data are left out)."""
    s = loo.summary()
    s = s[s["regions_with_data"] > 0]
    return pd.DataFrame({
        t("robust.indicator", lang): [framework.node(i).name(lang) for i in s["indicator"]],
        t("robust.loo_max", lang): [_int_or_dash(v) for v in s["max_abs_change"]],
        t("robust.loo_mean", lang): [fmt_number(v, lang) for v in s["mean_abs_change"]],
        t("robust.loo_moved", lang): s["regions_moved"].astype(int).to_numpy(),
        t("robust.loo_with_data", lang): s["regions_with_data"].astype(int).to_numpy(),
    })


def build_loo_heatmap(loo: LeaveOneOut, framework: Framework, labels: Mapping[str, str], lang: str,
                      title: str | None = None) -> go.Figure:
    """Indicators (rows, with data only; their names read across) x regions (columns, best today first) heat map of
    the rank change when the indicator is removed: red = the region falls without it, blue = it rises; grey "–" =
    unranked. Cell text at :data:`readiness.display.charts.HEAT_TEXT_SIZE`; the top margin fits the column labels."""
    with_data = np.flatnonzero(loo.regions_with_data > 0)
    ranked = np.flatnonzero(~np.isnan(loo.nominal_rank))
    rows = ranked[np.argsort(loo.nominal_rank[ranked], kind="stable")]
    z = loo.changes[np.ix_(rows, with_data)].T  # indicators as rows (long names read across), regions as columns
    text = np.where(np.isnan(z), "–", np.vectorize(lambda v: f"{v:+.0f}" if v else "0")(np.nan_to_num(z)))
    bound = max(1.0, float(np.nanmax(np.abs(z))) if np.isfinite(z).any() else 1.0)
    y = [wrap(framework.node(loo.indicators[i]).name(lang), 34) for i in with_data]
    x = [f"{int(loo.nominal_rank[r])}. {labels.get(loo.regions[r], loo.regions[r])}" for r in rows]
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, title=title, height=max(300, 52 * len(y) + 200))
    fig.add_heatmap(z=z, x=x, y=y, text=text, texttemplate="%{text}", textfont=dict(size=HEAT_TEXT_SIZE),
                    zmin=-bound, zmax=bound, zmid=0, colorscale=LOO_SCALE, xgap=2, ygap=2,
                    colorbar=dict(title=dict(text=t("robust.loo_colorbar", lang), side="right"), thickness=12),
                    hovertemplate=t("robust.loo_hover", lang) + "<extra></extra>")
    fig.update_layout(plot_bgcolor=MISSING_COLOR, yaxis=dict(autorange="reversed"),
                      xaxis=dict(side="top", tickangle=-45, tickfont=dict(size=12)),
                      margin=dict(t=column_label_margin(x, 12, 45, title=bool(title))))
    return fig


def build_sensitivity_bars(sens: Sensitivity, lang: str, title: str | None = None) -> go.Figure:
    """First-order and total sensitivity index of each uncertain input (horizontal bars, bootstrap 5-95 % as error
    bars). Indices that could not be estimated (no variance) are drawn as "no data"."""
    names = [t(f"robust.factors.{f}", lang) for f in sens.factors]
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, title=title, height=max(260, 70 * len(names) + 160), barmode="group")
    for k, (label, value, q05, q95) in enumerate((
        (t("robust.sens_first", lang), sens.first_order, sens.first_order_q05, sens.first_order_q95),
        (t("robust.sens_total", lang), sens.total, sens.total_q05, sens.total_q95),
    )):
        v = np.asarray(value, dtype=float)
        fig.add_bar(y=names, x=v, orientation="h", name=label, marker_color=PILLAR_COLORS[k],
                    text=[t("common.no_data", lang) if np.isnan(a) else fmt_number(a, lang, 2) for a in v],
                    textposition="inside", insidetextanchor="start", textfont=dict(color="white"),
                    error_x=dict(type="data", symmetric=False, array=np.clip(np.asarray(q95) - v, 0, None),
                                 arrayminus=np.clip(v - np.asarray(q05), 0, None), color="#555"))
    fig.update_layout(xaxis=dict(title=t("robust.sens_axis", lang), range=[0, 1.15]), yaxis=dict(title=None))
    return fig


# -------------------------------------------------------------------------------------------------------------------
# Two results side by side: default vs reweighted, today vs scenario


def rank_move(before: float, after: float) -> str:
    """An arrow against the default rank: "▲ 2" (up two places), "▼ 1", "=" (same), "–" (unranked in either)."""
    if _missing(before) or _missing(after):
        return "–"
    step = int(before) - int(after)
    return "=" if step == 0 else (f"▲ {step}" if step > 0 else f"▼ {-step}")


def rank_shift_table(before: Result, after: Result, labels: Mapping[str, str], node: str | None = None) -> pd.DataFrame:
    """Index score and rank of every region in two results of the same regions, sorted by the rank in ``after``
    (unranked last): ``region_code, name, score_before, score_after, rank_before, rank_after, move`` (``move`` > 0:
    up)."""
    if before.regions != after.regions:
        raise ValueError("the two results must score the same regions")
    node = node or before.framework.root
    c = before.node_ids.index(node)
    frame = pd.DataFrame({
        "region_code": list(before.regions),
        "name": [labels.get(r, r) for r in before.regions],
        "score_before": before.values[:, c],
        "score_after": after.values[:, c],
        "rank_before": before.ranks[:, c],
        "rank_after": after.ranks[:, c],
    })
    frame["move"] = frame["rank_before"] - frame["rank_after"]
    return frame.sort_values(["rank_after", "rank_before", "name"], na_position="last").reset_index(drop=True)


def rank_shift_view(table: pd.DataFrame, lang: str, before_label: str, after_label: str) -> pd.DataFrame:
    """:func:`rank_shift_table` for display: region, rank and score under each label, and the arrow."""
    return pd.DataFrame({
        t("robust.region", lang): table["name"],
        f"{t('robust.rank', lang)} · {after_label}": [_int_or_dash(r) for r in table["rank_after"]],
        t("robust.move", lang): [rank_move(a, b) for a, b in zip(table["rank_before"], table["rank_after"],
                                                                  strict=True)],
        f"{t('robust.rank', lang)} · {before_label}": [_int_or_dash(r) for r in table["rank_before"]],
        f"{t('robust.score', lang)} · {after_label}": [fmt_number(s, lang) for s in table["score_after"]],
        f"{t('robust.score', lang)} · {before_label}": [fmt_number(s, lang) for s in table["score_before"]],
    })


def build_rank_shift(table: pd.DataFrame, lang: str, before_label: str, after_label: str,
                     colors: Mapping[str, str] | None = None, title: str | None = None) -> go.Figure:
    """Slope chart: each region's rank under ``before_label`` (left) and ``after_label`` (right), a line between
    them, labelled at both ends. Regions unranked on either side are left out."""
    both = table[table["rank_before"].notna() & table["rank_after"].notna()]
    total = int(max(both["rank_before"].max(), both["rank_after"].max())) if len(both) else 1
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, title=title, height=max(320, 30 * total + 150), showlegend=False)
    for row in both.itertuples():
        color = (colors or {}).get(row.region_code, NOMINAL_COLOR)
        fig.add_scatter(x=[0, 1], y=[row.rank_before, row.rank_after], mode="lines+markers+text",
                        line=dict(color=color, width=3 if row.move else 1.5, dash="solid" if row.move else "dot"),
                        marker=dict(size=9, color=color),
                        text=[f"{int(row.rank_before)}. {row.name}", f"{int(row.rank_after)}. {row.name} "
                              f"{rank_move(row.rank_before, row.rank_after)}"],
                        textposition=["middle left", "middle right"], cliponaxis=False,
                        hovertemplate=f"{row.name}: %{{y}}<extra></extra>")
    fig.update_layout(xaxis=dict(range=[-0.9, 1.9], tickvals=[0, 1], ticktext=[before_label, after_label],
                                 side="top", showgrid=False),
                      yaxis=dict(autorange="reversed", visible=False), margin=dict(t=90, l=10, r=10))
    return fig


def weights_view(default: Framework, current: Framework, lang: str) -> pd.DataFrame:
    """Every pillar and indicator (depth-first) with its weight now and its share of the index under the framework's
    weights and now (shares: products of relative weights, full data)."""
    rows = []
    for node_id in default.to_frame()["id"]:
        if node_id == default.root:
            continue
        depth = default.depth(node_id)
        rows.append({
            t("robust.node", lang): ("    " * (depth - 1)) + default.node(node_id).name(lang),
            t("robust.weight", lang): fmt_number(current.nodes[node_id].weight, lang),
            t("robust.share_default", lang): fmt_percent(default.effective_weight(node_id), lang, 1),
            t("robust.share_new", lang): fmt_percent(current.effective_weight(node_id), lang, 1),
        })
    return pd.DataFrame(rows)


def scenario_view(today: Result, scenario_result: Result, scenario: Scenario, bands: BandBook | None,
                  lang: str) -> pd.DataFrame:
    """Today vs the scenario for the scenario's region: every indicator (value and band), every pillar and the
    index (score), and the index rank. Columns: item, "Hari ini (resmi)" / "Today (published)", "Skenario: <name>",
    change. Each value's band is looked up in ``bands`` (the dataset's one band lookup,
    :meth:`readiness.model.datasets.Dataset.band_book`) for the year the value stands for, as on the results board,
    and named in ``lang``."""
    fw = today.framework
    r = today.regions.index(scenario.region)
    total_today = int(np.sum(~np.isnan(today.ranks[:, -1])))
    total_scen = int(np.sum(~np.isnan(scenario_result.ranks[:, -1])))
    label = scenario_label(scenario.name, lang)
    rows: list[dict[str, str]] = []

    def add(item: str, a: str, b: str, change: str) -> None:
        rows.append({t("robust.item", lang): item, t("robust.today", lang): a, label: b,
                     t("robust.change", lang): change})

    def delta(a: float, b: float, decimals: int = 1) -> str:
        if _missing(a) or _missing(b) or round(b - a, 9) == 0:
            return "" if not (_missing(a) ^ _missing(b)) else "•"
        return ("+" if b > a else "") + fmt_number(b - a, lang, decimals)

    changed = set(scenario.as_dict())
    for i, ind in enumerate(fw.indicators):
        a, b = float(today.raw[r, i]), float(scenario_result.raw[r, i])
        if _missing(a) and _missing(b):
            continue
        unit = fw.node(ind).unit_in(lang)
        name = fw.node(ind).name(lang) + (f" ({unit})" if unit else "") + (" ✎" if ind in changed else "")
        add(f"{t('robust.indicator', lang)} · {name}",
            fmt_number(a, lang, 2) + _band_text(bands, ind, a, today.year_used[r, i], lang),
            fmt_number(b, lang, 2) + _band_text(bands, ind, b, scenario_result.year_used[r, i], lang), delta(a, b, 2))
    for node in [*[p for p in fw.aggregates if p != fw.root], fw.root]:
        c = today.node_ids.index(node)
        a, b = float(today.values[r, c]), float(scenario_result.values[r, c])
        kind = t("robust.index", lang) if node == fw.root else t("robust.pillar", lang)
        add(f"{kind} · {fw.node(node).name(lang)}", fmt_number(a, lang), fmt_number(b, lang), delta(a, b))
    ra, rb = today.ranks[r, -1], scenario_result.ranks[r, -1]
    add(t("robust.rank", lang),
        t("robust.rank_of", lang, rank=_int_or_dash(ra), total=total_today),
        t("robust.rank_of", lang, rank=_int_or_dash(rb), total=total_scen), rank_move(ra, rb))
    return pd.DataFrame(rows)


def _band_text(bands: BandBook | None, indicator: str, value: float, year: float, lang: str) -> str:
    """`` · <band name>`` of a value published for ``year``, or "" without a band."""
    band = bands.band(indicator, value, year) if bands is not None else None
    return f" · {band[band_name_column(lang)]}" if band else ""


def scenarios_view(today: Result, items: Sequence[tuple[Scenario, Result]], labels: Mapping[str, str],
                   lang: str) -> pd.DataFrame:
    """Several scenarios side by side, one row each: scenario (labelled as such), region, changes, index and rank
    today and in the scenario."""
    rows = []
    fw = today.framework
    for scenario, res in items:
        r = today.regions.index(scenario.region)
        changes = ", ".join(f"{fw.node(i).name(lang)} → {fmt_number(v, lang, 2)}" for i, v in scenario.changes)
        rows.append({
            t("robust.scenario_name", lang): scenario_label(scenario.name, lang),
            t("robust.region", lang): labels.get(scenario.region, scenario.region),
            t("robust.scenario_changes", lang): changes or "–",
            t("robust.index_today", lang): fmt_number(today.values[r, -1], lang),
            t("robust.index_scenario", lang): fmt_number(res.values[r, -1], lang),
            t("robust.rank_today", lang): _int_or_dash(today.ranks[r, -1]),
            t("robust.rank_scenario", lang): _int_or_dash(res.ranks[r, -1]),
            t("robust.move", lang): rank_move(today.ranks[r, -1], res.ranks[r, -1]),
        })
    return pd.DataFrame(rows)


# -------------------------------------------------------------------------------------------------------------------
# Target planner


def plan_view(plan: TargetPlan, framework: Framework, lang: str) -> pd.DataFrame:
    """The planner's action table for display, least effort first: indicator, today, target, change, effort (share
    of the valid range), valid range, next band and the distance to it."""
    a = plan.to_frame()
    return pd.DataFrame({
        t("robust.indicator", lang): [framework.node(i).name(lang) for i in a["indicator"]],
        t("robust.current", lang): [fmt_number(v, lang, 2) for v in a["current"]],
        t("robust.target", lang): [fmt_number(v, lang, 2) for v in a["target"]],
        t("robust.change", lang): [("+" if v > 0 else "") + fmt_number(v, lang, 2) for v in a["change"]],
        t("robust.effort", lang): [fmt_percent(v, lang, 1) for v in a["effort"]],
        t("robust.valid_range", lang): [f"{fmt_number(lo, lang, 2)}–{fmt_number(hi, lang, 2)}"
                                        for lo, hi in zip(a["range_lo"], a["range_hi"], strict=True)],
        t("robust.next_band", lang): ["–" if _missing(b) else str(b) for b in a["next_band"]],
        t("robust.to_next_band", lang): ["–" if _missing(d) else fmt_number(d, lang, 2) for d in a["to_next_band"]],
    })


def plan_text(plan: TargetPlan, labels: Mapping[str, str], lang: str) -> list[str]:
    """The plan's outcome in sentences: met already, verified reached, or out of reach; then index and rank before
    and after."""
    name = labels.get(plan.region, plan.region)
    if plan.already_met:
        return [t("robust.plan_met", lang, name=name)]
    if not plan.reached:
        return [t("robust.plan_not_reached", lang)]
    out = [t("robust.plan_reached", lang, before=fmt_number(plan.before["own"], lang),
             after=fmt_number(plan.after["own"], lang))]
    out.append(t("robust.plan_rank", lang, score_before=fmt_number(plan.before["index_score"], lang),
                 score_after=fmt_number(plan.after["index_score"], lang),
                 rank_before=_int_or_dash(plan.before["index_rank"]),
                 rank_after=_int_or_dash(plan.after["index_rank"])))
    return out
