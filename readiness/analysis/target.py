"""What would it take? The smallest set of indicator improvements that reaches a goal, verified by re-scoring.

Goals
-----
:class:`BandGoal`
    The next band of one indicator (bands given as ``(lower bound, name)``, e.g. SPBE's "Baik" from 2.6): one
    action, the indicator raised to the band's lower bound.
:class:`ScoreGoal`
    A score of at least ``threshold`` at a node (default the index).
:class:`OvertakeGoal`
    A score above another region's at a node, like for like: both are scored on the indicators both have (the
    others are left out of both scores, with their weights, as missing values are).

Rules
-----
* Only indicators the region has a value for can be improved, in the indicator's direction, up to its valid
  range: the fixed goalposts ``goal_min..goal_max`` where the framework sets them, else the range observed among
  the compared regions (written in the notes).
* Effort of a change: ``|new - current| / (range_hi - range_lo)``, a share of the indicator's range.
* The plan uses as few indicators as possible, and among those sets the least total effort. Every set of ``k``
  indicators (``k = 1, 2, ...``) is tried at its full improvement in one batched scoring; within a set that
  reaches the goal, indicators are filled in order of efficiency (gain of the goal margin per unit of effort,
  measured one indicator at a time) and the last one only as far as needed (bisection on the monotone margin).
  That is exact when the score is linear in the raw values (arithmetic aggregation of goalposts, i.e. the
  default; also min-max as long as the region does not move an indicator's minimum or maximum), and otherwise a
  close heuristic. Whatever the method, the final plan is applied to the observations and re-scored with
  :func:`readiness.score`; ``reached`` reports that check.
* The spec is the one the scores are published with (:class:`readiness.ScoringSpec`): ``before`` and ``after`` are
  :func:`readiness.score`'s with it, sufficiency rule included (a score below the rule is missing, so a goal on it
  is not met), and the search scores its candidates with the spec's normalisation, aggregation and rule. A spec's
  imputation or outlier treatment is applied when the plan is re-scored; the search itself works on the published
  values (a heuristic there, written in the notes).
* Analysis-only settings (the bands, the overtaking margin, the search's limit) are a :class:`PlanOptions`.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from readiness.errors import ReadinessWarning, ScoringError
from readiness.model.framework import Framework
from readiness.pipeline.aggregate import aggregate as aggregate_fn
from readiness.pipeline.normalise import normalise as normalise_fn
from readiness.pipeline.scoring import Result, score
from readiness.pipeline.select import ObservationCube, build_cube
from readiness.pipeline.spec import ScoringSpec

__all__ = ["BandGoal", "OvertakeGoal", "PlanOptions", "ScoreGoal", "TargetPlan", "parse_goal", "plan_target"]

Bands = Mapping[str, Sequence[tuple[float, str]]]
Regions = pd.DataFrame | Sequence[str] | None
#: Tolerance of the re-scoring check (score points): the plan's own batched scoring and ``score`` may differ in the
#: last bits.
VERIFY_TOL = 1e-9


@dataclass(frozen=True)
class BandGoal:
    """Reach the next band of ``indicator`` (bands passed to :func:`plan_target`)."""

    indicator: str


@dataclass(frozen=True)
class ScoreGoal:
    """A score of at least ``threshold`` at ``node`` (default: the index)."""

    threshold: float
    node: str | None = None


@dataclass(frozen=True)
class OvertakeGoal:
    """A score above region ``other``'s at ``node`` (default the index), on the indicators both have."""

    other: str
    node: str | None = None


Goal = BandGoal | ScoreGoal | OvertakeGoal


