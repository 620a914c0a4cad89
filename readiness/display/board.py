"""Official results first, and comparisons on a defensible basis: page-ready tables and figures for issue 9.

* :func:`board_table` / :func:`board_view` / :func:`board_csv`: the results board -- regions x indicators, each cell
  the published value, its year and its official band (``data/bands.csv``, else the published label), coloured by
  band with the band's name as text.
* :func:`gap_view`, :func:`basis_text`, :func:`left_out_names`: the like-for-like gap table and its basis in words.
* :func:`rule_text`, :func:`score_text`: the sufficiency rule and a score or "not enough data (coverage x %)".
* :func:`build_basis_trend`: trend lines that break where the basis changes, with markers at arrivals and method
  breaks.
* :func:`periods_view`, :func:`bands_view`: the method breaks with sources and the band tables (methodology).

Pure functions (pandas, plotly); no Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from readiness.analysis.compare import basis_trend
from readiness.display.i18n import fmt_number, fmt_percent, localised, t
from readiness.display.tables import published_years
from readiness.display.theme import NO_BAND_FILL, TEMPLATE, band_fill
from readiness.io import neutralise_cells
from readiness.model.datasets import Dataset
from readiness.model.framework import Framework
from readiness.pipeline.scoring import Result
from readiness.pipeline.spec import ScoringSpec

__all__ = [
    "HIGHLIGHT_MARK",
    "bands_view",
    "basis_text",
    "basis_trends",
    "board_csv",
    "board_styler",
    "board_table",
    "board_view",
    "build_basis_trend",
    "column_widths",
    "gap_view",
    "index_text",
    "left_out_names",
    "missing_core_text",
    "periods_view",
    "region_view",
    "rule_text",
    "score_text",
]

#: The mark before the highlighted region's name on the board ("my city").
HIGHLIGHT_MARK = "▶ "


def board_table(dataset: Dataset, year: int, window: int, regions: Sequence[str] | None = None) -> pd.DataFrame:
    """The published results in force in ``year``: for every scored region (or ``regions``) and framework
    indicator, the latest published (not derived) value from ``year - window`` to ``year``.

    Long table: ``region_code, name, group, indicator, value, year, band_id, band_name_id, band_name_en, band_rank,
    n_bands, label, source_id`` (band from the dataset's one band lookup, :meth:`Dataset.bands_of`, for the value's
    year; ``label`` the published category of that year from ``labels.csv``, e.g. an IPP or IID category without a
    band table). Regions without any figure keep one row per indicator with missing values.
    """
    fw = dataset.framework
    codes = list(regions) if regions is not None else list(dataset.scored_regions()["code"])
    obs = dataset.observations
    obs = obs[obs["indicator"].isin(fw.indicators) & ~obs["derived"].astype(bool) & obs["region_code"].isin(codes)
              & (obs["year"] <= year) & (obs["year"] >= year - window)]
    latest = obs.sort_values("year").groupby(["region_code", "indicator"]).tail(1).set_index(
        ["region_code", "indicator"])
    labels = dataset.labels
    published = labels.groupby(["region_code", "indicator", "year"])["label"].first().to_dict()
    names, groups = dataset.region_labels(), dataset.region_groups()
    rows = []
    for code in codes:
        for ind in fw.indicators:
            row = {"region_code": code, "name": names.get(code, code), "group": groups.get(code, ""),
                   "indicator": ind, "value": np.nan, "year": pd.NA, "label": None, "source_id": None}
            if (code, ind) in latest.index:
                hit = latest.loc[(code, ind)]
                y = int(hit["year"])
                found = [published.get((code, lab, y)) for lab in fw.node(ind).extra.get("published_labels", ())]
                row.update(value=float(hit["value"]), year=y, source_id=hit.get("source_id"),
                           label=" / ".join(str(f) for f in found if f) or None)
            rows.append(row)
    out = pd.DataFrame(rows, columns=["region_code", "name", "group", "indicator", "value", "year", "label",
                                      "source_id"])
    out["year"] = pd.array(out["year"], dtype="Int64")
    return _with_bands(out, dataset)


def _with_bands(board: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """The board with each value's official band: one vectorised look-up per indicator that has a band table."""
    n = len(board)
    found = {c: np.full(n, None, dtype=object) for c in ("band_id", "band_name_id", "band_name_en")}
    rank, count = np.full(n, np.nan), np.full(n, np.nan)
    values = board["value"].to_numpy(dtype=float)
    years = board["year"].to_numpy(dtype=float, na_value=np.nan)
    indicators = board["indicator"].to_numpy()
    for ind in dataset.band_book().indicators:
        rows = np.flatnonzero((indicators == ind) & ~np.isnan(values))
        if len(rows):
            bands = dataset.bands_of(ind, values[rows], years[rows])
            for column, source in (("band_id", "band_id"), ("band_name_id", "name_id"), ("band_name_en", "name_en")):
                found[column][rows] = bands[source].to_numpy(dtype=object)
            rank[rows], count[rows] = bands["rank"].to_numpy(), bands["n_bands"].to_numpy()
    bands = pd.DataFrame({**found, "band_rank": rank, "n_bands": count}, index=board.index).infer_objects()
    cols = ["region_code", "name", "group", "indicator", "value", "year", "band_id", "band_name_id", "band_name_en",
            "band_rank", "n_bands", "label", "source_id"]
    return pd.concat([board, bands], axis=1)[cols]


