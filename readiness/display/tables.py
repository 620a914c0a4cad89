"""Page-ready tables, computed from a :class:`~readiness.pipeline.scoring.Result` and the dataset.

Pages call these and render; they hold no pandas logic of their own. Every function is pure and testable without
Streamlit. Functions ending in ``_view`` return display text (translated, numbers formatted); the others return
numbers for charts.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from readiness.analysis.compare import group_means
from readiness.display import methods
from readiness.display.i18n import fmt_number, fmt_percent, localised, t
from readiness.geo.places import distances
from readiness.model.datasets import Dataset
from readiness.model.framework import Framework
from readiness.pipeline.provenance import MethodUsed
from readiness.pipeline.scoring import Result
from readiness.pipeline.spec import ScoringSpec

__all__ = [
    "LOW_COVERAGE",
    "benchmark_note",
    "comparability",
    "constant_basis_improver",
    "events_view",
    "framework_view",
    "gap_view",
    "headline",
    "indicator_export",
    "indicator_table",
    "map_points",
    "map_view_table",
    "measure_name",
    "method_label",
    "methods_view",
    "peer_codes",
    "pillar_series",
    "published_text",
    "published_years",
    "ranking_export",
    "ranking_table",
    "raw_values",
    "raw_view",
    "reference_codes",
    "region_events",
    "screen_view",
    "shape_scores",
    "sources_view",
    "undated_view",
    "unscored_names",
]

#: Below this coverage a score rests on few indicators and carries a warning.
LOW_COVERAGE = 0.5


def _year_span(result: Result) -> tuple[np.ndarray, np.ndarray]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        used = np.where(np.isnan(result.values[:, : len(result.framework.indicators)]), np.nan, result.year_used)
        return np.nanmin(used, axis=1), np.nanmax(used, axis=1)


def ranking_table(result: Result, dataset: Dataset, node: str | None = None,
                  groups: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per scored region (of ``groups``, default all), best first (unscored last, then the reference rows):
    name, group, score, rank, ``reference`` (True for a region the spec scores but does not rank: a benchmark when
    only the study regions are ranked), coverage, the year span of the data used, the number of indicators with
    data, ``missing_core`` (the core indicators a region without an index lacks: ``Result.missing_core``), and each
    child's contribution to the score (``contrib_<child>``: the sum of its indicators' contributions,
    :meth:`Result.contributions`, which add up to the score for arithmetic aggregation, core or extended index; for
    geometric aggregation weight share x child score)."""
    node = node or result.framework.root
    labels = dataset.region_labels()
    group_of = dataset.region_groups()
    col = result.node_ids.index(node)
    first, last = _year_span(result)
    inds = [result.framework.indicators.index(i) for i in result.framework.indicators_under(node)]
    table = pd.DataFrame({
        "region_code": list(result.regions),
        "name": [labels.get(c, c) for c in result.regions],
        "group": [group_of.get(c, "") for c in result.regions],
        "score": result.values[:, col],
        "rank": result.ranks[:, col],
        "reference": ~result.spec.ranked(result.regions),
        "coverage": (result.coverage if result.data_coverage is None else result.data_coverage)[:, col],
        "year_from": first,
        "year_to": last,
        "n_indicators": (~np.isnan(result.values[:, inds])).sum(axis=1),
        "n_indicators_total": len(inds),
        "missing_core": [result.missing_core(c) if node == result.framework.root else () for c in result.regions],
    })
    children = result.framework.children(node)
    # arithmetic: each child's part of the score is the sum of its indicators' contributions (Result.contributions),
    # which add up to the score for the extended and for the core index alike (the core index weighs core
    # indicators, not the pillars' scores: share x pillar score would not add up to it, issue 20)
    by_indicator = result.contributions(node) if result.params.get("aggregate") != "geometric" else None
    for child in children:
        c = result.node_ids.index(child)
        if by_indicator is not None:
            under = [i for i in result.framework.indicators_under(child) if i in by_indicator.columns]
            table[f"contrib_{child}"] = by_indicator[under].sum(axis=1).to_numpy() if under else 0.0
        else:
            table[f"contrib_{child}"] = np.where(np.isnan(result.values[:, c]), 0.0,
                                                 result.shares[:, c] * np.nan_to_num(result.values[:, c]))
    table["low_coverage"] = table["coverage"] < LOW_COVERAGE
    if groups is not None:
        table = table[table["group"].isin(list(groups))]
    return table.sort_values(["reference", "score", "name"], ascending=[True, False, True],
                             na_position="last").reset_index(drop=True)