def parse_goal(text: str) -> Goal:
    """Read a goal written ``band:<indicator>``, ``score:<threshold>``, ``score:<node>:<threshold>``,
    ``overtake:<region>`` or ``overtake:<node>:<region>``; a :class:`ScoringError` explains the forms."""
    forms = "band:INDICATOR, score:THRESHOLD, score:NODE:THRESHOLD, overtake:REGION or overtake:NODE:REGION"
    kind, _, rest = str(text).partition(":")
    parts = rest.split(":") if rest else []
    try:
        if kind == "band" and len(parts) == 1 and parts[0]:
            return BandGoal(parts[0])
        if kind == "score" and len(parts) in (1, 2):
            value = float(parts[-1])
            if not math.isfinite(value):
                raise ValueError(value)
            return ScoreGoal(value, parts[0] if len(parts) == 2 else None)
    except ValueError:
        raise ScoringError(f"goal {text!r}: the threshold must be a number; write {forms}") from None
    if kind == "overtake" and len(parts) in (1, 2) and parts[-1]:
        # region codes contain dots, never colons
        return OvertakeGoal(parts[-1], parts[0] if len(parts) == 2 else None)
    raise ScoringError(f"goal {text!r} not understood; write {forms}")


@dataclass(frozen=True)
class TargetPlan:
    """The plan for one region and goal.

    Attributes
    ----------
    region, goal
        Whom the plan is for and what it aims at.
    reached
        True when the plan, applied to the observations and re-scored with :func:`readiness.score`, meets the goal.
    actions
        One row per indicator to improve, least effort first (see :meth:`to_frame`); empty when the goal is already
        met or out of reach.
    before, after
        The scores that decide the goal (``own``, and ``other`` for overtaking, like for like) and the region's
        index score and rank, before and after the plan.
    notes
        How the plan was found: fallback ranges, indicators that cannot be improved, a goal out of reach.
    """

    region: str
    goal: Goal
    reached: bool
    already_met: bool
    actions: tuple[Mapping[str, Any], ...]
    before: Mapping[str, float]
    after: Mapping[str, float]
    params: Mapping[str, Any]
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """The action table: ``indicator, name_id, name_en, unit, current, target, change, effort, range_lo,
        range_hi, next_band, to_next_band``, least effort first."""
        columns = ["indicator", "name_id", "name_en", "unit", "current", "target", "change", "effort",
                   "range_lo", "range_hi", "next_band", "to_next_band"]
        return pd.DataFrame(list(self.actions), columns=columns)

    @property
    def total_effort(self) -> float:
        """Sum of the actions' efforts (shares of the indicators' ranges)."""
        return float(sum(a["effort"] for a in self.actions))


@dataclass(frozen=True)
class PlanOptions:
    """What :func:`plan_target` needs besides the spec; frozen. Defaults are written here only.

    Attributes
    ----------
    bands
        Indicator -> ``[(lower bound, name), ...]``; needed for a :class:`BandGoal`, and used to show each action's
        distance to the indicator's next band.
    overtake_margin
        Overtaking means a score at least this much above the other region's (default 0.01 points), so that a
        plan never "overtakes" by a rounding error.
    max_subsets
        Most candidate sets tried per size; beyond it only the most effective single indicators are combined
        (noted in the plan).
    """

    bands: Bands | None = field(default=None, hash=False)
    overtake_margin: float = 0.01
    max_subsets: int = 20000

    def __post_init__(self) -> None:
        if self.bands is not None:
            frozen_bands = {str(k): tuple((float(lo), str(name)) for lo, name in v) for k, v in self.bands.items()}
            object.__setattr__(self, "bands", MappingProxyType(frozen_bands))
        margin = float(self.overtake_margin)
        if not (math.isfinite(margin) and margin >= 0):
            raise ScoringError(f"overtake_margin must be a finite number >= 0, got {self.overtake_margin!r}")
        object.__setattr__(self, "overtake_margin", margin)
        if isinstance(self.max_subsets, bool) or not isinstance(self.max_subsets, int) or self.max_subsets < 1:
            raise ScoringError(f"max_subsets must be a whole number >= 1, got {self.max_subsets!r}")


