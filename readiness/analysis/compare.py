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
* :func:`default_year`: the year scored when none is given (:data:`DEFAULT_YEAR_RULE`).

The older helpers (``gap_to_*``, :func:`explain_gap`, :func:`group_means`) read one
:class:`~readiness.pipeline.scoring.Result` as it is.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from readiness.errors import ReadinessWarning, ScoringError
from readiness.model.framework import Framework
from readiness.model.rules import period_keys
from readiness.pipeline.arguments import check_nodes_in_result, check_regions_in_result
from readiness.pipeline.core import majority_keys
from readiness.pipeline.scoring import DEFAULT_YEAR_RULE, Result, default_year, prepare_cube, score
from readiness.pipeline.select import ObservationCube
from readiness.pipeline.spec import ScoringSpec

if TYPE_CHECKING:
    from readiness.model.datasets import Dataset

__all__ = [
    "DEFAULT_YEAR_RULE",
    "GAP_COLUMNS",
    "LEFT_OUT_REASONS",
    "GroupComparison",
    "LikeForLike",
    "basis_trend",
    "change_on_constant_basis",
    "common_years",
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


#: Why an indicator is not on a like-for-like basis: one side has no value in the window (``missing``), the
#: values come from different method periods (``method_break``), or every side has a value in the window and the
#: same method period but no year in common (``different_years``: shown with both years, not summed by default).
LEFT_OUT_REASONS = ("missing", "method_break", "different_years")


@dataclass(frozen=True, eq=False)
class LikeForLike:
    """A comparison of regions on the indicators they all have, year by year (see :func:`like_for_like`).

    Attributes
    ----------
    regions
        The compared regions.
    shared
        The indicators on the basis: every compared region has a value in one common year within the window (and
        so in one method period); with ``different_years=True`` also those of :data:`LEFT_OUT_REASONS`
        ``different_years``.
    left_out
        Indicator -> why it is not on the basis (:data:`LEFT_OUT_REASONS`). Indicators no region has are not
        listed.
    result
        The regions scored on the basis only, each shared indicator at its common year (recomputed: normalisation,
        coverage and the sufficiency rule see only the basis).
    full
        The same regions scored on the full framework, each on its latest values (for showing beside it).
    period_keys
        ``(regions, indicators)``: the method period of each value compared (the common year's on the basis, else
        the latest value's; :func:`readiness.model.rules.period_keys`).
    years
        Indicator -> the common year used for it (the latest year within the window in which every compared
        region has a value).
    different_years
        Whether indicators without a common year (same method period) were put on the basis anyway.
    latest_keys
        ``(regions, indicators)``: the method period of each region's latest value (the full result's).
    """

    regions: tuple[str, ...]
    shared: tuple[str, ...]
    left_out: Mapping[str, str]
    result: Result
    full: Result
    period_keys: np.ndarray
    years: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    different_years: bool = False
    latest_keys: np.ndarray | None = None


def _cube_of(framework: Framework, observations: pd.DataFrame | ObservationCube, codes: list[str]) -> ObservationCube:
    return prepare_cube(framework, observations, codes)


def _masked(cube: ObservationCube, keep: np.ndarray) -> ObservationCube:
    """The cube with every value outside ``keep`` removed: ``(regions, indicators)`` booleans (every year) or
    ``(regions, years, indicators)`` booleans (year by year)."""
    keep = np.asarray(keep, dtype=bool)
    if keep.ndim == 2:
        keep = keep[:, None, :]
    values = np.where(keep, cube.values, np.nan)
    return ObservationCube(cube.regions, cube.years, cube.indicators, values, cube.source_ids)


def _quiet_score(framework: Framework, cube: ObservationCube, spec: ScoringSpec, codes: list[str]) -> Result:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadinessWarning)
        return score(framework, cube, spec, regions=codes)


def _window_years(cube: ObservationCube, year: int, window: int | None) -> np.ndarray:
    """Booleans over the cube's years: within ``window`` years up to ``year``."""
    ys = np.asarray(cube.years, dtype=float)
    return (ys <= year) & ((ys >= year - window) if window is not None else True)


def common_years(cube: ObservationCube, year: int, window: int | None) -> np.ndarray:
    """Per indicator of ``cube``: the latest year within ``window`` up to ``year`` in which every region of the cube
    has a value (NaN where there is none). One year for all means one method period for all."""
    ys = np.asarray(cube.years, dtype=float)
    ok = (~np.isnan(cube.values)).all(axis=0) & _window_years(cube, year, window)[:, None]
    return np.where(ok.any(axis=0), np.max(np.where(ok, ys[:, None], -np.inf), axis=0), np.nan)