def _cell(row: pd.Series, lang: str) -> str:
    if pd.isna(row["value"]):
        return "–"
    decimals = 0 if float(row["value"]).is_integer() else 2
    text = f"{fmt_number(row['value'], lang, decimals)} ({int(row['year'])})"
    band = row["band_name_id"] if lang == "id" else row["band_name_en"]
    if isinstance(band, str):
        return f"{text} · {band}"
    if isinstance(row["label"], str):
        return f"{text} · {row['label']}"
    return text


def board_view(board: pd.DataFrame, framework: Framework, lang: str, sort_by: str | None = None,
               groups: Sequence[str] | None = None, group_names: Mapping[str, str] | None = None,
               pillar: str | None = None, highlight: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The board for display: ``(text, colours)``, both regions (rows) x indicators with any value (columns).

    Each text cell reads "value (year) · band name"; ``colours`` holds each cell's band colour. ``sort_by`` an
    indicator id: regions with the highest value of it first (then by name); default by name. ``groups``: keep
    only regions of these groups. ``pillar``: only the indicators under that pillar (the board paged by pillar).
    ``highlight`` (a region code): its name starts with :data:`HIGHLIGHT_MARK` ("my city").
    """
    b = board if groups is None else board[board["group"].isin(list(groups))]
    under = set(framework.indicators_under(pillar)) if pillar else set(framework.indicators)
    used = [i for i in framework.indicators if i in under and b.loc[b["indicator"] == i, "value"].notna().any()]
    b = b[b["indicator"].isin(used)]
    text = b.assign(cell=[_cell(r, lang) for _, r in b.iterrows()]).pivot(
        index="region_code", columns="indicator", values="cell")
    colours = b.assign(colour=[band_fill(r, n) for r, n in zip(b["band_rank"], b["n_bands"], strict=True)]).pivot(
        index="region_code", columns="indicator", values="colour")
    values = b.pivot(index="region_code", columns="indicator", values="value")
    first = b.drop_duplicates("region_code").set_index("region_code")
    order = first.sort_values("name").index
    if sort_by in values.columns:
        order = values.loc[order, sort_by].astype(float).sort_values(ascending=False, na_position="last",
                                                                     kind="stable").index
    text, colours = text.loc[order, used], colours.loc[order, used]
    labels = {i: framework.node(i).name(lang) for i in used}
    region = t("columns.region", lang)
    group = t("columns.group", lang)
    names = dict(group_names or {})
    text.insert(0, group, [names.get(g, g) for g in first.loc[order, "group"]])
    text.insert(0, region, [HIGHLIGHT_MARK + n if c == highlight else n
                            for c, n in zip(order, first.loc[order, "name"], strict=True)])
    colours.insert(0, group, NO_BAND_FILL)
    colours.insert(0, region, NO_BAND_FILL)
    text = text.rename(columns=labels).reset_index(drop=True)
    colours = colours.rename(columns=labels).reset_index(drop=True)
    return text, colours


def region_view(board: pd.DataFrame, region: str, framework: Framework, lang: str
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One region's published results as a column (indicators with a value): ``(text, colours)`` with columns
    indicator and value ("value (year) · band")."""
    b = board[(board["region_code"] == region) & board["value"].notna()]
    indicator, value = t("columns.indicator", lang), t("columns.value", lang)
    text = pd.DataFrame({indicator: [framework.node(i).name(lang) for i in b["indicator"]],
                         value: [_cell(r, lang) for _, r in b.iterrows()]})
    colours = pd.DataFrame({indicator: NO_BAND_FILL,
                            value: [band_fill(r, n) for r, n in zip(b["band_rank"], b["n_bands"], strict=True)]})
    return text.reset_index(drop=True), colours.reset_index(drop=True)


def board_styler(text: pd.DataFrame, colours: pd.DataFrame):
    """A pandas Styler painting each cell with its band colour (dark text on light colours); the highlighted
    region's row ("my city", :data:`HIGHLIGHT_MARK`) in bold."""
    bold = text.iloc[:, 0].astype(str).str.startswith(HIGHLIGHT_MARK).to_numpy() if len(text.columns) else []

    def paint(_: pd.DataFrame) -> pd.DataFrame:
        css = colours.map(lambda c: f"background-color: {c}; color: #1f2430")
        return css.where(~pd.DataFrame({c: bold for c in css.columns}, index=css.index), css + "; font-weight: 700")

    return text.style.apply(paint, axis=None)


def column_widths(text: pd.DataFrame, char_px: float = 7.4, pad: int = 26, header_max: int = 210) -> dict[str, int]:
    """Each column's width in pixels that shows its longest cell in full (a grid cell cannot wrap; no cut cell):
    about ``char_px`` per character (bold included) plus ``pad``; at least as wide as its header, up to
    ``header_max`` (a longer header is shortened on screen and shown whole in its tooltip)."""
    def width(chars: int) -> int:
        return int(pad + char_px * chars)

    return {str(c): max(width(max((len(str(v)) for v in text[c]), default=0)), min(width(len(str(c))), header_max))
            for c in text.columns}


def board_csv(board: pd.DataFrame, framework: Framework, lang: str) -> str:
    """The board as a CSV download: one row per region and indicator with a value (numbers as published, the band
    in ``lang``, the source id); formula-like cells neutralised (:func:`readiness.io.neutralise_cells`)."""
    b = board[board["value"].notna()]
    out = pd.DataFrame({
        "region_code": b["region_code"], "region": b["name"], "group": b["group"], "indicator": b["indicator"],
        "indicator_name": [framework.node(i).name(lang) for i in b["indicator"]], "value": b["value"],
        "year": b["year"], "band": b["band_name_id"] if lang == "id" else b["band_name_en"],
        "published_label": b["label"], "source_id": b["source_id"],
    })
    return neutralise_cells(out).to_csv(index=False, lineterminator="\n")  # no cell runs as a formula


# -- scores and the rule ----------------------------------------------------------------------------------------------


def rule_text(spec: ScoringSpec, lang: str, framework: Framework | None = None) -> str:
    """The rule that decides who has an index under ``spec``, in words: with the core index (``spec.index`` "core"
    and a framework that declares a core), every core indicator is required; else the sufficiency rule."""
    if framework is not None and spec.index == "core" and framework.core:
        names = ", ".join(framework.nodes[i].name(lang) for i in framework.core)
        return t("honest.rule_core", lang, names=names, pillar=fmt_percent(spec.pillar_min_coverage, lang))
    if spec.sufficiency_off:
        return t("honest.rule_off", lang)
    return t("honest.rule", lang, pillar=fmt_percent(spec.pillar_min_coverage, lang), pillars=spec.index_min_pillars)


def missing_core_text(result: Result, region: str, lang: str, left_out: Mapping[str, str] | None = None
                      ) -> str | None:
    """Why ``region`` has no index under the core index, in words: the core indicators it lacks in the year window
    ("SPBE (2021–2023)"), flagged where a like-for-like basis left one out (``left_out``: "different years",
    "method break"). None when it has an index or the index is not the core."""
    missing = result.missing_core(region)
    if not missing or not math.isnan(result.score_of(region)):
        return None
    flagged = {i: why for i, why in (left_out or {}).items() if i in missing}
    if flagged:
        return left_out_names(flagged, result.framework, lang)
    window = result.spec.window
    span = str(result.year) if not window else f"{result.year - window}–{result.year}"
    names = ", ".join(result.framework.node(i).name(lang) for i in missing)
    return t("honest.missing_core", lang, names=names, span=span)


def index_text(result: Result, region: str, lang: str, *, with_coverage: bool = True,
               left_out: Mapping[str, str] | None = None) -> str:
    """``region``'s index as shown: the number; under the core index without one, "no index: no SPBE (2021–2023)"
    (:func:`missing_core_text`); else :func:`score_text`."""
    if (why := missing_core_text(result, region, lang, left_out)) is not None:
        return t("honest.no_index_because", lang, why=why)
    return score_text(result.score_of(region), result.data_coverage_of(region), lang, with_coverage)


def score_text(score: float, coverage: float, lang: str, with_coverage: bool = True) -> str:
    """A score, or "not enough data (coverage x %)" when it is missing but some data exist, or "no data"."""
    if not pd.isna(score):
        return fmt_number(score, lang)
    if not pd.isna(coverage) and coverage > 0:
        if not with_coverage:
            return t("honest.not_enough_data", lang)
        return t("honest.not_enough_data_cov", lang, coverage=fmt_percent(coverage, lang))
    return t("common.no_data", lang)


# -- like for like ----------------------------------------------------------------------------------------------------


def left_out_names(left_out: Mapping[str, str], framework: Framework, lang: str) -> str:
    """The indicators left out of a like-for-like basis, by name, with a method break marked."""
    parts = []
    for ind, why in left_out.items():
        name = framework.node(ind).name(lang)
        flag = {"method_break": "honest.method_break_flag", "different_years": "honest.different_years_flag"}.get(why)
        parts.append(f"{name} ({t(flag, lang)})" if flag else name)
    return ", ".join(parts)


def basis_text(shared: Sequence[str], left_out: Mapping[str, str], framework: Framework, lang: str) -> list[str]:
    """Sentences naming the shared basis and what was left out."""
    if not shared:
        return [t("honest.basis_none", lang)]
    out = [t("honest.basis_shared", lang, n=len(shared),
             names=", ".join(framework.node(i).name(lang) for i in shared))]
    if left_out:
        out.append(t("honest.basis_left_out", lang, names=left_out_names(left_out, framework, lang)))
    return out


def gap_view(table: pd.DataFrame, framework: Framework, lang: str, name_a: str, name_b: str) -> pd.DataFrame:
    """The gap table (:func:`readiness.analysis.compare.gap_table`) for display: indicator, both values with their
    years,
    both normalised values, the contribution or "not comparable" with the reason."""
    def value(v: float, y: object) -> str:
        if pd.isna(v):
            return t("common.no_data", lang)
        decimals = 0 if float(v).is_integer() else 2
        return f"{fmt_number(v, lang, decimals)} ({int(y)})"

    def contribution(row: pd.Series) -> str:
        if row["comparable"]:
            flag = f" {t('honest.method_break_flag', lang)}" if row["method_break"] else \
                f" ({t('honest.different_years_flag', lang)})" if row["reason"] == "different_years" else ""
            return f"{fmt_number(row['contribution'], lang, 2)}{flag}"
        reason = row["reason"]
        why = t(f"honest.reason.{reason}", lang, a=name_a, b=name_b, years="") if reason else ""
        if reason in ("method_break", "different_years"):
            why = t(f"honest.reason.{reason}", lang, years=f"{int(row['year_a'])}/{int(row['year_b'])}")
        return f"{t('honest.not_comparable', lang)}: {why}" if why else t("honest.not_comparable", lang)

    return pd.DataFrame({
        "indicator": [framework.node(i).name(lang) for i in table["indicator"]],
        "value_a": [value(v, y) for v, y in zip(table["value_a"], table["year_a"], strict=True)],
        "value_b": [value(v, y) for v, y in zip(table["value_b"], table["year_b"], strict=True)],
        "normalised_a": [fmt_number(v, lang) for v in table["normalised_a"]],
        "normalised_b": [fmt_number(v, lang) for v in table["normalised_b"]],
        "contribution": [contribution(r) for _, r in table.iterrows()],
    })


# -- trends on a constant basis ---------------------------------------------------------------------------------------


def _names(ids: Sequence[str], framework: Framework, lang: str) -> str:
    return ", ".join(framework.node(i).name(lang) for i in ids)


def basis_trends(results: Mapping[int, object], dataset: Dataset, window: int,
                 keys: Mapping[str, tuple[str, str | None]]) -> dict[str, pd.DataFrame]:
    """:func:`readiness.analysis.compare.basis_trend` for each ``key -> (region, node)``, with the years in which the
    region
    has no published (not derived) figure within the window left out (a score there would rest on derived values
    alone, e.g. whether an MPP was open; see :func:`readiness.display.tables.published_years`)."""
    out = {}
    for key, (region, node) in keys.items():
        trend = basis_trend(results, region, dataset.method_periods, node=node)  # type: ignore[arg-type]
        keep = set(published_years(dataset, region, list(trend["year"]), window))
        trend = trend[trend["year"].isin(keep)].reset_index(drop=True)
        out[key] = trend
    return out


def build_basis_trend(trends: Mapping[str, pd.DataFrame], framework: Framework, lang: str,
                      labels: Mapping[str, str], colors: Mapping[str, str], title: str | None = None) -> go.Figure:
    """Score lines over the years that break where the basis changes (``trends``: key -> the table of
    :func:`readiness.analysis.compare.basis_trend`). Each constant-basis segment is one line; a new segment starts
    with a
    hollow marker naming the figures that arrived or left; a method break is a ✕ marker naming the indicator."""
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, title=title, height=460)
    legend_shown: set[str] = set()
    for key, table in trends.items():
        name, color = labels.get(key, key), colors.get(key)
        scored = table.dropna(subset=["score"])
        if scored.empty:
            fig.add_scatter(x=[None], y=[None], name=f"{name} ({t('common.no_data', lang)})", mode="lines",
                            line=dict(color=color))
            continue
        for segment, part in scored.groupby("segment", sort=True):
            fig.add_scatter(x=part["year"], y=part["score"], mode="lines+markers", name=name, legendgroup=key,
                            showlegend=key not in legend_shown, line=dict(color=color, width=3),
                            marker=dict(size=9), text=[fmt_number(v, lang) for v in part["score"]],
                            hovertemplate="%{x}: %{text}<extra>" + name + "</extra>")
            legend_shown.add(key)
            first = part.iloc[0]
            notes = []
            if first["arrived"]:
                notes.append(t("honest.arrived", lang, names=_names(first["arrived"], framework, lang)))
            if first["departed"]:
                notes.append(t("honest.departed", lang, names=_names(first["departed"], framework, lang)))
            if notes and segment > scored["segment"].min():
                fig.add_scatter(x=[first["year"]], y=[first["score"]], mode="markers", legendgroup=key,
                                showlegend=False, marker=dict(symbol="circle-open", size=18, color=color,
                                                              line=dict(width=2)),
                                hovertext="<br>".join(notes), hoverinfo="text")
            if first["breaks"]:
                fig.add_scatter(x=[first["year"]], y=[first["score"]], mode="markers+text", legendgroup=key,
                                showlegend=False, marker=dict(symbol="x-thin-open", size=20, color="#d55e00",
                                                              line=dict(width=3)),
                                text=["⚠"], textposition="top center",
                                hovertext=t("honest.break_marker", lang,
                                            names=_names(first["breaks"], framework, lang)), hoverinfo="text")
    fig.update_layout(xaxis=dict(dtick=1, title=t("charts.year_axis", lang)),
                      yaxis=dict(range=[0, 105], title=t("charts.score_axis", lang)),
                      legend=dict(orientation="h", yanchor="top", y=-0.25, x=0), margin=dict(t=50, b=150),
                      height=520)
    return fig