@dataclass(frozen=True)
class _Setup:
    framework: Framework
    spec: ScoringSpec          # the spec with the scored year
    result: Result             # score(framework, data, spec): the published scores
    x: np.ndarray              # raw values (regions, indicators)
    r: int
    o: int | None
    node: int
    basis: np.ndarray          # bool (indicators): like-for-like basis (all True without an other region)
    lo: np.ndarray
    hi: np.ndarray
    best: np.ndarray           # best valid value per indicator (hi for direction 1, lo for -1)
    options: PlanOptions
    goal: Goal
    cube: ObservationCube      # the observations, for re-scoring the final plan
    regions: Regions           # the comparison set as given (groups for group-mean imputation)

    @property
    def params(self) -> Mapping[str, Any]:
        return MappingProxyType({**self.result.params, "overtake_margin": self.options.overtake_margin,
                                 "max_subsets": self.options.max_subsets})


def _score_batch(s: _Setup, x: np.ndarray) -> np.ndarray:
    """Scores ``(regions, scenarios, nodes)`` of raw scenarios ``x`` ``(regions, scenarios, indicators)``, with the
    spec's normalisation, aggregation and sufficiency rule (like for like: the indicators outside the basis are left
    out, as :func:`_rescore` does)."""
    spec = s.spec
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadinessWarning)
        norm, _, _ = normalise_fn(x, s.framework, spec)
    if s.o is not None:  # like for like: every region on the basis, so the rest is set aside, not held against
        norm = np.where(s.basis, norm, np.nan)
    available = ~np.all(np.isnan(norm), axis=0)  # (scenarios, indicators): some compared region has it
    values, _, _ = aggregate_fn(norm, s.framework, spec.aggregate, min_coverage=spec.min_coverage,
                                regions=s.result.regions, available=available,
                                pillar_min_coverage=spec.pillar_min_coverage,
                                index_min_pillars=spec.index_min_pillars)
    return values


def _margin(s: _Setup, values: np.ndarray) -> np.ndarray:
    """Goal margin per scenario (>= 0: reached); a missing score counts as not reached."""
    own = values[s.r, :, s.node]
    if isinstance(s.goal, OvertakeGoal):
        out = own - values[s.o, :, s.node] - s.options.overtake_margin
    else:
        out = own - float(s.goal.threshold)  # type: ignore[union-attr]
    return np.where(np.isnan(out), -np.inf, out)


def _met(s: _Setup, margin: np.ndarray) -> np.ndarray:
    return margin >= 0


def _scenarios(s: _Setup, changes: np.ndarray) -> np.ndarray:
    """Raw scenarios ``(regions, scenarios, indicators)`` with the region's values replaced where ``changes`` is
    finite (``changes``: ``(scenarios, indicators)`` new values, NaN = unchanged)."""
    x = np.repeat(s.x[:, None, :], changes.shape[0], axis=1)
    x[s.r] = np.where(np.isnan(changes), x[s.r], changes)
    return x


def _next_band(bands: Bands | None, indicator: str, value: float) -> tuple[str | None, float]:
    if not bands or indicator not in bands or math.isnan(value):
        return None, math.nan
    for lower, name in sorted(bands[indicator], key=lambda b: float(b[0])):
        if float(lower) > value:
            return str(name), float(lower) - value
    return None, math.nan


def plan_target(framework: Framework, data: pd.DataFrame | ObservationCube, spec: ScoringSpec, region: str,
                goal: Goal | str, options: PlanOptions | None = None, *, regions: Regions = None) -> TargetPlan:
    """The fewest, then least-effort, indicator improvements taking ``region`` to ``goal``; see the module doc.

    Parameters
    ----------
    framework, data, spec, regions
        As for :func:`readiness.score`: ``before`` and ``after`` are its scores and ranks with ``spec``.
    region
        The region's code.
    goal
        A :class:`BandGoal`, :class:`ScoreGoal` or :class:`OvertakeGoal` (or text for :func:`parse_goal`).
    options
        Bands, the overtaking margin and the search's limit (default :class:`PlanOptions()`).

    Returns
    -------
    TargetPlan
        The action table, whether the re-scored plan reaches the goal, and the scores before and after.
    """
    options = PlanOptions() if options is None else options
    if not isinstance(options, PlanOptions):
        raise ScoringError(f"options must be PlanOptions, got {type(options).__name__}")
    if isinstance(goal, str):
        goal = parse_goal(goal)
    setup, notes, fallback = _setup(framework, data, spec, region, goal, options, regions)
    before = _summary(setup, setup.result if setup.o is None else _rescore(setup, {}), setup.result)
    if isinstance(goal, BandGoal):
        return _band_plan(setup, goal, options.bands, before, notes, fallback)
    return _search(setup, before, notes, fallback)


