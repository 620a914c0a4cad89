"""How robust are the ranks? Monte Carlo uncertainty analysis, leave-one-indicator-out and variance-based sensitivity.

A reasonable analyst could have made other choices: other weights, another normalisation, a geometric instead of an
arithmetic mean, imputation on or off, one indicator fewer. :func:`uncertainty` draws N such sets of choices
("draws"), scores every region under each, and summarises the distribution of each region's index rank: nominal
rank, median, mean, 5th and 95th percentiles, and the share of draws keeping the nominal rank (and band).

Vectorised over draws
---------------------
The indicators' normalised values do not depend on the weights, so they are computed once per (imputation,
normalisation) pair with :func:`readiness.score` itself. Draws are then grouped by their combination of methods and
each group is aggregated in one batched pass, the draws being an extra array axis: one aggregate is
``num = nan_to_num(T) @ W`` and ``den = mask(T) @ W`` with ``W`` holding every draw's weights of its children side
by side, ``(children, draws)``, so a pillar of all draws is a single matrix product. BLAS is pinned to one
thread around these products (:mod:`threadpoolctl`): on a busy 2-core machine two BLAS threads made a small product
over 100x slower.

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
  removed, i.e. its weight is 0, exactly as if the framework did not have it. (An aggregate whose children are all
  removed is missing and is dropped from its parent with its weight, as any missing child.)
* **Geometric mean of values <= 0**: as :func:`readiness.pipeline.aggregate` does, this is an error. When
``geometric`` is
  among the aggregations and any normalised value of any normalisation drawn is <= 0, :class:`ScoringError` is
  raised before any draw is made, naming the values; no draw silently drops or shifts them. That is why the
  default output range here is 1-100 (as COINr's uncertainty vignette) and the default z-score is mean 10, SD 2:
  for arithmetic aggregation with min-max, goalposts, rank or target normalisation the ranks are identical to
  those on 0-100 (the scores are an affine map of them).

Ranks are 1 = best, ties share the lowest rank (scores are rounded to 9 decimals first, so that rounding noise of
the batched products never splits a tie), and a region without an index score in a draw is unranked in that draw.
Percentiles use numpy's default ``linear`` method (R's ``quantile`` type 7, as COINr) over the draws in which the
region is ranked.

Sensitivity
-----------
:func:`leave_one_out` removes each indicator in turn under the nominal choices and reports every region's rank
change. :func:`sensitivity` estimates variance-based first-order and total indices of each uncertain input
(weights, normalisation, aggregation, imputation, left-out indicator) for the mean absolute rank change from the
nominal ranks, with Saltelli's (2010) first-order and Jansen's total-effect estimators, as COINr's
``get_sensitivity``.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import pandas as pd
from threadpoolctl import ThreadpoolController

from readiness.errors import ReadinessWarning, ScoringError
from readiness.model.framework import Framework
from readiness.pipeline.aggregate import AGGREGATE_METHODS
from readiness.pipeline.impute import IMPUTE_METHODS
from readiness.pipeline.normalise import NORMALISE_METHODS
from readiness.pipeline.rank import rank_along_regions
from readiness.pipeline.scoring import score
from readiness.pipeline.select import ObservationCube

__all__ = [
    "DrawPlan",
    "LeaveOneOut",
    "Sensitivity",
    "UncertaintyResult",
    "leave_one_out",
    "random_plan",
    "run_plan",
    "sensitivity",
    "uncertainty",
]

WeightsDist = Literal["uniform", "dirichlet"]
#: Scores are rounded to this many decimals before ranking, so float noise never splits a tie.
RANK_DECIMALS = 9


def _frozen(a: np.ndarray) -> np.ndarray:
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
        """``draws`` copies of the nominal choices: the framework's weights and the first option of each method."""
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
class _Prepared:
    framework: Framework
    regions: tuple[str, ...]
    year: int
    normalisations: tuple[str, ...]
    aggregations: tuple[str, ...]
    impute_options: tuple[str, ...]
    x: Mapping[tuple[int, int], np.ndarray]   # (impute, normalise) -> normalised indicators (regions, indicators)
    levels: tuple[_LevelPlan, ...]
    min_coverage: float
    with_data: np.ndarray                      # indicator positions with data for at least one region
    notes: tuple[str, ...]
    settings: Mapping[str, Any]
    eligible: np.ndarray                       # regions whose index meets the sufficiency rule (nominal choices)


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