def reference_codes(result: Result) -> list[str]:
    """The regions ``result`` scores but does not rank (``ScoringSpec.ranked``: the benchmarks when only the study
    regions are ranked), in the result's order."""
    return [c for c, ranked in zip(result.regions, result.spec.ranked(result.regions), strict=True) if not ranked]


def benchmark_note(result: Result, dataset: Dataset, lang: str, shown: Sequence[str] | None = None,
                   name: Callable[[str], str] = str) -> str | None:
    """The sentence that says why the unranked benchmark rows are there (of ``shown``, default all), or None when
    every region shown is ranked. ``name`` renders each region's name (the app passes its plain-text helper, as the
    sentence is shown as Markdown)."""
    labels = dataset.region_labels()
    codes = [c for c in reference_codes(result) if shown is None or c in set(shown)]
    if not codes:
        return None
    study_groups = dataset.groups.loc[dataset.groups["role"] == "study", "id"]
    names = dataset.group_names(lang)
    return t("honest.benchmark_note", lang, names=", ".join(name(labels.get(c, c)) for c in codes),
             study=", ".join(names[g] for g in study_groups), n=int(np.sum(result.spec.ranked(result.regions))))


def unscored_names(table: pd.DataFrame, insufficient: bool | None = None) -> list[str]:
    """Names of the regions in a :func:`ranking_table` without a score: all of them, or only those with some data
    below the sufficiency rule (``insufficient=True``), or only those with no data at all (``False``)."""
    missing = table["score"].isna()
    if insufficient is not None:
        missing &= (table["coverage"] > 0) if insufficient else ~(table["coverage"] > 0)
    return list(table.loc[missing, "name"])


def constant_basis_improver(changes: pd.DataFrame, spec: ScoringSpec | None = None) -> dict[str, object] | None:
    """The region with the largest index increase on a constant basis
    (:func:`readiness.analysis.compare.change_on_constant_basis`), or None when no region has a comparable basis or none
    rose by at least 0.05 points (a change that rounds to +0.0 is not an improvement). With ``spec``, only the
    regions it ranks (:meth:`ScoringSpec.ranked`: the study regions by default) are considered."""
    ranked = spec.ranked(list(changes["region_code"])) if spec is not None else True
    ok = changes[changes["comparable"] & (changes["change"] >= 0.05) & ranked]
    if ok.empty:
        return None
    best = ok.loc[ok["change"].idxmax()]
    return {"region_code": str(best["region_code"]), "change": float(best["change"]), "basis": best["basis"],
            "arrived": best["arrived"]}


def headline(result: Result, dataset: Dataset) -> dict[str, object]:
    """Headline figures: regions scored of all, the number ranked (the "of M" of "rank N of M") and the index mean of
    each headline group (``groups.csv``): ``{"scored", "total", "ranked", "group_means"}``. (The biggest improver is
    :func:`constant_basis_improver`: a change on a constant basis, never a difference of two years' indices.)"""
    root = result.framework.root
    scores = result.scores_frame()[root]
    means = group_means(result, dataset.region_groups())[root] if len(scores) else pd.Series(dtype=float)
    return {
        "scored": int(scores.notna().sum()),
        "total": len(scores),
        "ranked": int(result.ranks_frame()[root].notna().sum()),
        "group_means": {g: float(means.get(g, np.nan)) for g in dataset.headline_groups()},
    }


def indicator_table(result: Result, dataset: Dataset, regions: Sequence[str]) -> pd.DataFrame:
    """Long table for ``regions``: one row per region and indicator with raw value, unit, year used, normalised
    value and whether it was missing; in framework order."""
    fw = result.framework
    rows = []
    for code in regions:
        r = result.regions.index(code)
        for i, ind in enumerate(fw.indicators):
            rows.append({
                "region_code": code, "indicator": ind, "pillar": fw.node(ind).parent,
                "raw": result.raw[r, i], "unit": fw.node(ind).unit, "year_used": result.year_used[r, i],
                "normalised": result.values[r, i], "source_id": result.source_ids[r, i],
                "missing": bool(np.isnan(result.raw[r, i])),
            })
    return pd.DataFrame(rows)