def _setup(framework: Framework, data: pd.DataFrame | ObservationCube, spec: ScoringSpec, region: str, goal: Goal,
           options: PlanOptions, regions: Regions) -> tuple[_Setup, list[str], list[str]]:
    """The published scores, the region (and the one to overtake, with the like-for-like basis) and every
    indicator's valid range; and the notes so far and the indicators without goalposts."""
    if not isinstance(spec, ScoringSpec):
        raise ScoringError(f"spec must be a ScoringSpec, got {type(spec).__name__}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadinessWarning)
        base = score(framework, data, spec, regions=regions)
    if region not in base.regions:
        raise ScoringError(f"region {region!r} was not scored; scored regions: {', '.join(base.regions)}")
    r = base.regions.index(region)
    x = np.array(base.raw, dtype=float)
    n_ind = len(framework.indicators)
    notes: list[str] = []
    if spec.impute != "none" or spec.treat != "none":
        notes.append(f"imputation ({spec.impute}) and treatment ({spec.treat}) are applied when the plan is "
                     "re-scored; the search works on the published values")
    node_id = getattr(goal, "node", None) or framework.root
    if node_id not in framework.nodes:
        raise ScoringError(f"goal node {node_id!r} is not in the framework")
    o, basis = _overtake_basis(base, x, region, goal, notes)
    lo, hi = np.empty(n_ind), np.empty(n_ind)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        obs_lo, obs_hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
    fallback = []
    for i, ind in enumerate(framework.indicators):
        nd = framework.nodes[ind]
        if nd.has_goalposts:
            lo[i], hi[i] = nd.goal_min, nd.goal_max
        else:
            lo[i], hi[i] = obs_lo[i], obs_hi[i]
            fallback.append(ind)
    direction = np.array([framework.nodes[i].direction for i in framework.indicators], dtype=float)
    best = np.where(direction > 0, hi, lo)
    cube = data if isinstance(data, ObservationCube) else build_cube(data, framework.indicators,
                                                                     regions=list(base.regions))
    setup = _Setup(framework, base.spec, base, x, r, o, framework.node_ids.index(node_id), basis, lo, hi, best,
                   options, goal, cube, regions)
    return setup, notes, fallback


def _overtake_basis(base: Result, x: np.ndarray, region: str, goal: Goal,
                    notes: list[str]) -> tuple[int | None, np.ndarray]:
    """The row of the region to overtake (None for other goals) and the like-for-like basis of indicators."""
    framework = base.framework
    basis = np.ones(len(framework.indicators), dtype=bool)
    if not isinstance(goal, OvertakeGoal):
        return None, basis
    if goal.other not in base.regions:
        raise ScoringError(f"region {goal.other!r} to overtake was not scored; scored regions: "
                           f"{', '.join(base.regions)}")
    if goal.other == region:
        raise ScoringError("a region cannot overtake itself")
    r, o = base.regions.index(region), base.regions.index(goal.other)
    basis = ~np.isnan(x[r]) & ~np.isnan(x[o])
    if not basis.any():
        raise ScoringError(f"{region} and {goal.other} have no indicator in common in {base.year}: no "
                           "like-for-like comparison")
    left = [framework.indicators[i] for i in np.flatnonzero(~basis) if not np.isnan(x[[r, o], i]).all()]
    if left:
        notes.append(f"like for like: left out of both scores (only one of the two has them): {', '.join(left)}")
    return o, basis


def _search(s: _Setup, before: Mapping[str, float], notes: list[str], fallback: list[str]) -> TargetPlan:
    """A score or overtaking goal: the candidates, then the fewest indicators and the least effort."""
    region, goal, x, n_ind = s.result.regions[s.r], s.goal, s.x, len(s.framework.indicators)
    params = s.params
    values0 = _score_batch(s, x[:, None, :])
    lacking = [s.result.regions[k] for k in (s.r, s.o) if k is not None and np.isnan(values0[k, 0, s.node])]
    if lacking:
        where = "like for like " if s.o is not None else ""
        return TargetPlan(region, goal, False, False, (), before, before, params,
                          (*notes, f"not enough data: the score of {', '.join(lacking)} at "
                           f"{s.framework.node_ids[s.node]} {where}is below the sufficiency rule, and improving "
                           "values does not add data: the goal is out of reach"))
    margin0 = _margin(s, values0)[0]
    if _met(s, np.array([margin0]))[0]:
        return TargetPlan(region, goal, True, True, (), before, before, params, (*notes, "the goal is already met"))
    direction = np.array([s.framework.nodes[i].direction for i in s.framework.indicators], dtype=float)
    span = s.hi - s.lo
    headroom = (s.best - x[s.r]) * direction
    cand = np.flatnonzero(~np.isnan(x[s.r]) & s.basis & (headroom > 0) & (span > 0))
    missing = [s.framework.indicators[i] for i in np.flatnonzero(np.isnan(x[s.r]))]
    if missing:
        notes.append(f"no value to improve (no data in the window): {', '.join(missing)}")
    if cand.size == 0:
        return TargetPlan(region, goal, False, False, (), before, before, params,
                          (*notes, "no indicator can be improved within its valid range: the goal is out of reach"))
    used_fallback = [s.framework.indicators[i] for i in cand if s.framework.indicators[i] in fallback]
    if used_fallback:
        notes.append("no goalposts, so the valid range is the observed range among the compared regions: "
                     + ", ".join(used_fallback))
    # one indicator at a time, at its best valid value: the gain of each (for ordering and pruning)
    singles = np.full((cand.size, n_ind), np.nan)
    singles[np.arange(cand.size), cand] = s.best[cand]
    single_margin = _margin(s, _score_batch(s, _scenarios(s, singles)))
    efficiency = (single_margin - margin0) / (np.abs(s.best[cand] - x[s.r, cand]) / span[cand])
    everything = np.full((1, n_ind), np.nan)
    everything[0, cand] = s.best[cand]
    if not _met(s, _margin(s, _score_batch(s, _scenarios(s, everything))))[0]:
        return TargetPlan(region, goal, False, False, (), before, before, params,
                          (*notes, "out of reach: even every improvable indicator at the best of its valid range "
                           "does not meet the goal"))
    order = np.argsort(-(single_margin - margin0), kind="stable")  # most effective first
    chosen, values = _fewest(s, cand, order, efficiency, margin0, notes)
    return _finish(s, goal, chosen, values, before, notes)


def _fewest(s: _Setup, cand: np.ndarray, order: np.ndarray, efficiency: np.ndarray, margin0: float,
            notes: list[str]) -> tuple[tuple[int, ...], np.ndarray]:
    """The smallest set of candidates that reaches the goal at full improvement, with its least-effort values."""
    n_ind = len(s.framework.indicators)
    max_subsets = s.options.max_subsets
    for k in np.arange(1, cand.size + 1):
        pool = order
        if math.comb(cand.size, int(k)) > max_subsets:
            m = int(k)
            while m < cand.size and math.comb(m + 1, int(k)) <= max_subsets:
                m += 1
            pool = order[:m]
            notes.append(f"{math.comb(cand.size, int(k))} sets of {k} indicators: only the {m} most effective "
                         "indicators were combined")
        subsets = np.array(list(itertools.combinations(sorted(pool.tolist()), int(k))), dtype=int)
        full = np.full((len(subsets), n_ind), np.nan)
        for col in np.arange(int(k)):
            full[np.arange(len(subsets)), cand[subsets[:, col]]] = s.best[cand[subsets[:, col]]]
        ok = _met(s, _margin(s, _score_batch(s, _scenarios(s, full))))
        if not ok.any():
            continue
        feasible = subsets[ok]
        new, effort = _least_effort(s, cand, feasible, efficiency, margin0)
        pick = int(np.argmin(effort))
        return tuple(cand[feasible[pick]]), new[pick]
    raise AssertionError("the full improvement was feasible, so some set is")  # pragma: no cover


def _least_effort(s: _Setup, cand: np.ndarray, subsets: np.ndarray, efficiency: np.ndarray,
                  margin0: float) -> tuple[np.ndarray, np.ndarray]:
    """For every feasible subset: fill its indicators in order of efficiency along a path ``t in [0, k]``
    (indicator j moves while ``j <= t < j + 1``) and bisect ``t`` for the goal. Returns new raw values
    ``(subsets, indicators)`` (NaN = unchanged) and the total effort of each."""
    n_sub, k = subsets.shape
    ordered = np.take_along_axis(subsets, np.argsort(-efficiency[subsets], axis=1, kind="stable"), axis=1)
    ind = cand[ordered]                                   # (subsets, k) indicator positions, most efficient first
    start = s.x[s.r, ind]
    stop = s.best[ind]

    def values_at(t: np.ndarray) -> np.ndarray:
        frac = np.clip(t[:, None] - np.arange(k)[None, :], 0.0, 1.0)
        new = np.full((n_sub, len(s.framework.indicators)), np.nan)
        new[np.arange(n_sub)[:, None], ind] = start + frac * (stop - start)
        return new

    lo_t, hi_t = np.zeros(n_sub), np.full(n_sub, float(k))
    for _ in np.arange(60):
        mid = (lo_t + hi_t) / 2
        ok = _met(s, _margin(s, _score_batch(s, _scenarios(s, values_at(mid)))))
        hi_t = np.where(ok, mid, hi_t)
        lo_t = np.where(ok, lo_t, mid)
    new = values_at(hi_t)
    span = (s.hi - s.lo)[ind]
    effort = np.nansum(np.abs(new[np.arange(n_sub)[:, None], ind] - start) / span, axis=1)
    return new, effort


def _summary(s: _Setup, like: Result, plain: Result) -> Mapping[str, float]:
    """The goal's scores (``own``, and ``other`` when overtaking: like for like) and the region's index score and
    rank (on every indicator) as :func:`readiness.score` gives them."""
    out = {"own": float(like.values[s.r, s.node]), "index_score": plain.score_of(plain.regions[s.r]),
           "index_rank": plain.rank_of(plain.regions[s.r])}
    if s.o is not None:
        out["other"] = float(like.values[s.o, s.node])
    return MappingProxyType(out)


def _rescore(s: _Setup, new_values: Mapping[int, float]) -> Result:
    """Apply the new raw values to the observations (at the year each value came from) and score again with the
    spec. Like for like, the two regions' scores are those on the basis: every region's values outside it are left
    out (normalisation is per indicator, so the basis' normalised values do not change), so those indicators are
    set aside by the sufficiency rule, as in :func:`readiness.like_for_like`, not counted against the two."""
    res, cube = s.result, s.cube
    values = np.array(cube.values)
    row = cube.regions.index(res.regions[s.r])
    for i, v in new_values.items():
        values[row, cube.years.index(int(res.year_used[s.r, i])), i] = v
    if s.o is not None:
        values[..., ~s.basis] = np.nan
    changed = ObservationCube(cube.regions, cube.years, cube.indicators, values, cube.source_ids)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadinessWarning)
        return score(s.framework, changed, s.spec, regions=s.regions)