def _check_choice(values: Sequence[str], allowed: Sequence[str], what: str) -> tuple[str, ...]:
    values = tuple(values)
    if not values:
        raise ScoringError(f"give at least one {what}; choose from {', '.join(allowed)}")
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ScoringError(f"unknown {what} {', '.join(map(repr, bad))}; choose from {', '.join(allowed)}")
    if len(set(values)) != len(values):
        raise ScoringError(f"{what} options repeat a value: {', '.join(values)}")
    return values


def _prepare(framework: Framework, observations: pd.DataFrame | ObservationCube, *, year: int | None,
             window: int | None, regions: pd.DataFrame | Sequence[str] | None, normalisations: Sequence[str],
             aggregations: Sequence[str], impute_options: Sequence[str], range: Sequence[float],
             zscore: Sequence[float], treat: str, ties: str, min_coverage: float, pillar_min_coverage: float = 0.5,
             index_min_pillars: int = 2) -> _Prepared:
    norms = _check_choice(normalisations, NORMALISE_METHODS, "normalisation")
    aggs = _check_choice(aggregations, AGGREGATE_METHODS, "aggregation")
    imps = _check_choice(impute_options, IMPUTE_METHODS, "imputation")
    x: dict[tuple[int, int], np.ndarray] = {}
    notes: list[str] = []
    regions_out: tuple[str, ...] = ()
    year_out = 0
    for i, imp in enumerate(imps):
        for n, norm in enumerate(norms):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ReadinessWarning)  # kept in the notes below
                res = score(framework, observations, year=year, regions=regions, window=window, normalise=norm,
                            pillar_min_coverage=0.0, index_min_pillars=0,  # draws do not apply the sufficiency rule
                            range=range, zscore=zscore, aggregate="arithmetic", impute=imp, treat=treat,
                            min_coverage=min_coverage, ties=ties)
            x[(i, n)] = _frozen(res.values[:, : len(framework.indicators)])
            regions_out, year_out = res.regions, res.year
            notes += [f"{norm}/{imp}: {note}" if len(norms) * len(imps) > 1 else str(note)
                      for note in res.notes if str(note) not in notes]
    if "geometric" in aggs:
        problems = []
        for (i, n), values in x.items():
            bad = np.argwhere(~np.isnan(values) & (values <= 0))
            for r, j in bad[:10]:
                problems.append(f"geometric mean needs values > 0: with normalisation {norms[n]!r} (imputation "
                                f"{imps[i]!r}) indicator {framework.indicators[j]!r}, region {regions_out[r]} has "
                                f"{values[r, j]:g}")
        if problems:
            problems.append("normalise to a positive range (e.g. range 1 100, z-score mean 10 SD 2) or leave "
                            "'geometric' out of the aggregations")
            raise ScoringError(problems)
    with_data = np.flatnonzero(np.any(~np.isnan(x[(0, 0)]), axis=0))
    # The sufficiency rule decides who is ranked at all: a region whose index is "not enough data" on the nominal
    # choices is never ranked in a draw either (draws vary weights and methods, not the data a region has).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadinessWarning)
        ruled = score(framework, observations, year=year, regions=regions, window=window, normalise=norms[0],
                      pillar_min_coverage=pillar_min_coverage, index_min_pillars=index_min_pillars, range=range,
                      zscore=zscore, aggregate="arithmetic", impute=imps[0], treat=treat, min_coverage=min_coverage,
                      ties=ties)
    eligible = ~np.isnan(ruled.values[:, -1])
    settings = MappingProxyType({
        "year": year_out, "window": window, "range": tuple(float(v) for v in range),
        "zscore": tuple(float(v) for v in zscore), "treat": treat, "ties": ties,
        "min_coverage": float(min_coverage), "normalisations": norms, "aggregations": aggs,
        "impute_options": imps, "pillar_min_coverage": float(pillar_min_coverage),
        "index_min_pillars": int(index_min_pillars),
    })
    return _Prepared(framework, regions_out, year_out, norms, aggs, imps, MappingProxyType(x),
                     _level_plans(framework), float(min_coverage), with_data, tuple(notes), settings,
                     _frozen(eligible))


# -------------------------------------------------------------------------------------------------------------------
# The batched kernel


