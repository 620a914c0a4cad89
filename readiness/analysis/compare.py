"""Comparison helpers: gaps of a region to another region, a group, the best, or targets; what explains a gap;
and comparisons on a defensible basis.

Comparisons are where thin data bites. A comparison between regions, groups or years first fixes its basis -- the
indicators every side has within the year window, in the same method period -- scores on that basis (recomputed,
with :func:`readiness.score`), and names what was left out:

* :func:`like_for_like` and :func:`gap_table`: regions on their shared indicators; the gap decomposed exactly on
  that set, one-sided indicators listed as not comparable.
* :func:`group_like_for_like`: group means on the indicators every group has, over the members that meet the
  sufficiency rule, with counts.
* :func:`change_on_constant_basis` and :func:`basis_trend`: change over time on the indicators present in both
  years with the same method; a new figure is an arrival, not a jump.
* :func:`default_year`: the latest year in which most regions meet the sufficiency rule.

The older helpers (``gap_to_*``, :func:`explain_gap`, :func:`group_means`) read one
:class:`~readiness.pipeline.scoring.Result` as it is.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from readiness.errors import ReadinessWarning, ScoringError
from readiness.model.framework import Framework
from readiness.model.rules import period_keys
from readiness.pipeline.arguments import check_nodes_in_result, check_regions_in_result
from readiness.pipeline.scoring import Result, prepare_cube, score, score_years
from readiness.pipeline.select import ObservationCube
from readiness.pipeline.spec import ScoringSpec

if TYPE_CHECKING:
    from readiness.model.datasets import Dataset

__all__ = [
    "GAP_COLUMNS",
    "GroupComparison",
    "LikeForLike",
    "basis_trend",
    "change_on_constant_basis",
    "default_year",
    "default_year_of",
    "explain_gap",
    "gap_table",
    "gap_to_best",
    "gap_to_group",
    "gap_to_region",
    "gap_to_targets",
    "group_counts",
    "group_like_for_like",
    "group_means",
    "like_for_like",
]


def _gap_table(result: Result, region: str, reference: np.ndarray, label: str) -> pd.DataFrame:
    check_regions_in_result(result, region)
    r = result._r(region)
    own = result.values[r]
    return pd.DataFrame(
        {
            "node": list(result.node_ids),
            "score": own,
            "coverage": result.coverage[r],
            "reference": reference,
            "gap": own - reference,
            "compared_with": label,
        }
    ).set_index("node")


def gap_to_region(result: Result, region: str, other: str) -> pd.DataFrame:
    """Per node: ``region``'s score, ``other``'s score and ``gap = score - reference`` (positive = ahead)."""
    check_regions_in_result(result, region, other)
    return _gap_table(result, region, result.values[result._r(other)], other)


def _nanmean_rows(values: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(values, axis=0)


def gap_to_group(result: Result, region: str, members: Sequence[str], label: str = "group") -> pd.DataFrame:
    """Per node: gap of ``region`` to the mean of ``members`` (regions without a score are left out of the mean)."""
    if isinstance(members, str) or not len(members):
        raise ScoringError(f"members must be a non-empty list of region codes, got {members!r:.80}")
    check_regions_in_result(result, region, *members)
    rows = [result._r(m) for m in members]
    return _gap_table(result, region, _nanmean_rows(result.values[rows]), label)


def gap_to_best(result: Result, region: str) -> pd.DataFrame:
    """Per node: gap of ``region`` to the best score among all scored regions (0 or negative)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        best = np.nanmax(result.values, axis=0)
    return _gap_table(result, region, best, "best")


def gap_to_targets(result: Result, region: str, targets: Mapping[str, float]) -> pd.DataFrame:
    """Per node with a target: gap of ``region``'s score to the target score (same scale as the scores)."""
    reference = np.array([targets.get(n, np.nan) for n in result.node_ids], dtype=float)
    return _gap_table(result, region, reference, "target").loc[[n for n in result.node_ids if n in targets]]


def group_means(result: Result, groups: Mapping[str, str]) -> pd.DataFrame:
    """Mean score per group (rows) and node (columns); ``groups`` maps region code -> group label."""
    scores = result.scores_frame()
    labels = pd.Series({c: groups.get(c) for c in scores.index})
    return scores.groupby(labels.to_numpy()).mean()