def ranking_export(table: pd.DataFrame, group_names: Mapping[str, str]) -> pd.DataFrame:
    """:func:`ranking_table` for download: region, group name, score (1 decimal), rank, data coverage in per cent
    (column keys to localise; missing scores stay empty)."""
    return pd.DataFrame({
        "region": table["name"].to_numpy(),
        "group": [group_names.get(g, g) for g in table["group"]],
        "score": table["score"].round(1).to_numpy(),
        "rank": table["rank"].astype("Int64").reset_index(drop=True),
        "coverage_pct": (table["coverage"] * 100).round(0).astype("Int64").reset_index(drop=True),
    })


def indicator_export(table: pd.DataFrame, framework: Framework, labels: Mapping[str, str], lang: str
                     ) -> pd.DataFrame:
    """:func:`indicator_table` for download: region and indicator names, the raw value with its unit and year in
    ``lang``, the normalised value (column keys to localise; no raw ids)."""
    return pd.DataFrame({
        "region": [labels.get(c, c) for c in table["region_code"]],
        "pillar": [framework.node(p).name(lang) for p in table["pillar"]],
        "indicator": [framework.node(i).name(lang) for i in table["indicator"]],
        "value": table["raw"].to_numpy(),
        "unit": [framework.node(i).unit_in(lang) for i in table["indicator"]],
        "year": table["year_used"].to_numpy(),
        "normalised": table["normalised"].round(1).to_numpy(),
    })


def raw_values(dataset: Dataset, region: str, indicators: Sequence[str] | None = None) -> pd.DataFrame:
    """Every figure of ``region`` for ``indicators`` (default: the framework's), all years, newest first, with
    its source's title, publisher and URL, the published label of that year (e.g. SPBE predikat), and whether it
    was derived."""
    indicators = list(indicators or dataset.framework.indicators)
    obs = dataset.observations
    obs = obs[(obs["region_code"] == region) & obs["indicator"].isin(indicators)]
    # a years-since indicator has a row for every year; its latest row says it all
    yearly = obs["note"].fillna("").str.match(r"derived: (years since|in operation since)")
    obs = pd.concat([obs[~yearly], obs[yearly].sort_values("year").groupby("indicator").tail(1)])
    sources = dataset.sources.set_index("id")[["title", "publisher", "url"]]
    out = obs.join(sources, on="source_id")
    labels = dataset.labels[dataset.labels["region_code"] == region]
    published = labels.groupby(["indicator", "year"])["label"].first().to_dict()
    fw = dataset.framework

    def label(indicator: str, year: int) -> str:
        found = [published.get((name, year)) for name in fw.node(indicator).extra.get("published_labels", ())]
        return " / ".join(str(f) for f in found if f)

    out = out.assign(label=[label(i, int(y)) for i, y in zip(out["indicator"], out["year"], strict=True)])
    order = {ind: k for k, ind in enumerate(indicators)}
    out = out.assign(_order=out["indicator"].map(order)).sort_values(["_order", "year"], ascending=[True, False])
    return out[["indicator", "year", "value", "label", "derived", "note", "title", "publisher", "url",
                "source_id", "confidence"]].reset_index(drop=True)


def measure_name(framework: Framework, measure: str, lang: str) -> str:
    """The display name of an indicator or another published measure (SPBE predikat, Ombudsman zone...) in
    ``lang``: the framework's name, else the ``measures.*`` library term, else the id (an unknown measure)."""
    if measure in framework.nodes:
        return framework.node(measure).name(lang)
    try:
        return t(f"measures.{measure}", lang)
    except KeyError:
        return measure


def region_events(dataset: Dataset, region: str) -> pd.DataFrame:
    """The evidence log of ``region`` (newest first), with each event's source title and URL."""
    events = dataset.events[dataset.events["region_code"] == region]
    sources = dataset.sources.set_index("id")[["title", "url"]].rename(columns={"title": "source_title"})
    out = events.join(sources, on="source_id")
    return out.sort_values("date", ascending=False).reset_index(drop=True)


