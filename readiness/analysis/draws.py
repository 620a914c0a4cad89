"""The batched kernel behind the robustness analyses: what the draws vary, the prepared inputs, and the draws.

:func:`readiness.uncertainty`, :func:`readiness.sensitivity` and :func:`readiness.leave_one_out` all score a
``(framework, data, spec)`` under many "draws" of the choices a reasonable analyst could have made. This module holds
what they share:

* :class:`Variations`: what the draws vary besides the spec (weights, methods, one indicator left out), with its
  defaults written once; :class:`~readiness.analysis.uncertainty.UncertaintyOptions` and
  :class:`~readiness.analysis.sensitivity.SensitivityOptions` extend it.
* :func:`prepare`: the nominal result ``readiness.score(framework, data, spec)`` itself, and for every (imputation,
  normalisation) drawn the normalised indicators and which aggregates the spec's data-sufficiency rule scores.
* :class:`DrawPlan`, :func:`random_plan`, :func:`run_plan`: explicit draws and their index scores, batched.

The spec is the nominal
-----------------------
The nominal choices are the spec's own (its normalisation, aggregation, imputation, range, ties, treatment, year
window and sufficiency rule): the nominal scores and ranks are those of :func:`readiness.score` with the spec, and a
draw with the framework's weights and the spec's methods gives exactly them. The methods a draw may pick are the
spec's own (first) and the options' other methods.

The sufficiency rule decides who is scored, once
-----------------------------------------------
Which pillars and which indices have a score is a matter of the data a region has: it is decided by the spec's
whole rule (``min_coverage``, ``pillar_min_coverage``, ``index_min_pillars``, indicators no compared region has set
aside), exactly as :func:`readiness.score` decides it, once per (imputation, normalisation) drawn. Draws then vary
weights and methods of the scores that exist; a pillar below the rule is missing in every draw (and dropped from
its parent with its weight), and a region whose index :func:`readiness.score` leaves as "not enough data" is never
ranked in a draw. So the regions ranked in the draws are those ``score`` ranks (each in every draw, unless the
draw's method or left-out indicator leaves it without data), and no other region is ranked. With the core index
(``spec.index == "core"``) the draws aggregate the core's indicators only, as ``score`` does: the indicators outside
the core are never in a draw's index, and leave-one-out leaves out a core indicator.

Vectorised over draws
---------------------
Draws are grouped by their combination of methods and each group is aggregated in one batched pass, the draws
being an extra array axis: one aggregate is ``num = nan_to_num(T) @ W`` and ``den = mask(T) @ W`` with ``W``
holding every draw's weights of its children side by side, ``(children, draws)``, so a pillar of all draws is a
single matrix product. BLAS is pinned to one thread around these products (:mod:`threadpoolctl`): on a busy 2-core
machine two BLAS threads made a small product over 100x slower.

What one draw does
------------------
* **Weights**: every node's weight (default: all but the root) is perturbed and the weights are renormalised within
  each parent, as in :func:`readiness.score`. ``weights_dist="uniform"``: ``w' = w * U(1 - noise, 1 + noise)``
  (COINr's default noise, +-25 %). ``weights_dist="dirichlet"``: the shares of a parent's children are drawn from
  ``Dirichlet(kappa * p)`` with ``p`` the framework's shares and ``kappa = 1 / noise**2`` (a share ``p`` then has a
  standard deviation of about ``noise * sqrt(p (1 - p))``); drawn as ``Gamma(kappa * p, 1)`` variates, which the
  renormalisation within each parent turns into Dirichlet shares.
* **Methods**: normalisation, aggregation and imputation are each drawn uniformly from the options given.
* **Leave one out** (optional): one indicator, drawn uniformly among the indicators with data in the scored year, is
  removed, i.e. its weight is 0. (An aggregate whose children are all removed is missing and is dropped from its
  parent with its weight, as any missing child.)
* **Geometric mean**: it needs values > 0. When the spec aggregates arithmetically, a draw of the geometric mean
  uses the spec's normalisation put on the positive scale ``geometric_range`` (``geometric_zscore`` for z-scores),
  1-100 and mean 10, SD 2 by default, as COINr's uncertainty vignette; when the spec itself is geometric, its own
  scale. Any normalised value <= 0 on that scale is a :class:`ScoringError` raised before any draw is made, naming
  the values; no draw silently drops or shifts them.

Ranks are 1 = best, ties share the lowest rank (scores are rounded to 9 decimals first, so that rounding noise of
the batched products never splits a tie), and a region without an index score in a draw is unranked in that draw.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import ThreadpoolController

from readiness.errors import ReadinessWarning, ScoringError
from readiness.model.framework import Framework
from readiness.pipeline.aggregate import AGGREGATE_METHODS
from readiness.pipeline.impute import IMPUTE_METHODS
from readiness.pipeline.normalise import NORMALISE_METHODS
from readiness.pipeline.rank import rank_along_regions
from readiness.pipeline.scoring import Result, score
from readiness.pipeline.select import ObservationCube
from readiness.pipeline.spec import ScoringSpec

__all__ = [
    "RANK_DECIMALS",
    "WEIGHTS_DISTS",
    "DrawPlan",
    "Prepared",
    "Regions",
    "Variations",
    "draw_weights",
    "frozen",
    "nan_percentiles",
    "prepare",
    "random_plan",
    "rank_draws",
    "relative_weights",
    "run_plan",
]

#: Scores are rounded to this many decimals before ranking, so float noise never splits a tie.
RANK_DECIMALS = 9
#: How weights are perturbed (see the module docstring).
WEIGHTS_DISTS = ("uniform", "dirichlet")
#: The comparison set, as :func:`readiness.score` takes it: a regions table (kota/kabupaten rows, with groups for
#: group-mean imputation), region codes, or None for every region of the data.
Regions = pd.DataFrame | Sequence[str] | None


def frozen(a: np.ndarray) -> np.ndarray:
    """A read-only copy of ``a``."""
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a


@functools.cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Pin BLAS to one thread for the batched products (and restore it afterwards)."""
    with _controller().limit(limits=1, user_api="blas"):
        yield