def like_for_like(framework: Framework, observations: pd.DataFrame | ObservationCube, spec: ScoringSpec,
                  regions: Sequence[str], periods: pd.DataFrame | None = None, *,
                  different_years: bool = False) -> LikeForLike:
    """Score ``regions`` on the indicators they all have, per indicator in the latest year they all have.

    Per indicator the basis uses the latest year within the window in which every compared region has a value
    (one year, so one method period), even where a region has a newer figure: Balikpapan's SPBE of 2022 is set
    against Depok's of 2022, not its 2024. Only when there is no such year are the regions' latest values set side
    by side: ``different_years`` when they come from the same method period (left out of the basis unless
    ``different_years=True``), ``method_break`` when they do not (never on the basis). Every compared region is
    scored on exactly the same indicators, so a region with more data is never pulled below (or lifted above)
    another merely because it has an extra indicator. ``periods`` is the method-period table
    (``Dataset.method_periods``); without it no method break is known.
    """
    codes = [str(c) for c in regions]
    cube = _cube_of(framework, observations, codes)
    full = _quiet_score(framework, cube, spec, codes)
    has = ~np.isnan(full.raw)
    common = common_years(cube, full.year, spec.window) if len(codes) else np.full(len(framework.indicators), np.nan)
    keys = period_keys(periods, framework.indicators, full.year_used)
    all_have = has.all(axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        same = (np.nanmax(keys, axis=0) == np.nanmin(keys, axis=0)) if len(codes) else np.ones(len(has[0]), bool)
    by_year = ~np.isnan(common)
    apart = all_have & same & ~by_year
    shared = by_year | (apart if different_years else False)
    left_out = {}
    for j, ind in enumerate(framework.indicators):
        if by_year[j] or not has[:, j].any():
            continue
        left_out[ind] = "missing" if not all_have[j] else "different_years" if same[j] else "method_break"
    if different_years:
        left_out = {i: why for i, why in left_out.items() if why != "different_years"}
    ys = np.asarray(cube.years, dtype=float)
    keep = np.where(by_year[None, :], ys[:, None] == common[None, :], shared[None, :])  # (years, indicators)
    result = _quiet_score(framework, _masked(cube, np.broadcast_to(keep, cube.values.shape)), spec, codes)
    compared = np.where(by_year[None, :], period_keys(periods, framework.indicators, result.year_used), keys)
    shared_ids = tuple(i for j, i in enumerate(framework.indicators) if shared[j])
    years = {ind: int(common[j]) for j, ind in enumerate(framework.indicators) if by_year[j]}
    return LikeForLike(tuple(codes), shared_ids, MappingProxyType(left_out), result, full, compared,
                       MappingProxyType(years), different_years, keys)


#: Columns of :func:`gap_table` and of ``python -m readiness compare``.
GAP_COLUMNS = ("indicator", "value_a", "year_a", "value_b", "year_b", "normalised_a", "normalised_b",
               "contribution")


def gap_table(comparison: LikeForLike, region: str, other: str, node: str | None = None, *,
              shared_only: bool = True) -> pd.DataFrame:
    """The gap between two regions at ``node``, indicator by indicator, with both values and their years.

    One row per indicator under ``node`` that at least one of the two has: ``indicator, value_a, year_a, value_b,
    year_b, normalised_a, normalised_b, contribution, comparable, reason, method_break``.

    ``shared_only`` (default): the values compared are those on the like-for-like basis -- each shared indicator
    at its common year (:func:`like_for_like`) -- and the decomposition runs on the like-for-like result. Both
    regions are scored on the same indicators with the same weight shares ``s_i``, so for arithmetic aggregation
    each contribution is ``s_i * (x_a,i - x_b,i)`` -- it has the sign of the normalised difference -- and the
    contributions add up exactly to the basis gap ``score_a - score_b``. An indicator one side lacks
    (``missing_a``/``missing_b``), whose values come from different method periods (``method_break``) or from
    different years without a common one (``different_years``, shown with both years) is ``comparable = False``
    with its ``reason`` and an empty contribution, unless the comparison put different years on the basis
    (then comparable, still with its reason).

    ``shared_only=False``: the full-framework result, each region on its latest values. The two regions' weight
    shares differ there (each is renormalised over its own indicators), so an indicator both have gets
    ``(s_a,i + s_b,i) / 2 * (x_a,i - x_b,i)`` -- again with the sign of its normalised difference -- and the rest
    of the full-framework gap (different indicator sets and shares) belongs to no indicator. One-sided indicators
    stay empty; values across a method break are included but flagged (``method_break``).
    """
    node = node or comparison.result.framework.root
    full = comparison.full
    fw = full.framework
    ra, rb = full._r(region), full._r(other)
    inds = list(fw.indicators_under(node))
    pos = [fw.indicators.index(i) for i in inds]
    scored = comparison.result if shared_only else full
    keys = comparison.period_keys if shared_only or comparison.latest_keys is None else comparison.latest_keys
    contrib = scored.contributions(node)
    shares = scored.effective_shares(node)
    norm_scored = scored.normalised_frame()
    gap = scored.score_of(region, node) - scored.score_of(other, node)
    rows = []
    for ind, j in zip(inds, pos, strict=True):
        on_basis = shared_only and ind in comparison.shared
        shown = comparison.result if on_basis else full
        va, vb = shown.raw[ra, j], shown.raw[rb, j]
        if np.isnan(va) and np.isnan(vb):
            continue
        both = not (np.isnan(va) or np.isnan(vb))
        broken = bool(both and keys[ra, j] != keys[rb, j])
        reason = ("missing_b" if np.isnan(vb) else "missing_a") if not both else "method_break" if broken else ""
        if both and not broken and shown.year_used[ra, j] != shown.year_used[rb, j]:
            reason = "different_years"
        comparable = both and (on_basis or not shared_only) and not np.isnan(gap)
        if not comparable:
            value = np.nan
        elif shared_only:  # equal shares on the shared set: s_i * (x_a - x_b), adding up to the gap exactly
            value = float(contrib.loc[region, ind] - contrib.loc[other, ind])
        else:
            mean_share = (shares.loc[region, ind] + shares.loc[other, ind]) / 2
            value = float(mean_share * (norm_scored.loc[region, ind] - norm_scored.loc[other, ind]))
        rows.append({
            "indicator": ind, "value_a": va, "year_a": shown.year_used[ra, j], "value_b": vb,
            "year_b": shown.year_used[rb, j], "normalised_a": shown.values[ra, j],
            "normalised_b": shown.values[rb, j], "contribution": value, "comparable": comparable, "reason": reason,
            "method_break": broken,
        })
    table = pd.DataFrame(rows, columns=[*GAP_COLUMNS, "comparable", "reason", "method_break"])
    for c in ("year_a", "year_b"):
        table[c] = pd.array(table[c], dtype="Float64").astype("Int64")
    return table



# -- groups ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class GroupComparison:
    """Group means on a like-for-like basis (see :func:`group_like_for_like`).

    ``averaged``: group -> the regions its mean is taken over (those meeting the sufficiency rule on the basis).
    ``set_aside``: shared indicator -> the regions whose values in the window all lie outside the method period
    most regions' values are in (they are scored without it)."""

    means: pd.DataFrame            # index group; columns mean, n (regions meeting the rule), total
    shared: tuple[str, ...]
    left_out: Mapping[str, str]
    result: Result
    averaged: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    set_aside: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))


