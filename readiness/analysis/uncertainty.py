"""How robust are the ranks? Monte Carlo uncertainty analysis over the choices a reasonable analyst could make.

A reasonable analyst could have made other choices: other weights, another normalisation, a geometric instead of an
arithmetic mean, imputation on or off, one indicator fewer. :func:`uncertainty` scores ``(framework, data, spec)``
under N such sets of choices ("draws", :class:`UncertaintyOptions`) and summarises the distribution of each
region's index rank: nominal rank, median, mean, 5th and 95th percentiles, and the share of draws keeping the
nominal rank (and band).

The nominal scores and ranks are those of ``readiness.score(framework, data, spec)``, and the spec's sufficiency
rule decides who is ranked: every region that ``score`` ranks gets an interval, no other region does. How the draws
are made, batched and ranked: :mod:`readiness.analysis.draws`. Percentiles use numpy's default ``linear`` method
(R's ``quantile`` type 7, as COINr) over the draws in which the region is ranked.

Leave-one-indicator-out and variance-based sensitivity: :mod:`readiness.analysis.sensitivity`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from readiness.analysis.draws import (
    DrawPlan,
    Prepared,
    Regions,
    Variations,
    frozen,
    nan_percentiles,
    prepare,
    random_plan,
    rank_draws,
    relative_weights,
    run_plan,
)
from readiness.errors import ScoringError, clip
from readiness.model.framework import Framework
from readiness.pipeline.select import ObservationCube
from readiness.pipeline.spec import ScoringSpec

__all__ = ["MAX_DRAWS", "DrawPlan", "UncertaintyOptions", "UncertaintyResult", "uncertainty"]

#: Most draws one run may ask for (more is an error, not an array numpy cannot allocate).
MAX_DRAWS = 1_000_000


@dataclass(frozen=True)
class UncertaintyOptions(Variations):
    """What :func:`uncertainty` varies and how many times; frozen and hashable (a cache key).

    The fields of :class:`~readiness.analysis.draws.Variations` (seed, weights noise, the other methods drawn
    from, leave one out, the geometric draws' scale), and:

    Attributes
    ----------
    draws
        Number of draws.
    bands
        Optional bands of the index score as ``(lower bound, name)``; ``share_nominal_band`` is NaN without them.
    keep_draws
        Keep every draw's parameters, scores and ranks in the result (for :meth:`UncertaintyResult.draws_frame`).
    """

    draws: int = 1000
    bands: tuple[tuple[float, str], ...] | None = None
    keep_draws: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()
        if (isinstance(self.draws, bool) or not isinstance(self.draws, int | np.integer)
                or not 1 <= self.draws <= MAX_DRAWS):
            raise ScoringError(f"draws must be a whole number from 1 to {MAX_DRAWS:,}, got {clip(self.draws)}")
        if self.bands is not None:
            bands = tuple((float(lo), str(name)) for lo, name in self.bands)
            if not all(math.isfinite(lo) for lo, _ in bands):
                raise ScoringError(f"band lower bounds must be finite, got {bands!r}")
            object.__setattr__(self, "bands", bands or None)
        object.__setattr__(self, "keep_draws", bool(self.keep_draws))


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
        Index score and rank of :func:`readiness.score` with the spec (framework weights, the spec's methods).
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
            raise ScoringError("the draws were not kept; run uncertainty with UncertaintyOptions(keep_draws=True)")
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
        rel = relative_weights(fw, p)
        cols = {f"w_{n}": rel[:, k] for k, n in enumerate(ids) if n != fw.root}
        cols |= {f"score_{r}": self.scores[:, k] for k, r in enumerate(self.regions)}
        cols |= {f"rank_{r}": pd.array(self.ranks[:, k], dtype="Float64").astype("Int64")
                 for k, r in enumerate(self.regions)}
        return pd.concat([frame, pd.DataFrame(cols)], axis=1)


def _bands_of(scores: np.ndarray, bands: Sequence[tuple[float, str]] | None) -> np.ndarray | None:
    if not bands:
        return None
    lowers = np.array(sorted(float(b[0]) for b in bands))
    idx = np.searchsorted(lowers, scores, side="right").astype(float) - 1.0
    return np.where(np.isnan(scores), np.nan, idx)


def uncertainty(framework: Framework, data: pd.DataFrame | ObservationCube, spec: ScoringSpec,
                options: UncertaintyOptions | None = None, *, regions: Regions = None,
                plan: DrawPlan | None = None) -> UncertaintyResult:
    """Monte Carlo uncertainty analysis of the index ranks over the choices a reasonable analyst could make.

    Parameters
    ----------
    framework, data, spec, regions
        As for :func:`readiness.score` (``data`` may be a prebuilt cube); the spec is the nominal choice, and its
        whole sufficiency rule decides who is ranked (see :mod:`readiness.analysis.draws`).
    options
        What the draws vary and how many there are (default :class:`UncertaintyOptions()`).
    plan
        Explicit draws (:class:`DrawPlan`) instead of random ones, e.g. to replay an audited run or COINr's; its
        method positions refer to the result's ``params["normalisations"]`` etc.

    Returns
    -------
    UncertaintyResult
        Per region: nominal rank; median, mean, 5th and 95th percentile ranks; share of draws at the nominal rank
        and in the nominal band. A region that ``score`` leaves unranked has NaN statistics and ``n_ranked`` 0.

    Raises
    ------
    ScoringError
        Bad options, or a geometric mean over values <= 0 (see :mod:`readiness.analysis.draws`).
    """
    options = UncertaintyOptions() if options is None else options
    if not isinstance(options, UncertaintyOptions):
        raise ScoringError(f"options must be UncertaintyOptions, got {type(options).__name__}")
    prep = prepare(framework, data, spec, options, regions=regions)
    explicit = plan is not None
    plan = random_plan(prep, options, options.draws) if plan is None else plan
    scores = run_plan(prep, plan)
    ranks = rank_draws(scores, prep.ranked)
    nominal = prep.nominal.values[:, -1]
    nominal_rank = prep.nominal.ranks[:, -1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a region never ranked gives NaN statistics
        q05, median, q95 = nan_percentiles(ranks, [5.0, 50.0, 95.0])
        mean = np.nanmean(ranks, axis=0)
    keep = options.keep_draws
    return UncertaintyResult(
        framework=framework, regions=prep.regions, year=prep.year, params=_params(prep, options, plan, explicit),
        nominal_score=frozen(nominal), nominal_rank=frozen(nominal_rank), median_rank=frozen(median),
        mean_rank=frozen(mean), q05_rank=frozen(q05), q95_rank=frozen(q95),
        share_nominal_rank=frozen(np.mean(ranks == nominal_rank[None, :], axis=0)),
        share_nominal_band=frozen(_share_band(nominal, scores, options.bands)),
        n_ranked=frozen(np.sum(~np.isnan(ranks), axis=0)),
        plan=plan if keep else None, scores=frozen(scores) if keep else None, ranks=frozen(ranks) if keep else None,
        notes=prep.notes,
    )


def _share_band(nominal: np.ndarray, scores: np.ndarray, bands: Sequence[tuple[float, str]] | None) -> np.ndarray:
    nominal_band, draw_band = _bands_of(nominal, bands), _bands_of(scores, bands)
    if nominal_band is None or draw_band is None:
        return np.full(nominal.shape, np.nan)
    return np.mean(draw_band == nominal_band[None, :], axis=0)


def _params(prep: Prepared, options: UncertaintyOptions, plan: DrawPlan, explicit: bool) -> Mapping[str, Any]:
    return MappingProxyType({
        **prep.settings, "draws": len(plan), "seed": None if explicit else options.seed,
        "weights_noise": options.weights_noise, "weights_dist": options.weights_dist,
        "weight_nodes": options.weight_nodes, "leave_one_out": options.leave_one_out, "bands": options.bands,
        "geometric_range": options.geometric_range, "geometric_zscore": options.geometric_zscore,
        "explicit_plan": explicit,
    })