def comparability(result: Result) -> pd.DataFrame:
    """Per indicator: how many regions have a value this year, whether the regions could be compared on it
    (``status``, from the engine: ``ok``, ``single``, ``tied``, ``none``) and the method used."""
    counts = (~np.isnan(result.raw)).sum(axis=0)
    return pd.DataFrame({
        "indicator": list(result.framework.indicators),
        "n_regions": counts.astype(int),
        "status": [result.status[i] for i in result.framework.indicators],
        "method": [result.methods[i] for i in result.framework.indicators],
    })


def peer_codes(dataset: Dataset, result: Result, group: str) -> list[str]:
    """The scored regions of ``group`` (``"all"`` for every scored region)."""
    groups = dataset.region_groups()
    return [c for c in result.regions if group == "all" or groups.get(c) == group]


def pillar_series(result: Result, dataset: Dataset, region: str, groups: Mapping[str, str], name: str
                  ) -> dict[str, dict[str, float]]:
    """Pillar scores of ``region`` (labelled ``name``) and of each group's mean (labelled by ``groups``)."""
    pillars = result.framework.pillars()
    out = {name: {p: result.score_of(region, p) for p in pillars}}
    means = group_means(result, dataset.region_groups())
    for group, label in groups.items():
        if group in means.index:
            out[label] = {p: float(means.loc[group, p]) for p in pillars}
    return out


def published_years(dataset: Dataset, region: str, years: Sequence[int], window: int) -> list[int]:
    """The years in ``years`` for which ``region`` has at least one published (not derived) figure of a framework
    indicator within the window ``[year - window, year]``. A score in any other year would rest on derived values
    alone (e.g. years since an MPP opened), so trends leave those years out."""
    obs = dataset.observations
    mask = ((obs["region_code"] == region) & obs["indicator"].isin(dataset.framework.indicators)
            & ~obs["derived"].astype(bool))
    have = set(int(y) for y in obs.loc[mask, "year"])
    return [y for y in years if any(y - w in have for w in range(window + 1))]