# -------------------------------------------------------------------------------------------------------------------
# What the draws vary


def _methods(values: Sequence[str], allowed: Sequence[str], what: str) -> tuple[str, ...]:
    if isinstance(values, str):
        raise ScoringError(f"{what} options must be a list of names, got {values!r}")
    values = tuple(str(v) for v in values)
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ScoringError(f"unknown {what} {', '.join(map(repr, bad))}; choose from {', '.join(allowed)}")
    if len(set(values)) != len(values):
        raise ScoringError(f"{what} options repeat a value: {', '.join(values)}")
    return values


def _pair(value: Sequence[float], what: str) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ScoringError(f"{what} must be two numbers, got {value!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ScoringError(f"{what} must be finite, got {lo:g} {hi:g}")
    return lo, hi


@dataclass(frozen=True)
class Variations:
    """What the draws vary besides the spec; frozen and hashable (a cache key). Defaults are written here only.

    Attributes
    ----------
    seed
        Seed of numpy's ``default_rng`` (same seed, same draws, same result).
    weights_noise, weights_dist, weight_nodes
        Weight perturbation (see the module docstring): ``uniform`` multiplies each weight by
        ``U(1 - noise, 1 + noise)``; ``dirichlet`` draws each parent's child shares from ``Dirichlet(p / noise**2)``.
        ``weight_nodes`` limits it to these nodes (default every node but the root); ``weights_noise=0`` keeps the
        framework's weights.
    normalisations, aggregations, impute_options
        Methods a draw may pick besides the spec's own, which is always one of them and the nominal choice (it may
        be listed too). Drawn uniformly; :attr:`DrawPlan.normalise` etc. are positions in :meth:`methods`.
    leave_one_out
        Remove one indicator per draw, drawn uniformly among those with data in the scored year.
    geometric_range, geometric_zscore
        The positive scale a geometric-mean draw uses when the spec aggregates arithmetically (see the module
        docstring): the spec's normalisation with this output range (z-scores: this mean and SD).
    """

    seed: int | None = 20261123
    weights_noise: float = 0.25
    weights_dist: str = "uniform"
    weight_nodes: tuple[str, ...] | None = None
    normalisations: tuple[str, ...] = ()
    aggregations: tuple[str, ...] = ("arithmetic", "geometric")
    impute_options: tuple[str, ...] = ()
    leave_one_out: bool = False
    geometric_range: tuple[float, float] = (1.0, 100.0)
    geometric_zscore: tuple[float, float] = (10.0, 2.0)

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # normalise types once so equal options hash equal (list == tuple)
        try:
            noise = float(self.weights_noise)
        except (TypeError, ValueError):
            noise = math.nan
        if not (math.isfinite(noise) and 0.0 <= noise < 1.0):
            raise ScoringError(f"weights_noise must be between 0 and 1 (exclusive), got {self.weights_noise!r}")
        set_(self, "weights_noise", noise)
        if self.weights_dist not in WEIGHTS_DISTS:
            raise ScoringError(f"unknown weights_dist {self.weights_dist!r}; choose uniform or dirichlet")
        if self.seed is not None and not isinstance(self.seed, int | np.integer):
            raise ScoringError(f"seed must be a whole number or None, got {self.seed!r}")
        if self.weight_nodes is not None:
            set_(self, "weight_nodes", tuple(str(n) for n in self.weight_nodes))
        set_(self, "normalisations", _methods(self.normalisations, NORMALISE_METHODS, "normalisation"))
        set_(self, "aggregations", _methods(self.aggregations, AGGREGATE_METHODS, "aggregation"))
        set_(self, "impute_options", _methods(self.impute_options, IMPUTE_METHODS, "imputation"))
        set_(self, "leave_one_out", bool(self.leave_one_out))
        lo, hi = _pair(self.geometric_range, "geometric_range")
        if not lo < hi:
            raise ScoringError(f"geometric_range must have lower < upper, got {lo:g} {hi:g}")
        set_(self, "geometric_range", (lo, hi))
        mean, sd = _pair(self.geometric_zscore, "geometric_zscore (mean, sd)")
        if not sd > 0:
            raise ScoringError(f"geometric_zscore standard deviation must be > 0, got {sd:g}")
        set_(self, "geometric_zscore", (mean, sd))

    def methods(self, spec: ScoringSpec) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """The normalisations, aggregations and imputations drawn from: the spec's own first, then the others."""
        def with_spec(own: str, others: tuple[str, ...]) -> tuple[str, ...]:
            return (own, *[m for m in others if m != own])

        return (with_spec(spec.normalise, self.normalisations), with_spec(spec.aggregate, self.aggregations),
                with_spec(spec.impute, self.impute_options))

    def variations(self) -> dict[str, Any]:
        """The fields of :class:`Variations` only (to build another options class with the same variations)."""
        return {f.name: getattr(self, f.name) for f in fields(Variations)}


# -------------------------------------------------------------------------------------------------------------------
# Draw plans


@dataclass(frozen=True)
class DrawPlan:
    """Explicit parameters of every draw (one row per draw), so that any run can be replayed and audited.

    Attributes
    ----------
    weights
        ``(draws, nodes)`` weights in ``framework.node_ids`` order; relative, renormalised within each parent.
    normalise, aggregate, impute
        ``(draws,)`` positions in the analysis' ``normalisations``, ``aggregations`` and ``impute_options``.
    left_out
        ``(draws,)`` position of the indicator removed in the draw (in ``framework.indicators``), or -1.
    """

    weights: np.ndarray
    normalise: np.ndarray
    aggregate: np.ndarray
    impute: np.ndarray
    left_out: np.ndarray

    def __len__(self) -> int:
        return int(self.weights.shape[0])

    @classmethod
    def nominal(cls, framework: Framework, draws: int = 1) -> DrawPlan:
        """``draws`` copies of the nominal choices: the framework's weights and the spec's methods (position 0)."""
        base = np.array([framework.nodes[n].weight for n in framework.node_ids], dtype=float)
        zeros = np.zeros(draws, dtype=int)
        return cls(np.tile(base, (draws, 1)), zeros, zeros.copy(), zeros.copy(), np.full(draws, -1))

    def take(self, rows: np.ndarray) -> DrawPlan:
        """The draws at ``rows``."""
        return DrawPlan(self.weights[rows], self.normalise[rows], self.aggregate[rows], self.impute[rows],
                        self.left_out[rows])


@dataclass(frozen=True)
class _LevelPlan:
    parents: np.ndarray      # aggregate positions (node position - n_indicators) of this level's parents
    member: np.ndarray       # (children, parents) 0/1: which parent each child belongs to
    children: np.ndarray     # node positions of the children


@dataclass(frozen=True)
class Prepared:
    """What every draw starts from (built by :func:`prepare`).

    ``x[(i, n)]`` holds the normalised indicators ``(regions, indicators)`` of imputation ``i`` and normalisation
    ``n`` on the spec's scale, ``x_geometric[(i, n)]`` on the scale of geometric-mean draws, and ``scored[(i, n)]``
    ``(regions, aggregates)`` which aggregates the spec's sufficiency rule scores. ``nominal`` is
    ``readiness.score(framework, data, spec)``.
    """

    framework: Framework
    spec: ScoringSpec
    nominal: Result
    normalisations: tuple[str, ...]
    aggregations: tuple[str, ...]
    impute_options: tuple[str, ...]
    x: Mapping[tuple[int, int], np.ndarray]
    x_geometric: Mapping[tuple[int, int], np.ndarray]
    scored: Mapping[tuple[int, int], np.ndarray]
    levels: tuple[_LevelPlan, ...]
    with_data: np.ndarray                      # indicator positions with data for at least one region
    notes: tuple[str, ...]

    @property
    def regions(self) -> tuple[str, ...]:
        """The regions scored (the nominal result's)."""
        return self.nominal.regions

    @property
    def year(self) -> int:
        """The year scored."""
        return self.nominal.year

    @property
    def ranked(self) -> np.ndarray:
        """Which regions are ranked (``ScoringSpec.ranked``: the study regions by default)."""
        return self.nominal.spec.ranked(self.regions)

    @property
    def eligible(self) -> np.ndarray:
        """Regions whose index :func:`readiness.score` ranks (they meet the spec's rule)."""
        return ~np.isnan(self.nominal.values[:, -1])

    @property
    def settings(self) -> Mapping[str, Any]:
        """The spec's options (as ``Result.params``) and the methods drawn from."""
        return MappingProxyType({**self.nominal.params, "normalisations": self.normalisations,
                                 "aggregations": self.aggregations, "impute_options": self.impute_options})


def _level_plans(framework: Framework) -> tuple[_LevelPlan, ...]:
    n_ind = len(framework.indicators)
    ids = framework.node_ids
    pos = {n: k for k, n in enumerate(ids)}
    out = []
    for level in framework.levels:
        children: list[int] = []
        owner: list[int] = []
        for j, p in enumerate(level.parents):
            for c in framework.nodes[ids[p]].children:
                children.append(pos[c])
                owner.append(j)
        member = np.zeros((len(children), len(level.parents)))
        member[np.arange(len(children)), owner] = 1.0
        out.append(_LevelPlan(parents=np.array(level.parents, dtype=int) - n_ind, member=member,
                              children=np.array(children, dtype=int)))
    return tuple(out)


def _quiet_score(framework: Framework, data: pd.DataFrame | ObservationCube, spec: ScoringSpec,
                 regions: Regions) -> Result:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadinessWarning)  # kept in the notes
        return score(framework, data, spec, regions=regions)