def _aggregate_draws(x: np.ndarray, weights: np.ndarray, prep: _Prepared, geometric: bool) -> np.ndarray:
    """Index scores ``(draws, regions)`` of normalised indicators ``x`` under each draw's ``weights``.

    For each aggregate ``p``: ``num = nan_to_num(T[:, children]) @ W_p`` and ``den = mask(T[:, children]) @ W_p``
    with ``W_p`` ``(children, draws)`` holding every draw's relative weights side by side, so an aggregate of
    indicators is one ``(regions, children) @ (children, draws)`` product. The loop runs over the tree's
    aggregates, never over draws.
    """
    n_draws = weights.shape[0]
    n_regions = x.shape[0]
    n_agg = len(prep.framework.aggregates)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.log(x) if geometric else x
    have = ~np.isnan(t)
    tz = np.where(have, t, 0.0)
    havef = have.astype(float)
    agg = np.full((n_agg, n_regions, n_draws), np.nan)   # transformed (log for geometric) aggregate values
    cov = np.zeros((n_agg, n_regions, n_draws)) if prep.min_coverage > 0 else None
    for lv in prep.levels:
        wc = weights[:, lv.children]                                     # (draws, children)
        total = wc @ lv.member                                           # (draws, parents)
        for j, parent in enumerate(lv.parents):
            rows = np.flatnonzero(lv.member[:, j])
            with np.errstate(divide="ignore", invalid="ignore"):
                rel = wc[:, rows] / np.where(total[:, j] > 0, total[:, j], np.inf)[:, None]   # (draws, kids)
            kids = lv.children[rows]
            n_ind = x.shape[1]
            ind, ind_k = kids[kids < n_ind], np.flatnonzero(kids < n_ind)
            num = tz[:, ind] @ rel[:, ind_k].T                           # (regions, draws)
            den = havef[:, ind] @ rel[:, ind_k].T
            cv = den.copy() if cov is not None else None
            for k in np.flatnonzero(kids >= n_ind):
                a = agg[kids[k] - n_ind]
                h = ~np.isnan(a)
                num += np.where(h, a, 0.0) * rel[:, k]
                den += h * rel[:, k]
                if cv is not None and cov is not None:
                    cv += np.where(h, cov[kids[k] - n_ind], 0.0) * rel[:, k]
            ok = den > 0
            if cv is not None and cov is not None:
                ok &= (cv > 0) & (cv >= prep.min_coverage - 1e-12)
                cov[parent] = cv
            with np.errstate(divide="ignore", invalid="ignore"):
                agg[parent] = np.where(ok, num / np.where(ok, den, 1.0), np.nan)
    root = agg[n_agg - 1].T
    return np.exp(root) if geometric else root


def _nan_percentiles(a: np.ndarray, qs: Sequence[float]) -> np.ndarray:
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


def _rank(scores: np.ndarray) -> np.ndarray:
    """Ranks ``(draws, regions)`` from scores ``(draws, regions)``: 1 = best, ties the lowest, NaN unranked."""
    return rank_along_regions(np.round(scores, RANK_DECIMALS).T, ties="min", descending=True).T


def run_plan(prep: _Prepared, plan: DrawPlan) -> np.ndarray:
    """Index scores ``(draws, regions)`` of every draw of ``plan``, one batched pass per method combination."""
    n_ind = len(prep.framework.indicators)
    out = np.full((len(plan), len(prep.regions)), np.nan)
    combos = np.stack([plan.impute, plan.normalise, plan.aggregate], axis=1)
    if len(plan) == 0:
        return out
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
            out[rows] = _aggregate_draws(prep.x[(int(i), int(n))], w, prep, prep.aggregations[a] == "geometric")
    out[:, ~prep.eligible] = np.nan  # below the sufficiency rule: never ranked
    return out


# -------------------------------------------------------------------------------------------------------------------
# Uncertainty analysis