def _action(s: _Setup, i: int, new: float, bands: Bands | None) -> dict[str, Any]:
    ind = s.framework.indicators[i]
    nd = s.framework.nodes[ind]
    cur = float(s.x[s.r, i])
    band, to_band = _next_band(bands, ind, cur)
    return {"indicator": ind, "name_id": nd.name_id, "name_en": nd.name_en, "unit": nd.unit, "current": cur,
            "target": float(new), "change": float(new) - cur, "effort": abs(float(new) - cur) / (s.hi[i] - s.lo[i]),
            "range_lo": float(s.lo[i]), "range_hi": float(s.hi[i]), "next_band": band, "to_next_band": to_band}


def _finish(s: _Setup, goal: Goal, chosen: tuple[int, ...], values: np.ndarray, before: Mapping[str, float],
            notes: list[str]) -> TargetPlan:
    new_values = {int(i): float(values[i]) for i in chosen}
    after_res = _rescore(s, new_values)
    own_after = after_res.values[s.r, s.node]
    if isinstance(goal, OvertakeGoal):
        reached = bool(own_after - after_res.values[s.o, s.node] >= s.options.overtake_margin - VERIFY_TOL)
    else:
        reached = bool(own_after >= goal.threshold - VERIFY_TOL)  # type: ignore[union-attr]
    after = _summary(s, after_res, _plain_rescore(s, new_values))
    actions = sorted((_action(s, i, v, s.options.bands) for i, v in new_values.items()), key=lambda a: a["effort"])
    return TargetPlan(s.result.regions[s.r], goal, reached, False, tuple(actions), before, after, s.params,
                      tuple(notes))