def explain_gap(result: Result, region: str, other: str, node: str | None = None) -> pd.DataFrame:
    """The indicators that explain the gap between two regions at ``node``, largest first.

    For arithmetic aggregation each region's score is exactly ``sum_i share_i * normalised_i`` (see
    :meth:`Result.effective_shares`), so the gap splits exactly into per-indicator differences
    ``share_a,i * x_a,i - share_b,i * x_b,i``; these add up to ``score_a - score_b``. For geometric aggregation the
    same split is made in logs (it adds up to ``log(score_a / score_b)``).

    Returns columns ``indicator, normalised_a, normalised_b, contribution_a, contribution_b, difference,
    share_of_gap`` sorted by ``|difference|`` descending.
    """
    check_regions_in_result(result, region, other)
    check_nodes_in_result(result, node)
    node = node or result.framework.root
    contrib = result.contributions(node)
    norm = result.normalised_frame()[contrib.columns]
    diff = contrib.loc[region] - contrib.loc[other]
    total = diff.sum()
    table = pd.DataFrame(
        {
            "indicator": contrib.columns,
            "normalised_a": norm.loc[region].to_numpy(),
            "normalised_b": norm.loc[other].to_numpy(),
            "contribution_a": contrib.loc[region].to_numpy(),
            "contribution_b": contrib.loc[other].to_numpy(),
            "difference": diff.to_numpy(),
            "share_of_gap": (diff / total).to_numpy() if total != 0 else np.full(len(diff), np.nan),
        }
    )
    order = np.argsort(-np.abs(table["difference"].to_numpy()), kind="stable")
    return table.iloc[order].reset_index(drop=True)


# -- like for like --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class LikeForLike:
    """A comparison of regions on the indicators they all have (see :func:`like_for_like`).

    Attributes
    ----------
    regions
        The compared regions.
    shared
        The indicators every compared region has within the year window, in the same method period.
    left_out
        Indicator -> why it is not in the shared set: ``missing`` (some compared region has no value in the
        window) or ``method_break`` (the values come from different method periods). Indicators no region has are
        not listed.
    result
        The regions scored on the shared set only (recomputed: normalisation, coverage and the sufficiency rule
        see only the shared indicators).
    full
        The same regions scored on the full framework (for showing beside it).
    period_keys
        ``(regions, indicators)``: the method period of each value used (:func:`readiness.model.rules.period_keys`).
    """

    regions: tuple[str, ...]
    shared: tuple[str, ...]
    left_out: Mapping[str, str]
    result: Result
    full: Result
    period_keys: np.ndarray


def _cube_of(framework: Framework, observations: pd.DataFrame | ObservationCube, codes: list[str]) -> ObservationCube:
    return prepare_cube(framework, observations, codes)


def _masked(cube: ObservationCube, keep: np.ndarray) -> ObservationCube:
    """The cube with every value outside ``keep`` (``(regions, indicators)`` booleans) removed, in every year."""
    values = np.where(np.asarray(keep, dtype=bool)[:, None, :], cube.values, np.nan)
    return ObservationCube(cube.regions, cube.years, cube.indicators, values, cube.source_ids)


def _quiet_score(framework: Framework, cube: ObservationCube, spec: ScoringSpec, codes: list[str]) -> Result:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadinessWarning)
        return score(framework, cube, spec, regions=codes)