def _core_only(result: Result, x: np.ndarray) -> np.ndarray:
    """``x`` (normalised indicators) as the draws aggregate it: with the core index, only the core's values (the
    others are published figures, never aggregated into the index), so a draw with the framework's weights gives
    the core composite of :func:`readiness.score`; a region without an index is never ranked (``eligible``)."""
    if not result.is_core:
        return frozen(x)
    keep = np.array([result.framework.nodes[i].core for i in result.framework.indicators])
    return frozen(np.where(keep[None, :], x, np.nan))


def _check_positive(prep_x: Mapping[tuple[int, int], np.ndarray], framework: Framework, regions: tuple[str, ...],
                    norms: tuple[str, ...], imps: tuple[str, ...]) -> None:
    problems = []
    for (i, n), values in prep_x.items():
        bad = np.argwhere(~np.isnan(values) & (values <= 0))
        for r, j in bad[:10]:
            problems.append(f"geometric mean needs values > 0: with normalisation {norms[n]!r} (imputation "
                            f"{imps[i]!r}) indicator {framework.indicators[j]!r}, region {regions[r]} has "
                            f"{values[r, j]:g}")
    if problems:
        problems.append("normalise to a positive range (e.g. range 1 100, z-score mean 10 SD 2) or leave "
                        "'geometric' out of the aggregations")
        raise ScoringError(problems)