@dataclass(frozen=True)
class UncertaintyResult:
    """Per-region rank statistics over the draws, and (optionally) every draw for audit.

    Attributes
    ----------
    regions
        Region codes (axis of every per-region array).
    year, params
        The year scored and every setting of the analysis.
    nominal_score, nominal_rank
        Index score and rank under the nominal choices (framework weights, first option of each method).
    median_rank, mean_rank, q05_rank, q95_rank
        Statistics of the region's rank over the draws in which it is ranked (percentiles: numpy ``linear``).
    share_nominal_rank
        Share of all draws in which the region has exactly its nominal rank.
    share_nominal_band
        Share of all draws in which its index score stays in its nominal band (NaN when no bands were given).
    n_ranked
        Number of draws in which the region is ranked.
    plan, scores, ranks
        Every draw's parameters, index scores and ranks ``(draws, regions)`` (None when ``keep_draws=False``).
    notes
        What the user should know (from scoring: zero-range indicators, rescaled weights...).
    """

    framework: Framework
    regions: tuple[str, ...]
    year: int
    params: Mapping[str, Any]
    nominal_score: np.ndarray
    nominal_rank: np.ndarray
    median_rank: np.ndarray
    mean_rank: np.ndarray
    q05_rank: np.ndarray
    q95_rank: np.ndarray
    share_nominal_rank: np.ndarray
    share_nominal_band: np.ndarray
    n_ranked: np.ndarray
    plan: DrawPlan | None
    scores: np.ndarray | None
    ranks: np.ndarray | None
    notes: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per region, best nominal rank first: ``region_code, nominal_score, nominal_rank, median_rank,
        mean_rank, q05_rank, q95_rank, share_nominal_rank, share_nominal_band, n_ranked``."""
        frame = pd.DataFrame({
            "region_code": list(self.regions),
            "nominal_score": self.nominal_score,
            "nominal_rank": pd.array(self.nominal_rank, dtype="Float64").astype("Int64"),
            "median_rank": self.median_rank,
            "mean_rank": self.mean_rank,
            "q05_rank": self.q05_rank,
            "q95_rank": self.q95_rank,
            "share_nominal_rank": self.share_nominal_rank,
            "share_nominal_band": self.share_nominal_band,
            "n_ranked": self.n_ranked,
        })
        return frame.sort_values(["nominal_rank", "region_code"], na_position="last").reset_index(drop=True)

    def draws_frame(self) -> pd.DataFrame:
        """Every draw for audit: ``draw, normalise, aggregate, impute, left_out``, the relative weight of every node
        within its parent (``w_<node>``), then each region's index score (``score_<code>``) and rank
        (``rank_<code>``)."""
        if self.plan is None or self.scores is None or self.ranks is None:
            raise ScoringError("the draws were not kept; run uncertainty(..., keep_draws=True)")
        fw = self.framework
        p = self.plan
        ids = fw.node_ids
        frame = pd.DataFrame({
            "draw": np.arange(1, len(p) + 1),
            "normalise": np.array(self.params["normalisations"], dtype=object)[p.normalise],
            "aggregate": np.array(self.params["aggregations"], dtype=object)[p.aggregate],
            "impute": np.array(self.params["impute_options"], dtype=object)[p.impute],
            "left_out": np.where(p.left_out >= 0, np.array([*fw.indicators, ""], dtype=object)[p.left_out], ""),
        })
        rel = _relative_weights(fw, p)
        cols = {f"w_{n}": rel[:, k] for k, n in enumerate(ids) if n != fw.root}
        cols |= {f"score_{r}": self.scores[:, k] for k, r in enumerate(self.regions)}
        cols |= {f"rank_{r}": pd.array(self.ranks[:, k], dtype="Float64").astype("Int64")
                 for k, r in enumerate(self.regions)}
        return pd.concat([frame, pd.DataFrame(cols)], axis=1)


def _relative_weights(framework: Framework, plan: DrawPlan) -> np.ndarray:
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


def _draw_weights(framework: Framework, rng: np.random.Generator, draws: int, noise: float, dist: str,
                  nodes: Sequence[str] | None) -> np.ndarray:
    ids = framework.node_ids
    base = np.array([framework.nodes[n].weight for n in ids], dtype=float)
    perturb = np.array([n != framework.root and (nodes is None or n in nodes) for n in ids])
    if dist == "uniform":
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


def _check_common(draws: int, weights_noise: float, weights_dist: str) -> None:
    if not isinstance(draws, int | np.integer) or draws < 1:
        raise ScoringError(f"draws must be a whole number >= 1, got {draws!r}")
    if not (math.isfinite(weights_noise) and 0.0 <= weights_noise < 1.0):
        raise ScoringError(f"weights_noise must be between 0 and 1 (exclusive), got {weights_noise!r}")
    if weights_dist not in ("uniform", "dirichlet"):
        raise ScoringError(f"unknown weights_dist {weights_dist!r}; choose uniform or dirichlet")


def random_plan(prep: _Prepared, draws: int, seed: int | None, weights_noise: float, weights_dist: str,
                leave_one_out: bool, weight_nodes: Sequence[str] | None = None) -> DrawPlan:
    """``draws`` random draws (see the module docstring); the random stream is fixed by ``seed``."""
    rng = np.random.default_rng(seed)
    weights = _draw_weights(prep.framework, rng, draws, weights_noise, weights_dist, weight_nodes)
    norm = rng.integers(len(prep.normalisations), size=draws)
    agg = rng.integers(len(prep.aggregations), size=draws)
    imp = rng.integers(len(prep.impute_options), size=draws)
    if leave_one_out:
        if prep.with_data.size < 2:
            raise ScoringError("leave-one-out needs at least two indicators with data")
        left = prep.with_data[rng.integers(prep.with_data.size, size=draws)]
    else:
        left = np.full(draws, -1)
    return DrawPlan(weights, norm, agg, imp, left)


def _bands_of(scores: np.ndarray, bands: Sequence[tuple[float, str]] | None) -> np.ndarray | None:
    if not bands:
        return None
    lowers = np.array(sorted(float(b[0]) for b in bands))
    idx = np.searchsorted(lowers, scores, side="right").astype(float) - 1.0
    return np.where(np.isnan(scores), np.nan, idx)


def uncertainty(framework: Framework, observations: pd.DataFrame | ObservationCube, *, year: int | None = None,
                window: int | None = 3, regions: pd.DataFrame | Sequence[str] | None = None, draws: int = 1000,
                seed: int | None = 20261123, weights_noise: float = 0.25, weights_dist: WeightsDist = "uniform",
                weight_nodes: Sequence[str] | None = None,
                aggregations: Sequence[str] = ("arithmetic", "geometric"),
                normalisations: Sequence[str] = ("goalposts",), impute_options: Sequence[str] = ("none",),
                leave_one_out: bool = False, range: Sequence[float] = (1.0, 100.0),
                zscore: Sequence[float] = (10.0, 2.0), treat: str = "none", ties: str = "average",
                min_coverage: float = 0.0, pillar_min_coverage: float = 0.5, index_min_pillars: int = 2,
                bands: Sequence[tuple[float, str]] | None = None,
                plan: DrawPlan | None = None, keep_draws: bool = True) -> UncertaintyResult:
    """Monte Carlo uncertainty analysis of the index ranks over the choices a reasonable analyst could make.

    Parameters
    ----------
    framework, observations, year, window, regions
        As for :func:`readiness.score` (``observations`` may be a prebuilt cube).
    draws, seed
        Number of draws and the seed of numpy's ``default_rng`` (same seed, same draws, same result).
    weights_noise, weights_dist, weight_nodes
        Weight perturbation: ``uniform`` multiplies each weight by ``U(1 - noise, 1 + noise)``; ``dirichlet`` draws
        each parent's child shares from ``Dirichlet(p / noise**2)``. ``weight_nodes`` limits the perturbation to
        these nodes (default every node but the root). ``weights_noise=0`` keeps the framework's weights.
    aggregations, normalisations, impute_options
        The methods drawn from, uniformly; the first of each is the nominal choice.
    leave_one_out
        Remove one indicator per draw, drawn uniformly among those with data in the scored year.
    range, zscore, treat, ties, min_coverage
        Passed to the normalisation and aggregation as in :func:`readiness.score` (note the positive default
        range 1-100 and z-score 10, 2, which keep the geometric mean defined).
    pillar_min_coverage, index_min_pillars
        The sufficiency rule (:class:`readiness.ScoringSpec`): a region whose index does not meet it on the nominal
        choices is not ranked in any draw (NaN statistics, ``n_ranked`` 0), and the others are ranked among
        themselves only. Draws vary weights and methods, not the data a region has.
    bands
        Optional bands of the index score as ``(lower bound, name)``; ``share_nominal_band`` is NaN without them.
    plan
        Explicit draws (:class:`DrawPlan`) instead of random ones, e.g. to replay an audited run or COINr's.
    keep_draws
        Keep every draw's parameters, scores and ranks in the result (for :meth:`UncertaintyResult.draws_frame`).

    Returns
    -------
    UncertaintyResult
        Per region: nominal rank; median, mean, 5th and 95th percentile ranks; share of draws at the nominal rank
        and in the nominal band.

    Raises
    ------
    ScoringError
        Bad options, or a geometric mean over values <= 0 (see the module docstring).
    """
    _check_common(draws, weights_noise, weights_dist)
    prep = _prepare(framework, observations, year=year, window=window, regions=regions,
                    normalisations=normalisations, aggregations=aggregations, impute_options=impute_options,
                    range=range, zscore=zscore, treat=treat, ties=ties, min_coverage=min_coverage,
                    pillar_min_coverage=pillar_min_coverage, index_min_pillars=index_min_pillars)
    if plan is None:
        plan = random_plan(prep, draws, seed, weights_noise, weights_dist, leave_one_out, weight_nodes)
    elif plan.weights.shape[1] != len(framework.node_ids):
        raise ScoringError(f"the plan's weights have {plan.weights.shape[1]} columns; the framework has "
                           f"{len(framework.node_ids)} nodes")
    nominal = run_plan(prep, DrawPlan.nominal(framework))[0]
    nominal_rank = _rank(nominal[None, :])[0]
    scores = run_plan(prep, plan)
    ranks = _rank(scores)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a region never ranked gives NaN statistics
        q05, median, q95 = _nan_percentiles(ranks, [5.0, 50.0, 95.0])
        mean = np.nanmean(ranks, axis=0)
    share_rank = np.mean(ranks == nominal_rank[None, :], axis=0)
    nominal_band, draw_band = _bands_of(nominal, bands), _bands_of(scores, bands)
    if nominal_band is None or draw_band is None:
        share_band = np.full(len(prep.regions), np.nan)
    else:
        share_band = np.mean(draw_band == nominal_band[None, :], axis=0)
    params = MappingProxyType({
        **prep.settings, "draws": len(plan), "seed": seed, "weights_noise": float(weights_noise),
        "weights_dist": weights_dist, "weight_nodes": None if weight_nodes is None else tuple(weight_nodes),
        "leave_one_out": bool(leave_one_out), "bands": None if not bands else tuple(bands),
        "explicit_plan": plan is not None and seed is None,
    })
    return UncertaintyResult(
        framework=framework, regions=prep.regions, year=prep.year, params=params,
        nominal_score=_frozen(nominal), nominal_rank=_frozen(nominal_rank), median_rank=_frozen(median),
        mean_rank=_frozen(mean), q05_rank=_frozen(q05), q95_rank=_frozen(q95),
        share_nominal_rank=_frozen(share_rank), share_nominal_band=_frozen(share_band),
        n_ranked=_frozen(np.sum(~np.isnan(ranks), axis=0)),
        plan=plan if keep_draws else None, scores=_frozen(scores) if keep_draws else None,
        ranks=_frozen(ranks) if keep_draws else None, notes=prep.notes,
    )


# -------------------------------------------------------------------------------------------------------------------
# Leave one indicator out


@dataclass(frozen=True)
class LeaveOneOut:
    """Each indicator removed in turn under the nominal choices: every region's rank change.

    ``ranks[r, i]`` is region ``r``'s index rank without indicator ``i``; ``changes = ranks - nominal_rank``
    (positive: the region falls when the indicator is removed, i.e. the indicator lifts it; negative: it rises).
    """

    regions: tuple[str, ...]
    indicators: tuple[str, ...]
    year: int
    params: Mapping[str, Any]
    nominal_rank: np.ndarray
    ranks: np.ndarray
    changes: np.ndarray
    regions_with_data: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        """Regions x indicators table of rank changes (nullable integers; regions as index)."""
        frame = pd.DataFrame(self.changes, index=pd.Index(self.regions, name="region_code"),
                             columns=pd.Index(self.indicators, name="left_out"))
        return frame.astype("Float64").astype("Int64")

    def summary(self) -> pd.DataFrame:
        """One row per indicator, the most rank-moving first: ``indicator, max_abs_change, mean_abs_change,
        regions_moved, regions_with_data``."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            absch = np.abs(self.changes)
            frame = pd.DataFrame({
                "indicator": list(self.indicators),
                "max_abs_change": np.nan_to_num(np.nanmax(absch, axis=0), nan=0.0),
                "mean_abs_change": np.nan_to_num(np.nanmean(absch, axis=0), nan=0.0),
                "regions_moved": np.sum(absch > 0, axis=0),
                "regions_with_data": self.regions_with_data,
            })
        return frame.sort_values(["max_abs_change", "mean_abs_change", "indicator"],
                                 ascending=[False, False, True]).reset_index(drop=True)