def like_for_like(framework: Framework, observations: pd.DataFrame | ObservationCube, spec: ScoringSpec,
                  regions: Sequence[str], periods: pd.DataFrame | None = None) -> LikeForLike:
    """Score ``regions`` on the indicators they all have within the year window, in the same method period.

    Every compared region is scored on exactly the same indicators, so a region with more data is never pulled
    below (or lifted above) another merely because it has an extra indicator. The indicators left out are named
    with the reason. ``periods`` is the method-period table (``Dataset.method_periods``); without it no method
    break is known.
    """
    codes = [str(c) for c in regions]
    cube = _cube_of(framework, observations, codes)
    full = _quiet_score(framework, cube, spec, codes)
    has = ~np.isnan(full.raw)
    keys = period_keys(periods, framework.indicators, full.year_used)
    all_have = has.all(axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        same = (np.nanmax(keys, axis=0) == np.nanmin(keys, axis=0)) if len(codes) else np.ones(len(has[0]), bool)
    shared = all_have & same
    left_out = {}
    for j, ind in enumerate(framework.indicators):
        if shared[j] or not has[:, j].any():
            continue
        left_out[ind] = "missing" if not all_have[j] else "method_break"
    keep = np.broadcast_to(shared, has.shape)
    result = _quiet_score(framework, _masked(cube, keep), spec, codes)
    shared_ids = tuple(i for j, i in enumerate(framework.indicators) if shared[j])
    return LikeForLike(tuple(codes), shared_ids, MappingProxyType(left_out), result, full, keys)


#: Columns of :func:`gap_table` and of ``python -m readiness compare``.
GAP_COLUMNS = ("indicator", "value_a", "year_a", "value_b", "year_b", "normalised_a", "normalised_b",
               "contribution")


def gap_table(comparison: LikeForLike, region: str, other: str, node: str | None = None, *,
              shared_only: bool = True) -> pd.DataFrame:
    """The gap between two regions at ``node``, indicator by indicator, with both values and their years.

    One row per indicator under ``node`` that at least one of the two has: ``indicator, value_a, year_a, value_b,
    year_b, normalised_a, normalised_b, contribution, comparable, reason, method_break``.

    ``shared_only`` (default): the decomposition runs on the like-for-like result. Both regions are scored on the
    same indicators with the same weight shares ``s_i``, so for arithmetic aggregation each contribution is
    ``s_i * (x_a,i - x_b,i)`` -- it has the sign of the normalised difference -- and the contributions add up
    exactly to the shared-set gap ``score_a - score_b``. An indicator one side lacks, or whose values come from
    different method periods, is ``comparable = False`` with its ``reason`` and an empty contribution, never a
    contribution.

    ``shared_only=False``: the full-framework result. The two regions' weight shares differ there (each is
    renormalised over its own indicators), so an indicator both have gets ``(s_a,i + s_b,i) / 2 * (x_a,i - x_b,i)``
    -- again with the sign of its normalised difference -- and the rest of the full-framework gap (different
    indicator sets and shares) belongs to no indicator. One-sided indicators stay empty; values across a method
    break are included but flagged (``method_break``).
    """
    node = node or comparison.result.framework.root
    full = comparison.full
    fw = full.framework
    ra, rb = full._r(region), full._r(other)
    inds = list(fw.indicators_under(node))
    pos = [fw.indicators.index(i) for i in inds]
    keys = comparison.period_keys
    scored = comparison.result if shared_only else full
    contrib = scored.contributions(node)
    shares = scored.effective_shares(node)
    norm_scored = scored.normalised_frame()
    gap = scored.score_of(region, node) - scored.score_of(other, node)
    rows = []
    for ind, j in zip(inds, pos, strict=True):
        va, vb = full.raw[ra, j], full.raw[rb, j]
        if np.isnan(va) and np.isnan(vb):
            continue
        both = not (np.isnan(va) or np.isnan(vb))
        broken = bool(both and keys[ra, j] != keys[rb, j])
        if not both:
            reason = "missing_b" if np.isnan(vb) else "missing_a"
        elif broken:
            reason = "method_break"
        else:
            reason = ""
        comparable = both and (not broken or not shared_only) and not np.isnan(gap)
        if shared_only:
            comparable = comparable and ind in comparison.shared
        norm = comparison.result if (shared_only and ind in comparison.shared) else full
        if not comparable:
            value = np.nan
        elif shared_only:  # equal shares on the shared set: s_i * (x_a - x_b), adding up to the gap exactly
            value = float(contrib.loc[region, ind] - contrib.loc[other, ind])
        else:
            mean_share = (shares.loc[region, ind] + shares.loc[other, ind]) / 2
            value = float(mean_share * (norm_scored.loc[region, ind] - norm_scored.loc[other, ind]))
        rows.append({
            "indicator": ind, "value_a": va, "year_a": full.year_used[ra, j], "value_b": vb,
            "year_b": full.year_used[rb, j], "normalised_a": norm.values[ra, j], "normalised_b": norm.values[rb, j],
            "contribution": value, "comparable": comparable, "reason": reason, "method_break": broken,
        })
    table = pd.DataFrame(rows, columns=[*GAP_COLUMNS, "comparable", "reason", "method_break"])
    for c in ("year_a", "year_b"):
        table[c] = pd.array(table[c], dtype="Float64").astype("Int64")
    return table


# -- groups ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class GroupComparison:
    """Group means on a like-for-like basis (see :func:`group_like_for_like`)."""

    means: pd.DataFrame            # index group; columns mean, n (regions meeting the rule), total
    shared: tuple[str, ...]
    left_out: Mapping[str, str]
    result: Result


def group_like_for_like(framework: Framework, observations: pd.DataFrame | ObservationCube, spec: ScoringSpec,
                        groups: Mapping[str, str], wanted: Sequence[str], periods: pd.DataFrame | None = None,
                        node: str | None = None) -> GroupComparison:
    """Means of ``node`` (default: the index) for the groups ``wanted`` (``groups``: region code -> group id) on a
    like-for-like basis.

    The basis is the indicators that every wanted group has (at least one member with a value within the window)
    and whose values all come from one method period. Every member is scored on that basis only; a group's mean
    is taken over the members that meet the sufficiency rule on it, and ``n`` of ``total`` says how many.
    """
    codes = [c for c, g in groups.items() if g in set(wanted)]
    cube = _cube_of(framework, observations, codes)
    full = _quiet_score(framework, cube, spec, codes)
    has = ~np.isnan(full.raw)
    member = np.array([groups[c] for c in codes], dtype=object)
    every_group = np.ones(len(framework.indicators), dtype=bool)
    for g in wanted:
        every_group &= has[member == g].any(axis=0) if (member == g).any() else False
    keys = period_keys(periods, framework.indicators, full.year_used)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        same = ~(np.nanmax(keys, axis=0) != np.nanmin(keys, axis=0))
    shared = every_group & same
    left_out = {ind: ("missing" if not every_group[j] else "method_break")
                for j, ind in enumerate(framework.indicators) if has[:, j].any() and not shared[j]}
    result = _quiet_score(framework, _masked(cube, np.broadcast_to(shared, has.shape)), spec, codes)
    scores = result.scores_frame()[node or framework.root]
    rows = {}
    for g in wanted:
        s = scores[member == g]
        rows[g] = {"mean": float(s.mean()) if s.notna().any() else np.nan, "n": int(s.notna().sum()),
                   "total": len(s)}
    means = pd.DataFrame.from_dict(rows, orient="index", columns=["mean", "n", "total"])
    shared_ids = tuple(i for j, i in enumerate(framework.indicators) if shared[j])
    return GroupComparison(means, shared_ids, MappingProxyType(left_out), result)


def group_counts(result: Result, groups: Mapping[str, str], node: str | None = None) -> pd.DataFrame:
    """Per group: the mean of ``node`` over the regions that meet the sufficiency rule (``mean``), how many do
    (``n``) and how many regions the group has (``total``)."""
    scores = result.scores_frame()[node or result.framework.root]
    labels = pd.Series({c: groups.get(c) for c in scores.index})
    out = scores.groupby(labels.to_numpy()).agg(["mean", "count", "size"])
    return out.rename(columns={"count": "n", "size": "total"})


# -- change over time on a constant basis ---------------------------------------------------------------------------


def change_on_constant_basis(framework: Framework, observations: pd.DataFrame | ObservationCube, spec: ScoringSpec,
                             year_from: int, year_to: int, regions: Sequence[str],
                             periods: pd.DataFrame | None = None, node: str | None = None) -> pd.DataFrame:
    """Each region's change of ``node`` (default: the index) from ``year_from`` to ``year_to`` on a constant basis.

    A region's basis is the indicators it has in both years (within the window), from the same method period in
    both. Both years are scored again on that basis alone, so an indicator that arrives (or leaves) moves nothing:
    ``change = score_to - score_from`` on the basis. There is no change (NaN, ``comparable`` False) when the region
    has no score of ``node`` under ``spec``'s sufficiency rule on its full data in either year (a region without an
    index in a year has no change from or to it), when it has no basis, or when its score on the basis falls below
    the rule in either year.

    Returns one row per region: ``region_code, score_from, score_to, change, comparable, index_from, index_to,
    n_basis, basis, arrived, departed, breaks, renewed, latest``. ``index_from``/``index_to``: the full-data
    scores. ``basis``, ``arrived``, ``departed``, ``breaks`` (in both years, different methods) and ``renewed``
    (basis indicators with a new figure: from a later year than in ``year_from``, or, for a derived indicator,
    another value): tuples of indicator ids. ``latest``: the year of the newest published (not derived) figure on
    the basis in ``year_to`` (NaN without one).
    """
    codes = [str(c) for c in regions]
    node = node or framework.root
    cube = _cube_of(framework, observations, codes)
    before = _quiet_score(framework, cube, spec.but(year=year_from), codes)
    after = _quiet_score(framework, cube, spec.but(year=year_to), codes)
    h0, h1 = ~np.isnan(before.raw), ~np.isnan(after.raw)
    k0 = period_keys(periods, framework.indicators, before.year_used)
    k1 = period_keys(periods, framework.indicators, after.year_used)
    breaks = h0 & h1 & (k0 != k1)
    basis = h0 & h1 & ~breaks
    masked = _masked(cube, basis)
    b0 = _quiet_score(framework, masked, spec.but(year=year_from), codes)
    b1 = _quiet_score(framework, masked, spec.but(year=year_to), codes)
    col = framework.node_ids.index(node)
    i0, i1 = before.values[:, col], after.values[:, col]
    s0, s1 = b0.values[:, col], b1.values[:, col]
    change = np.where(np.isnan(i0) | np.isnan(i1), np.nan, s1 - s0)
    ids = np.array(framework.indicators, dtype=object)
    derived = np.array([bool(framework.node(i).extra.get("derive")) for i in framework.indicators])
    newer = np.where(derived, after.raw != before.raw, after.year_used > before.year_used)
    renewed = basis & newer  # a derived figure (e.g. from an event log) is new when its value changes
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        published = basis & ~derived  # a derived figure carries the scored year, not a publication year
        latest = np.nanmax(np.where(published, after.year_used, np.nan), axis=1) if basis.size else np.full(
            len(codes), np.nan)
    return pd.DataFrame({
        "region_code": codes,
        "score_from": s0,
        "score_to": s1,
        "change": change,
        "comparable": ~np.isnan(change),
        "index_from": i0,
        "index_to": i1,
        "n_basis": basis.sum(axis=1),
        "basis": [tuple(ids[row]) for row in basis],
        "arrived": [tuple(ids[row]) for row in (h1 & ~h0)],
        "departed": [tuple(ids[row]) for row in (h0 & ~h1)],
        "breaks": [tuple(ids[row]) for row in breaks],
        "renewed": [tuple(ids[row]) for row in renewed],
        "latest": latest,
    })


def basis_trend(results: Mapping[int, Result], region: str, periods: pd.DataFrame | None = None,
                node: str | None = None) -> pd.DataFrame:
    """``region``'s score of ``node`` year by year, cut into segments of constant basis.

    A year's basis is the set of indicators under ``node`` with a value (and each value's method period).
    Consecutive scored years with the same basis form one segment; the line of a trend breaks between segments,
    so the arrival of a figure is marked, never drawn as a jump. Returns ``year, score, segment, arrived,
    departed, breaks`` (tuples of indicator ids, relative to the previous scored year; ``breaks``: same
    indicator, different method period).
    """
    rows = []
    prev: dict[str, float] | None = None
    segment = -1
    for year, res in sorted(results.items()):
        fw = res.framework
        score = res.score_of(region, node)
        r = res._r(region)
        keys = period_keys(periods, fw.indicators, res.year_used[r : r + 1])[0]
        under = set(fw.indicators_under(node or fw.root))
        basis = {ind: float(keys[j]) for j, ind in enumerate(fw.indicators)
                 if ind in under and not np.isnan(res.raw[r, j])}
        if np.isnan(score):
            rows.append({"year": year, "score": np.nan, "segment": np.nan, "arrived": (), "departed": (),
                         "breaks": ()})
            prev = None
            continue
        arrived = tuple(i for i in basis if prev is not None and i not in prev)
        departed = tuple(i for i in (prev or {}) if i not in basis)
        breaks = tuple(i for i in basis if prev is not None and i in prev and prev[i] != basis[i])
        if prev is None or arrived or departed or breaks:
            segment += 1
        rows.append({"year": year, "score": score, "segment": segment, "arrived": arrived, "departed": departed,
                     "breaks": breaks})
        prev = basis
    return pd.DataFrame(rows, columns=["year", "score", "segment", "arrived", "departed", "breaks"])


def default_year_of(dataset: Dataset, spec: ScoringSpec | None = None, *,
                    cube: ObservationCube | None = None) -> int:
    """:func:`default_year` of a dataset: its observations, years with published figures and regions, under the
    rule of ``spec`` (default ``ScoringSpec()``, the dashboard's; its ``year`` is ignored). The one default year of
    the dashboard (``readiness_app.data.default_year``) and of every command of the command line.

    ``cube``: the dataset's observations already built into a cube (the dashboard keeps one), used instead of
    building it again; the same figures, so the same year."""
    return default_year(dataset.framework, dataset.observations if cube is None else cube,
                        (spec or ScoringSpec()).but(year=None), dataset.years_with_data(), regions=dataset.regions)


def default_year(framework: Framework, observations: pd.DataFrame | ObservationCube, spec: ScoringSpec,
                 years: Sequence[int], regions: Sequence[str] | pd.DataFrame | None = None) -> int:
    """The latest of ``years`` in which the most regions meet the sufficiency rule of ``spec`` (have an index).

    Not simply the newest year with any figure: a year in which few regions have enough data makes a poor first
    screen.
    """
    if not years:
        raise ScoringError("no years to choose a default from")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadinessWarning)
        results = score_years(framework, observations, spec, years=list(years), regions=regions)
    counts = {y: int((~np.isnan(r.values[:, -1])).sum()) for y, r in results.items()}
    best = max(counts.values())
    return max(y for y, c in counts.items() if c == best)