def prepare(framework: Framework, data: pd.DataFrame | ObservationCube, spec: ScoringSpec, variations: Variations,
            *, regions: Regions = None) -> Prepared:
    """Score ``spec`` (the nominal result) and every (imputation, normalisation) of ``variations`` with the spec's
    other options and whole sufficiency rule; see :class:`Prepared`.

    Raises
    ------
    ScoringError
        Bad options, or a geometric-mean draw over values <= 0 (see the module docstring).
    """
    if not isinstance(spec, ScoringSpec):
        raise ScoringError(f"spec must be a ScoringSpec, got {type(spec).__name__}")
    norms, aggs, imps = variations.methods(spec)
    nominal = _quiet_score(framework, data, spec, regions)
    n_ind = len(framework.indicators)
    own_scale = spec.aggregate == "geometric"
    x: dict[tuple[int, int], np.ndarray] = {}
    x_geo: dict[tuple[int, int], np.ndarray] = {}
    scored: dict[tuple[int, int], np.ndarray] = {}
    notes: list[str] = []
    for i, imp in enumerate(imps):
        for n, norm in enumerate(norms):
            variant = spec.but(year=nominal.year, normalise=norm, impute=imp, aggregate="arithmetic")
            res = nominal if (i, n) == (0, 0) else _quiet_score(framework, data, variant, regions)
            x[(i, n)] = _core_only(res, res.values[:, :n_ind])
            scored[(i, n)] = frozen(np.ones_like(res.values[:, n_ind:], dtype=bool) if res.is_core
                                    else ~np.isnan(res.values[:, n_ind:]))
            if "geometric" in aggs and own_scale:
                x_geo[(i, n)] = x[(i, n)]
            elif "geometric" in aggs:
                positive = variant.but(range=variations.geometric_range, zscore=variations.geometric_zscore)
                x_geo[(i, n)] = _core_only(res, _quiet_score(framework, data, positive, regions).values[:, :n_ind])
            notes += [f"{norm}/{imp}: {note}" if len(norms) * len(imps) > 1 else str(note)
                      for note in res.notes if str(note) not in notes]
    if "geometric" in aggs:
        _check_positive(x_geo, framework, nominal.regions, norms, imps)
    with_data = np.flatnonzero(np.any(~np.isnan(x[(0, 0)]), axis=0))
    return Prepared(framework, nominal.spec, nominal, norms, aggs, imps, MappingProxyType(x),
                    MappingProxyType(x_geo), MappingProxyType(scored), _level_plans(framework), with_data,
                    tuple(notes))