def leave_one_out(framework: Framework, observations: pd.DataFrame | ObservationCube, *, year: int | None = None,
                  window: int | None = 3, regions: pd.DataFrame | Sequence[str] | None = None,
                  normalise: str = "goalposts", aggregate: str = "arithmetic", impute: str = "none",
                  range: Sequence[float] = (1.0, 100.0), zscore: Sequence[float] = (10.0, 2.0),
                  treat: str = "none", ties: str = "average", min_coverage: float = 0.0,
                  pillar_min_coverage: float = 0.5, index_min_pillars: int = 2) -> LeaveOneOut:
    """Remove each indicator in turn (weight 0, as if the framework lacked it) and rank the regions again.

    All indicators are scored in one batched pass. Parameters as for :func:`uncertainty` with one method each.
    A region that loses its index score without the indicator (it was its only data) has a NaN change.
    """
    prep = _prepare(framework, observations, year=year, window=window, regions=regions, normalisations=(normalise,),
                    aggregations=(aggregate,), impute_options=(impute,), range=range, zscore=zscore, treat=treat,
                    ties=ties, min_coverage=min_coverage,
                    pillar_min_coverage=pillar_min_coverage, index_min_pillars=index_min_pillars)
    n_ind = len(framework.indicators)
    base = DrawPlan.nominal(framework, n_ind + 1)
    plan = DrawPlan(base.weights, base.normalise, base.aggregate, base.impute, np.arange(-1, n_ind))
    ranks = _rank(run_plan(prep, plan))
    nominal = ranks[0]
    without = ranks[1:].T                                               # (regions, indicators)
    return LeaveOneOut(
        regions=prep.regions, indicators=framework.indicators, year=prep.year, params=prep.settings,
        nominal_rank=_frozen(nominal), ranks=_frozen(without), changes=_frozen(without - nominal[:, None]),
        regions_with_data=_frozen(np.sum(~np.isnan(prep.x[(0, 0)]), axis=0)),
    )