# -- methodology ------------------------------------------------------------------------------------------------------


def periods_view(dataset: Dataset, lang: str) -> pd.DataFrame:
    """Every recorded method period (the breaks between them) with what changed and its source."""
    p = dataset.method_periods
    if p.empty:
        return pd.DataFrame(columns=["indicator", "from_year", "to_year", "change_note", "source", "url"])
    sources = dataset.sources.set_index("id")
    fw = dataset.framework
    return pd.DataFrame({
        "indicator": [fw.node(i).name(lang) for i in p["indicator"]],
        "from_year": p["from_year"].astype(int).astype(str),
        "to_year": ["…" if pd.isna(v) else str(int(v)) for v in p["to_year"]],
        "change_note": localised(p, "note", lang).fillna(""),
        "source": [sources.loc[s, "title"] if s in sources.index else s for s in p["source_id"]],
        "url": [sources.loc[s, "url"] if s in sources.index else None for s in p["source_id"]],
    })


def bands_view(dataset: Dataset, lang: str) -> pd.DataFrame:
    """Every official band table: indicator, period, bounds, the band's name in ``lang``, source."""
    b = dataset.bands
    if b.empty:
        return pd.DataFrame(columns=["indicator", "period", "lower", "upper", "band", "source", "url"])
    sources = dataset.sources.set_index("id")
    fw = dataset.framework
    b = b.sort_values(["indicator", "period_from_year", "lower_bound"])
    return pd.DataFrame({
        "indicator": [fw.node(i).name(lang) for i in b["indicator"]],
        "period": b["period_from_year"].astype(int).astype(str),
        "lower": [fmt_number(v, lang, 2) for v in b["lower_bound"]],
        "upper": [fmt_number(v, lang, 2) for v in b["upper_bound"]],
        "band": b["name_id"] if lang == "id" else b["name_en"],
        "source": [sources.loc[s, "title"] if s in sources.index else s for s in b["source_id"]],
        "url": [sources.loc[s, "url"] if s in sources.index else None for s in b["source_id"]],
    })