# -------------------------------------------------------------------------------------------------------------------
# The batched kernel


def _aggregate_draws(x: np.ndarray, weights: np.ndarray, prep: Prepared, scored: np.ndarray,
                     geometric: bool) -> np.ndarray:
    """Index scores ``(draws, regions)`` of normalised indicators ``x`` under each draw's ``weights``.

    For each aggregate ``p``: ``num = nan_to_num(T[:, children]) @ W_p`` and ``den = mask(T[:, children]) @ W_p``
    with ``W_p`` ``(children, draws)`` holding every draw's relative weights side by side, so an aggregate of
    indicators is one ``(regions, children) @ (children, draws)`` product; ``scored`` ``(regions, aggregates)`` says
    which aggregates the sufficiency rule scores. The loop runs over the tree's aggregates, never over draws.
    """
    n_draws = weights.shape[0]
    n_regions, n_ind = x.shape
    n_agg = len(prep.framework.aggregates)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.log(x) if geometric else x
    have = ~np.isnan(t)
    tz = np.where(have, t, 0.0)
    havef = have.astype(float)
    agg = np.full((n_agg, n_regions, n_draws), np.nan)   # transformed (log for geometric) aggregate values
    for lv in prep.levels:
        wc = weights[:, lv.children]                                     # (draws, children)
        total = wc @ lv.member                                           # (draws, parents)
        for j, parent in enumerate(lv.parents):
            rows = np.flatnonzero(lv.member[:, j])
            with np.errstate(divide="ignore", invalid="ignore"):
                rel = wc[:, rows] / np.where(total[:, j] > 0, total[:, j], np.inf)[:, None]   # (draws, kids)
            kids = lv.children[rows]
            ind, ind_k = kids[kids < n_ind], np.flatnonzero(kids < n_ind)
            num = tz[:, ind] @ rel[:, ind_k].T                           # (regions, draws)
            den = havef[:, ind] @ rel[:, ind_k].T
            for k in np.flatnonzero(kids >= n_ind):
                a = agg[kids[k] - n_ind]
                h = ~np.isnan(a)
                num += np.where(h, a, 0.0) * rel[:, k]
                den += h * rel[:, k]
            ok = (den > 0) & scored[:, parent][:, None]
            with np.errstate(divide="ignore", invalid="ignore"):
                agg[parent] = np.where(ok, num / np.where(ok, den, 1.0), np.nan)
    root = agg[n_agg - 1].T
    return np.exp(root) if geometric else root