# -------------------------------------------------------------------------------------------------------------------
# Variance-based sensitivity


@dataclass(frozen=True)
class Sensitivity:
    """First-order and total sensitivity indices of each uncertain input for the mean absolute rank change.

    ``first_order[k]`` (Saltelli 2010) is the share of the output variance explained by input ``k`` alone;
    ``total[k]`` (Jansen 1999) includes its interactions. ``*_q05``/``*_q95`` are bootstrap percentiles.
    """

    factors: tuple[str, ...]
    first_order: np.ndarray
    total: np.ndarray
    first_order_q05: np.ndarray
    first_order_q95: np.ndarray
    total_q05: np.ndarray
    total_q95: np.ndarray
    variance: float
    runs: int
    params: Mapping[str, Any]

    def to_frame(self) -> pd.DataFrame:
        """One row per input: ``factor, first_order, total`` and their bootstrap 5th/95th percentiles."""
        return pd.DataFrame({
            "factor": list(self.factors), "first_order": self.first_order, "total": self.total,
            "first_order_q05": self.first_order_q05, "first_order_q95": self.first_order_q95,
            "total_q05": self.total_q05, "total_q95": self.total_q95,
        })


def sensitivity(framework: Framework, observations: pd.DataFrame | ObservationCube, *, year: int | None = None,
                window: int | None = 3, regions: pd.DataFrame | Sequence[str] | None = None, n: int = 500,
                seed: int | None = 20261123, weights_noise: float = 0.25, weights_dist: WeightsDist = "uniform",
                aggregations: Sequence[str] = ("arithmetic", "geometric"),
                normalisations: Sequence[str] = ("goalposts",), impute_options: Sequence[str] = ("none",),
                leave_one_out: bool = False, range: Sequence[float] = (1.0, 100.0),
                zscore: Sequence[float] = (10.0, 2.0), treat: str = "none", ties: str = "average",
                min_coverage: float = 0.0, bootstrap: int = 200, pillar_min_coverage: float = 0.5,
                index_min_pillars: int = 2) -> Sensitivity:
    """Variance-based sensitivity of the ranks to each uncertain input, as COINr's ``get_sensitivity``.

    Inputs (factors): ``weights`` (when ``weights_noise > 0``; one factor for the whole set of weights, drawn from
    a bank of ``2n`` perturbed weight sets), ``normalisation``, ``aggregation``, ``imputation`` (each when more
    than one option is given) and ``left_out`` (with ``leave_one_out``). Output of a run: the mean over regions of
    ``|rank - nominal rank|``. Sampling: two independent ``n x k`` matrices ``A`` and ``B`` of factor values and,
    for every factor ``i``, ``AB_i`` (``A`` with column ``i`` from ``B``): ``n (k + 2)`` runs, all batched.

    Estimators, with ``V = var(f(A) ++ f(B))``:
    ``S_i = mean(f(B) (f(AB_i) - f(A))) / V`` (Saltelli 2010) and ``ST_i = mean((f(A) - f(AB_i))^2) / (2 V)``
    (Jansen). Bootstrap percentiles resample the ``n`` rows ``bootstrap`` times. With zero output variance the
    indices are NaN.
    """
    _check_common(n, weights_noise, weights_dist)
    prep = _prepare(framework, observations, year=year, window=window, regions=regions,
                    normalisations=normalisations, aggregations=aggregations, impute_options=impute_options,
                    range=range, zscore=zscore, treat=treat, ties=ties, min_coverage=min_coverage,
                    pillar_min_coverage=pillar_min_coverage, index_min_pillars=index_min_pillars)
    rng = np.random.default_rng(seed)
    bank = _draw_weights(framework, rng, 2 * n, weights_noise, weights_dist, None)
    sizes: dict[str, int] = {}
    if weights_noise > 0:
        sizes["weights"] = 2 * n
    for name, opts in (("normalisation", prep.normalisations), ("aggregation", prep.aggregations),
                       ("imputation", prep.impute_options)):
        if len(opts) > 1:
            sizes[name] = len(opts)
    if leave_one_out:
        sizes["left_out"] = int(prep.with_data.size)
    if not sizes:
        raise ScoringError("nothing is uncertain: give weights_noise > 0, several methods or leave_one_out")
    factors = tuple(sizes)
    k = len(factors)
    a = np.stack([rng.integers(sizes[f], size=n) for f in factors], axis=1)
    b = np.stack([rng.integers(sizes[f], size=n) for f in factors], axis=1)
    if "weights" in sizes:  # A and B each use their own half of the bank
        col = factors.index("weights")
        a[:, col] = np.arange(n)
        b[:, col] = n + np.arange(n)
    blocks = [a, b]
    for i in np.arange(k):
        ab = a.copy()
        ab[:, i] = b[:, i]
        blocks.append(ab)
    design = np.concatenate(blocks)                                     # (n (k + 2), k)
    runs = design.shape[0]

    def column(name: str, default: np.ndarray) -> np.ndarray:
        return design[:, factors.index(name)] if name in sizes else default

    zeros = np.zeros(runs, dtype=int)
    base = DrawPlan.nominal(framework).weights[0]
    plan = DrawPlan(
        weights=bank[column("weights", zeros)] if "weights" in sizes else np.tile(base, (runs, 1)),
        normalise=column("normalisation", zeros), aggregate=column("aggregation", zeros),
        impute=column("imputation", zeros),
        left_out=prep.with_data[column("left_out", zeros)] if "left_out" in sizes else np.full(runs, -1),
    )
    nominal_rank = _rank(run_plan(prep, DrawPlan.nominal(framework))[0][None, :])[0]
    ranks = _rank(run_plan(prep, plan))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        y = np.nanmean(np.abs(ranks - nominal_rank[None, :]), axis=1)
    y = y.reshape(k + 2, n)
    y_a, y_b, y_ab = y[0], y[1], y[2:]

    def estimate(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Indices (k, ...) from the runs' rows ``rows`` (shape (n,) or (bootstrap, n))."""
        ya, yb, yab = y_a[rows], y_b[rows], y_ab[:, rows]
        var = np.var(np.concatenate([ya, yb], axis=-1), axis=-1, ddof=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            s1 = np.mean(yb * (yab - ya), axis=-1) / var
            st = 0.5 * np.mean((ya - yab) ** 2, axis=-1) / var
        return np.where(var > 0, s1, np.nan), np.where(var > 0, st, np.nan)

    s1, st = estimate(np.arange(n))
    q = np.full((2, 2, k), np.nan)
    if bootstrap > 0:
        boot = rng.integers(n, size=(bootstrap, n))
        bs1, bst = estimate(boot)                                       # (k, bootstrap) each
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            q = np.nanpercentile(np.stack([bs1, bst]), [5.0, 95.0], axis=-1)  # (2 quantiles, 2 indices, k)
    return Sensitivity(
        factors=factors, first_order=_frozen(s1), total=_frozen(st), first_order_q05=_frozen(q[0, 0]),
        first_order_q95=_frozen(q[1, 0]), total_q05=_frozen(q[0, 1]), total_q95=_frozen(q[1, 1]),
        variance=float(np.var(np.concatenate([y_a, y_b]), ddof=1)), runs=runs,
        params=MappingProxyType({**prep.settings, "n": n, "seed": seed, "weights_noise": float(weights_noise),
                                 "weights_dist": weights_dist, "leave_one_out": bool(leave_one_out),
                                 "bootstrap": bootstrap}),
    )