def events_view(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The evidence log for display: date, kind, title, count, status and source link (column keys to localise)."""
    return pd.DataFrame({
        "date": events["date"], "kind": [t(f"events.kind.{k.replace(' ', '_')}", lang) for k in events["kind"]],
        "title": localised(events, "title", lang),
        "count": [("" if pd.isna(c) else f"{int(c)} {u if isinstance(u, str) else ''}".strip())
                  for c, u in zip(events["count"], localised(events, "unit", lang), strict=True)],
        "status": [t(f"events.status.{v}", lang) for v in events["status"]],
        "source": events["source_title"], "url": events["url"],
    })


def raw_view(raw: pd.DataFrame, framework: Framework, lang: str) -> pd.DataFrame:
    """Raw figures for display: indicator name, year, value as published (with unit), label, source and link."""
    def value(row: pd.Series) -> str:
        decimals = 0 if float(row["value"]).is_integer() else 2
        text = f"{fmt_number(row['value'], lang, decimals)} {framework.node(row['indicator']).unit_in(lang)}"
        return text + (f" ({t('common.derived', lang)})" if row["derived"] else "")

    return pd.DataFrame({
        "indicator": [framework.node(i).name(lang) for i in raw["indicator"]],
        "year": raw["year"].astype(int).astype(str),
        "value": [value(row) for _, row in raw.iterrows()],
        "label": raw["label"],
        "source": raw["title"].fillna("") + " — " + raw["publisher"].fillna(""),
        "url": raw["url"],
    })


def gap_view(gap: pd.DataFrame, framework: Framework, lang: str) -> pd.DataFrame:
    """:func:`readiness.explain_gap` for display: indicator, both normalised values, difference, share of the gap."""
    return pd.DataFrame({
        "indicator": [framework.node(i).name(lang) for i in gap["indicator"]],
        "value_a": [fmt_number(v, lang) for v in gap["normalised_a"]],
        "value_b": [fmt_number(v, lang) for v in gap["normalised_b"]],
        "difference": [fmt_number(v, lang, 2) for v in gap["difference"]],
        "share_of_gap": [fmt_number(v * 100, lang, 0) + "%" if v == v else "–" for v in gap["share_of_gap"]],
    })


def framework_view(framework: Framework, lang: str, core: bool = False) -> pd.DataFrame:
    """The framework's indicators for display: pillar, name, weight within the pillar, effective weight in the index,
    unit and scale, direction, and whether data is awaited. ``core`` (the index is the common core,
    :attr:`readiness.Result.is_core`): the weight in the index is the core's fixed share
    (:meth:`~readiness.model.framework.Framework.core_weights`), "–" for an indicator outside the core."""
    in_index = dict(zip(framework.indicators, framework.core_weights(), strict=True)) if core else None
    rows = []
    for ind in framework.indicators:
        n = framework.node(ind)
        scale = f"{fmt_number(n.goal_min, lang, 0)}–{fmt_number(n.goal_max, lang, 0)}" if n.has_goalposts else "–"
        rows.append({  # the weights first after the names: in sight at 1280 px
            "pillar": framework.node(n.parent).name(lang), "indicator": n.name(lang),
            "weight": fmt_number(framework.relative_weight(ind) * 100, lang, 0) + "%",
            "effective_weight": (fmt_number(framework.effective_weight(ind) * 100, lang, 1) + "%" if in_index is None
                                 else fmt_number(in_index[ind] * 100, lang, 1) + "%" if in_index[ind] else "–"),
            "unit": n.unit_in(lang), "goalposts": scale, "direction": "↑" if n.direction == 1 else "↓",
            "status": t("common.awaiting_data", lang) if n.extra.get("status") == "awaiting data" else "",
        })
    return pd.DataFrame(rows)


def screen_view(table: pd.DataFrame, framework: Framework, group_names: Mapping[str, str], lang: str
                ) -> pd.DataFrame:
    """:func:`readiness.analysis.screen.screen`'s table for display: indicator, whether it is core, its method period,
    how many study regions have a value (of how many; per group), the share of distinct values, and the result
    (passes, or the tests it fails, in words)."""
    groups = [c[2:] for c in table.columns if c.startswith("n_") and c not in ("n_regions", "n_study")]
    fails = {"share": t("screen.fail_share", lang), "constant": t("screen.fail_constant", lang)}

    def result(row: pd.Series) -> str:
        if row["passes"]:
            return t("screen.passes", lang)
        return "; ".join(fails.get(f) or t("screen.fail_group", lang, group=group_names.get(f[6:], f[6:]))
                         for f in row["fails"].split(";"))

    return pd.DataFrame({
        "indicator": [framework.node(i).name(lang) for i in table["indicator"]],
        "core": [t("common.answer_yes" if c else "common.answer_no", lang) for c in table["declared_core"]],
        "period": ["–" if pd.isna(p) else t("screen.period_all", lang) if p == 0 else
                   t("screen.period_from", lang, year=int(p)) for p in table["period_from"]],
        "with_value": [t("screen.n_of", lang, n=n, total=total)
                       for n, total in zip(table["n_regions"], table["n_study"], strict=True)],
        "per_group": [", ".join(f"{group_names.get(g, g)} {row[f'n_{g}']}" for g in groups)
                      for _, row in table.iterrows()],
        "distinct": [fmt_percent(u, lang) for u in table["unique_share"]],
        "screen_result": [result(row) for _, row in table.iterrows()],
    })


def sources_view(dataset: Dataset) -> pd.DataFrame:
    """Every source with how many figures, labels and events cite it, most cited first."""
    counts = pd.concat([dataset.observations["source_id"], dataset.labels["source_id"], dataset.events["source_id"],
                        dataset.undated["source_id"]]).value_counts()
    out = dataset.sources.assign(cited=dataset.sources["id"].map(counts).fillna(0).astype(int))
    out = out.sort_values(["cited", "id"], ascending=[False, True])
    return pd.DataFrame({"source": out["title"], "publisher": out["publisher"], "date": out["date"].fillna("–"),
                         "cited": out["cited"], "url": out["url"]})


def published_text(value: object, lang: str) -> str:
    """A figure kept as published text: a number (``3.72``, ``4041``) in the reader's convention with its published
    decimals (``3,72``, ``4.041`` in Bahasa Indonesia); a label (``Sangat Baik``) as it is."""
    text = str(value).strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return fmt_number(float(text), lang, len(text.partition(".")[2]))
    return text


def undated_view(dataset: Dataset, lang: str) -> pd.DataFrame:
    """Figures without a stated year (never scored), with region name, published date and source link."""
    labels = dataset.region_labels()
    sources = dataset.sources.set_index("id")
    u = dataset.undated
    return pd.DataFrame({
        "region": [labels.get(c, c) for c in u["region_code"]],
        "indicator": [measure_name(dataset.framework, m, lang) for m in u["indicator"]],
        "value": [published_text(v, lang) for v in u["value"]],
        "published": u["published"].fillna("–"), "note": localised(u, "note", lang),
        "source": [sources.loc[s, "title"] for s in u["source_id"]],
        "url": [sources.loc[s, "url"] for s in u["source_id"]],
    })


def method_label(method: MethodUsed, lang: str) -> str:
    """The normalisation used for an indicator (:class:`~readiness.pipeline.provenance.MethodUsed`) in ``lang``
    (the method labels' one home: :func:`readiness.display.methods.used_label`)."""
    return methods.used_label(method, lang)


def methods_view(result: Result, lang: str) -> pd.DataFrame:
    """Per indicator: the normalisation actually used, how many regions have a value, and whether they could be
    compared this year (see :func:`comparability`)."""
    table = comparability(result)
    return pd.DataFrame({
        "indicator": [result.framework.node(i).name(lang) for i in table["indicator"]],
        "method": [method_label(m, lang) for m in table["method"]],
        "n_regions": table["n_regions"],
        "status": [t(f"terms.status.{s}", lang) for s in table["status"]],
    })


def map_points(result: Result, dataset: Dataset, node: str | None = None,
               groups: Sequence[str] | None = None) -> pd.DataFrame:
    """Every region with coordinates (of ``groups`` plus the reference places; default all): code, name, kind,
    group, lat, lon, the score, rank and coverage of ``node`` (default: the index; reference places have none) and
    the geodesic km to IKN's core and to Jakarta."""
    node = node or result.framework.root
    regions = dataset.regions.dropna(subset=["lat", "lon"])
    if groups is not None:
        regions = regions[regions["group"].isin([*groups, "reference"])]
    col = result.node_ids.index(node)
    scores = dict(zip(result.regions, result.values[:, col], strict=True))
    ranks = dict(zip(result.regions, result.ranks[:, col], strict=True))
    coverage = dict(zip(result.regions, result.coverage[:, col], strict=True))
    dist = distances(dataset.regions).set_index("code")
    names = dataset.region_labels()
    return pd.DataFrame({
        "code": regions["code"].to_numpy(),
        "name": [names[c] for c in regions["code"]],
        "kind": regions["kind"].to_numpy(),
        "group": regions["group"].to_numpy(),
        "lat": regions["lat"].astype(float).to_numpy(),
        "lon": regions["lon"].astype(float).to_numpy(),
        "score": [scores.get(c, np.nan) for c in regions["code"]],
        "rank": [ranks.get(c, np.nan) for c in regions["code"]],
        "coverage": [coverage.get(c, np.nan) for c in regions["code"]],
        "km_to_ikn": dist.loc[regions["code"], "km_to_ikn"].to_numpy(),
        "km_to_jakarta": dist.loc[regions["code"], "km_to_jakarta"].to_numpy(),
    })


def shape_scores(shapes: pd.DataFrame, result: Result, node: str | None = None) -> pd.DataFrame:
    """Boundary shapes (with ``code``) and the ``score`` of ``node`` for their region (NaN when none)."""
    node = node or result.framework.root
    col = result.node_ids.index(node)
    scores = dict(zip(result.regions, result.values[:, col], strict=True))
    return shapes.assign(score=[scores.get(c, np.nan) for c in shapes["code"]])


def map_view_table(points: pd.DataFrame, lang: str, group_names: Mapping[str, str]) -> pd.DataFrame:
    """The mapped regions for display: name, group (``group_names``: id -> name), value, rank, coverage and
    straight-line distances, nearest to IKN first."""
    rows = points[points["kind"] != "reference"].sort_values("km_to_ikn", na_position="last")
    return pd.DataFrame({
        "region": rows["name"],
        "group": [group_names.get(g, g) for g in rows["group"]],
        "value": [fmt_number(v, lang) for v in rows["score"]],
        "rank": ["–" if pd.isna(r) else str(int(r)) for r in rows["rank"]],
        "coverage": [fmt_number(c * 100, lang, 0) + "%" if c == c else "–" for c in rows["coverage"]],
        "km_to_ikn": [fmt_number(v, lang, 0) for v in rows["km_to_ikn"]],
        "km_to_jakarta": [fmt_number(v, lang, 0) for v in rows["km_to_jakarta"]],
    })