def nan_percentiles(a: np.ndarray, qs: Sequence[float]) -> np.ndarray:
    """``np.nanpercentile(a, qs, axis=0)`` (method ``linear``, numpy's own interpolation formula), vectorised:
    numpy's version loops over the columns once any value is NaN."""
    s = np.sort(a, axis=0)                                              # NaN last
    n = np.sum(~np.isnan(a), axis=0)
    out = np.full((len(qs), a.shape[1]), np.nan)
    cols = np.arange(a.shape[1])
    ok = n > 0
    for k, q in enumerate(qs):
        h = (n - 1) * (float(q) / 100.0)
        lo = np.floor(h).astype(int)
        hi = np.minimum(lo + 1, np.maximum(n - 1, 0))
        t = h - lo
        va, vb = s[np.maximum(lo, 0), cols], s[hi, cols]
        d = vb - va
        v = np.where(t >= 0.5, vb - d * (1.0 - t), va + d * t)         # numpy's _lerp
        out[k] = np.where(ok, v, np.nan)
    return out


def rank_draws(scores: np.ndarray, ranked: np.ndarray | None = None) -> np.ndarray:
    """Ranks ``(draws, regions)`` from scores ``(draws, regions)``: 1 = best, ties the lowest, NaN unranked; only the
    regions ``ranked`` says (boolean per region, ``ScoringSpec.ranked``; default all) get a rank."""
    scores = np.round(scores, RANK_DECIMALS)
    if ranked is not None:
        scores = np.where(np.asarray(ranked, dtype=bool)[None, :], scores, np.nan)
    return rank_along_regions(scores.T, ties="min", descending=True).T