def _plain_rescore(s: _Setup, new_values: Mapping[int, float]) -> Result:
    """The scenario scored on every indicator (not like for like): the index score and rank shown after."""
    if s.o is None:
        return _rescore(s, new_values)
    like = _Setup(s.framework, s.spec, s.result, s.x, s.r, None, s.node, np.ones_like(s.basis), s.lo, s.hi, s.best,
                  s.options, s.goal, s.cube, s.regions)
    return _rescore(like, new_values)


def _band_plan(s: _Setup, goal: BandGoal, bands: Bands | None, before: Mapping[str, float], notes: list[str],
               fallback: list[str]) -> TargetPlan:
    ind = goal.indicator
    if ind not in s.framework.indicators:
        raise ScoringError(f"band goal: {ind!r} is not an indicator of the framework")
    if not bands or ind not in bands or not bands[ind]:
        raise ScoringError(f"band goal: no bands given for indicator {ind!r}")
    i = s.framework.indicators.index(ind)
    if s.framework.nodes[ind].direction != 1:
        raise ScoringError(f"band goal: {ind!r} is lower-is-better; bands are read as lower bounds of higher "
                           "values, so only higher-is-better indicators are supported")
    cur = s.x[s.r, i]
    if math.isnan(cur):
        raise ScoringError(f"band goal: {s.result.regions[s.r]} has no value of {ind!r} in the window")
    name, _ = _next_band(bands, ind, cur)
    if name is None:
        return TargetPlan(s.result.regions[s.r], goal, True, True, (), before, before, s.params,
                          (*notes, f"{ind} is already in its top band"))
    bound = min(float(lo) for lo, nm in bands[ind] if str(nm) == name and float(lo) > cur)
    if bound > s.hi[i]:
        raise ScoringError(f"band goal: the next band of {ind!r} starts at {bound:g}, above its valid range "
                           f"{s.lo[i]:g}-{s.hi[i]:g}")
    if ind in fallback:
        notes.append(f"no goalposts for {ind}: its valid range is the observed range among the compared regions")
    values = np.full(len(s.framework.indicators), np.nan)
    values[i] = bound
    plan = _finish(s, ScoreGoal(-math.inf), (i,), values, before, notes)
    rescored = _rescore(s, {i: bound})
    reached = bool(rescored.raw[s.r, i] >= bound)
    return TargetPlan(plan.region, goal, reached, False, plan.actions, before, plan.after, s.params, plan.notes)