def group_like_for_like(framework: Framework, observations: pd.DataFrame | ObservationCube, spec: ScoringSpec,
                        groups: Mapping[str, str], wanted: Sequence[str], periods: pd.DataFrame | None = None,
                        node: str | None = None) -> GroupComparison:
    """Means of ``node`` (default: the index) for the groups ``wanted`` (``groups``: region code -> group id) on a
    like-for-like basis.

    Per indicator, the method period is the one most study regions' latest values (within the window) are in; each
    region takes its latest value within the window in that period -- an older one where its newest figure is in
    another period -- and a region without one is set aside for that indicator (named in ``set_aside``), never
    the indicator for everyone. The basis is the indicators that every wanted group has in that period (at least
    one member with a value). Every member is scored on that basis only; a group's mean is taken over the
    members that meet the sufficiency rule on it, named in ``averaged`` (``n`` of ``total`` counts them).
    """
    codes = [c for c, g in groups.items() if g in set(wanted)]
    cube = _cube_of(framework, observations, codes)
    full = _quiet_score(framework, cube, spec, codes)
    major = majority_keys(period_keys(periods, framework.indicators, full.year_used), spec.study_mask(codes))
    year_grid = np.broadcast_to(np.asarray(cube.years, dtype=float)[:, None], (len(cube.years), len(major)))
    in_period = period_keys(periods, framework.indicators, year_grid) == major[None, :]  # (years, indicators)
    cube = _masked(cube, np.broadcast_to(in_period, cube.values.shape))
    has = ~np.isnan(_quiet_score(framework, cube, spec, codes).raw)
    member = np.array([groups[c] for c in codes], dtype=object)
    shared = np.ones(len(framework.indicators), dtype=bool)
    for g in wanted:
        shared &= has[member == g].any(axis=0) if (member == g).any() else False
    had = ~np.isnan(full.raw)
    left_out = {ind: "missing" for j, ind in enumerate(framework.indicators) if had[:, j].any() and not shared[j]}
    set_aside = {ind: tuple(c for r, c in enumerate(codes) if had[r, j] and not has[r, j])
                 for j, ind in enumerate(framework.indicators) if shared[j]}
    result = _quiet_score(framework, _masked(cube, np.broadcast_to(shared, has.shape)), spec, codes)
    scores = result.scores_frame()[node or framework.root]
    rows, averaged = {}, {}
    for g in wanted:
        s = scores[member == g]
        rows[g] = {"mean": float(s.mean()) if s.notna().any() else np.nan, "n": int(s.notna().sum()),
                   "total": len(s)}
        averaged[g] = tuple(str(c) for c in s.index[s.notna()])
    means = pd.DataFrame.from_dict(rows, orient="index", columns=["mean", "n", "total"])
    shared_ids = tuple(i for j, i in enumerate(framework.indicators) if shared[j])
    return GroupComparison(means, shared_ids, MappingProxyType(left_out), result, MappingProxyType(averaged),
                           MappingProxyType({i: c for i, c in set_aside.items() if c}))


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
    spec = (spec or ScoringSpec()).but(year=None)
    if spec.study is None:
        spec = spec.but(study=dataset.study_regions() or None)
    return default_year(dataset.framework, dataset.observations if cube is None else cube, spec,
                        dataset.years_with_data(), regions=dataset.regions)