def run_plan(prep: Prepared, plan: DrawPlan) -> np.ndarray:
    """Index scores ``(draws, regions)`` of every draw of ``plan``, one batched pass per method combination."""
    n_ind = len(prep.framework.indicators)
    out = np.full((len(plan), len(prep.regions)), np.nan)
    if len(plan) == 0:
        return out
    if plan.weights.shape[1] != len(prep.framework.node_ids):
        raise ScoringError(f"the plan's weights have {plan.weights.shape[1]} columns; the framework has "
                           f"{len(prep.framework.node_ids)} nodes")
    combos = np.stack([plan.impute, plan.normalise, plan.aggregate], axis=1)
    unique, inverse = np.unique(combos, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    left = plan.left_out
    if np.any(left >= n_ind):
        raise ScoringError(f"left-out indicator positions must be < {n_ind}")
    with _one_blas_thread():
        for k, (i, n, a) in enumerate(unique):
            rows = np.flatnonzero(inverse == k)
            w = np.array(plan.weights[rows], dtype=float)
            lo = left[rows]
            out_rows = np.flatnonzero(lo >= 0)
            w[out_rows, lo[out_rows]] = 0.0
            key = (int(i), int(n))
            geometric = prep.aggregations[a] == "geometric"
            x = prep.x_geometric[key] if geometric else prep.x[key]
            out[rows] = _aggregate_draws(x, w, prep, prep.scored[key], geometric)
    out[:, ~prep.eligible] = np.nan  # below the sufficiency rule in score(spec): never ranked
    return out


# -------------------------------------------------------------------------------------------------------------------
# Random draws


def relative_weights(framework: Framework, plan: DrawPlan) -> np.ndarray:
    """Each node's weight share within its parent per draw, after removing the left-out indicator."""
    w = np.array(plan.weights, dtype=float)
    rows = np.flatnonzero(plan.left_out >= 0)
    w[rows, plan.left_out[rows]] = 0.0
    pos = {n: k for k, n in enumerate(framework.node_ids)}
    out = np.ones_like(w)
    for agg in framework.aggregates:
        kids = [pos[c] for c in framework.nodes[agg].children]
        total = w[:, kids].sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[:, kids] = np.where(total > 0, w[:, kids] / np.where(total > 0, total, 1.0), 0.0)
    return out


def draw_weights(framework: Framework, rng: np.random.Generator, draws: int, variations: Variations) -> np.ndarray:
    """``(draws, nodes)`` perturbed weights (see the module docstring)."""
    ids = framework.node_ids
    nodes, noise = variations.weight_nodes, variations.weights_noise
    base = np.array([framework.nodes[n].weight for n in ids], dtype=float)
    perturb = np.array([n != framework.root and (nodes is None or n in nodes) for n in ids])
    if variations.weights_dist == "uniform":
        factor = rng.uniform(1.0 - noise, 1.0 + noise, size=(draws, len(ids)))
        return np.where(perturb, base * factor, base)
    shares = np.array([framework.relative_weight(n) for n in ids])
    kappa = math.inf if noise == 0 else 1.0 / noise**2
    if math.isinf(kappa):
        gam = np.tile(shares, (draws, 1))
    else:
        gam = rng.gamma(np.where(shares > 0, kappa * shares, 1.0), size=(draws, len(ids)))
        gam = np.where(shares > 0, gam, 0.0)
    # unperturbed siblings keep their share of the parent when only some nodes are perturbed
    return np.where(perturb, gam, shares)


def random_plan(prep: Prepared, variations: Variations, draws: int) -> DrawPlan:
    """``draws`` random draws (see the module docstring); the random stream is fixed by ``variations.seed``."""
    rng = np.random.default_rng(variations.seed)
    weights = draw_weights(prep.framework, rng, draws, variations)
    norm = rng.integers(len(prep.normalisations), size=draws)
    agg = rng.integers(len(prep.aggregations), size=draws)
    imp = rng.integers(len(prep.impute_options), size=draws)
    if variations.leave_one_out:
        if prep.with_data.size < 2:
            raise ScoringError("leave-one-out needs at least two indicators with data")
        left = prep.with_data[rng.integers(prep.with_data.size, size=draws)]
    else:
        left = np.full(draws, -1)
    return DrawPlan(weights, norm, agg, imp, left)
