"""Which choices move the ranks? Leave-one-indicator-out and variance-based sensitivity of ``(framework, data,
spec)``.

:func:`leave_one_out` removes each indicator in turn under the spec's choices and reports every region's rank
change. :func:`sensitivity` estimates variance-based first-order and total indices of each uncertain input
(weights, normalisation, aggregation, imputation, left-out indicator) for the mean absolute rank change from the
nominal ranks, with Saltelli's (2010) first-order and Jansen's total-effect estimators, as COINr's
``get_sensitivity``. Both use the batched draws of :mod:`readiness.analysis.draws`: the nominal ranks are those of
``readiness.score(framework, data, spec)`` and the spec's sufficiency rule decides who is ranked.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
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
    draw_weights,
    frozen,
    prepare,
    rank_draws,
    run_plan,
)
from readiness.errors import ScoringError
from readiness.model.framework import Framework
from readiness.pipeline.select import ObservationCube
from readiness.pipeline.spec import ScoringSpec

__all__ = ["LeaveOneOut", "Sensitivity", "SensitivityOptions", "leave_one_out", "sensitivity"]


# -------------------------------------------------------------------------------------------------------------------
# Leave one indicator out


@dataclass(frozen=True)
class LeaveOneOut:
    """Each indicator removed in turn under the spec's choices: every region's rank change.

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


def leave_one_out(framework: Framework, data: pd.DataFrame | ObservationCube, spec: ScoringSpec, *,
                  regions: Regions = None) -> LeaveOneOut:
    """Remove each indicator in turn (weight 0) and rank the regions again, with the spec's choices.

    All indicators are scored in one batched pass. The nominal ranks are ``readiness.score(framework, data,
    spec)``'s, and which pillars and indices are scored is the spec's rule on the data (see
    :mod:`readiness.analysis.draws`). A region that loses its index score without the indicator (it was its only
    data) has a NaN change.
    """
    prep = prepare(framework, data, spec, Variations(aggregations=()), regions=regions)
    n_ind = len(framework.indicators)
    base = DrawPlan.nominal(framework, n_ind)
    plan = DrawPlan(base.weights, base.normalise, base.aggregate, base.impute, np.arange(n_ind))
    nominal = prep.nominal.ranks[:, -1]
    without = rank_draws(run_plan(prep, plan), prep.ranked).T                     # (regions, indicators)
    return LeaveOneOut(
        regions=prep.regions, indicators=framework.indicators, year=prep.year, params=prep.settings,
        nominal_rank=frozen(nominal), ranks=frozen(without), changes=frozen(without - nominal[:, None]),
        regions_with_data=frozen(np.sum(~np.isnan(prep.x[(0, 0)]), axis=0)),
    )


# -------------------------------------------------------------------------------------------------------------------
# Variance-based sensitivity


@dataclass(frozen=True)
class SensitivityOptions(Variations):
    """What :func:`sensitivity` varies, and its sample sizes; frozen and hashable (a cache key).

    The fields of :class:`~readiness.analysis.draws.Variations`, and:

    Attributes
    ----------
    n
        Base sample size: ``n (k + 2)`` runs for ``k`` uncertain inputs.
    bootstrap
        Bootstrap resamples of the ``n`` rows for the indices' 5th/95th percentiles (0: none).
    """

    n: int = 500
    bootstrap: int = 200

    def __post_init__(self) -> None:
        super().__post_init__()
        if isinstance(self.n, bool) or not isinstance(self.n, int | np.integer) or self.n < 1:
            raise ScoringError(f"n must be a whole number >= 1, got {self.n!r}")
        if isinstance(self.bootstrap, bool) or not isinstance(self.bootstrap, int | np.integer) or self.bootstrap < 0:
            raise ScoringError(f"bootstrap must be a whole number >= 0, got {self.bootstrap!r}")


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


def _factor_sizes(prep: Prepared, options: SensitivityOptions) -> dict[str, int]:
    """The uncertain inputs and how many values each takes."""
    sizes: dict[str, int] = {}
    if options.weights_noise > 0:
        sizes["weights"] = 2 * options.n
    for name, opts in (("normalisation", prep.normalisations), ("aggregation", prep.aggregations),
                       ("imputation", prep.impute_options)):
        if len(opts) > 1:
            sizes[name] = len(opts)
    if options.leave_one_out:
        sizes["left_out"] = int(prep.with_data.size)
    if not sizes:
        raise ScoringError("nothing is uncertain: give weights_noise > 0, several methods or leave_one_out")
    return sizes


def _design(prep: Prepared, options: SensitivityOptions, sizes: dict[str, int],
            rng: np.random.Generator) -> DrawPlan:
    """The runs ``A``, ``B`` and every ``AB_i`` (``A`` with column ``i`` from ``B``) as one plan of ``n (k + 2)``
    draws; the weights of a run come from a bank of ``2n`` perturbed sets, ``A`` and ``B`` each using its half."""
    n = options.n
    bank = draw_weights(prep.framework, rng, 2 * n, options)
    factors = tuple(sizes)
    a = np.stack([rng.integers(sizes[f], size=n) for f in factors], axis=1)
    b = np.stack([rng.integers(sizes[f], size=n) for f in factors], axis=1)
    if "weights" in sizes:
        col = factors.index("weights")
        a[:, col] = np.arange(n)
        b[:, col] = n + np.arange(n)
    blocks = [a, b]
    for i in np.arange(len(factors)):
        ab = a.copy()
        ab[:, i] = b[:, i]
        blocks.append(ab)
    design = np.concatenate(blocks)                                     # (n (k + 2), k)
    runs = design.shape[0]

    def column(name: str) -> np.ndarray:
        return design[:, factors.index(name)] if name in sizes else np.zeros(runs, dtype=int)

    base = DrawPlan.nominal(prep.framework).weights[0]
    return DrawPlan(
        weights=bank[column("weights")] if "weights" in sizes else np.tile(base, (runs, 1)),
        normalise=column("normalisation"), aggregate=column("aggregation"), impute=column("imputation"),
        left_out=prep.with_data[column("left_out")] if "left_out" in sizes else np.full(runs, -1),
    )


def _estimate(y_a: np.ndarray, y_b: np.ndarray, y_ab: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices (k, ...) from the runs' rows ``rows`` (shape (n,) or (bootstrap, n))."""
    ya, yb, yab = y_a[rows], y_b[rows], y_ab[:, rows]
    var = np.var(np.concatenate([ya, yb], axis=-1), axis=-1, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        s1 = np.mean(yb * (yab - ya), axis=-1) / var
        st = 0.5 * np.mean((ya - yab) ** 2, axis=-1) / var
    return np.where(var > 0, s1, np.nan), np.where(var > 0, st, np.nan)


def sensitivity(framework: Framework, data: pd.DataFrame | ObservationCube, spec: ScoringSpec,
                options: SensitivityOptions | None = None, *, regions: Regions = None) -> Sensitivity:
    """Variance-based sensitivity of the ranks to each uncertain input, as COINr's ``get_sensitivity``.

    Inputs (factors): ``weights`` (when ``weights_noise > 0``; one factor for the whole set of weights, drawn from
    a bank of ``2n`` perturbed weight sets), ``normalisation``, ``aggregation``, ``imputation`` (each when more
    than one method is drawn from: the spec's and the options') and ``left_out`` (with ``leave_one_out``). Output
    of a run: the mean over regions of ``|rank - nominal rank|``, the nominal ranks being
    ``readiness.score(framework, data, spec)``'s. Sampling: two independent ``n x k`` matrices ``A`` and ``B`` of
    factor values and, for every factor ``i``, ``AB_i`` (``A`` with column ``i`` from ``B``): ``n (k + 2)`` runs,
    all batched.

    Estimators, with ``V = var(f(A) ++ f(B))``:
    ``S_i = mean(f(B) (f(AB_i) - f(A))) / V`` (Saltelli 2010) and ``ST_i = mean((f(A) - f(AB_i))^2) / (2 V)``
    (Jansen). Bootstrap percentiles resample the ``n`` rows ``bootstrap`` times. With zero output variance the
    indices are NaN.
    """
    options = SensitivityOptions() if options is None else options
    if not isinstance(options, SensitivityOptions):
        raise ScoringError(f"options must be SensitivityOptions, got {type(options).__name__}")
    prep = prepare(framework, data, spec, options, regions=regions)
    rng = np.random.default_rng(options.seed)
    sizes = _factor_sizes(prep, options)
    plan = _design(prep, options, sizes, rng)
    n, k = options.n, len(sizes)
    nominal_rank = prep.nominal.ranks[:, -1]
    ranks = rank_draws(run_plan(prep, plan), prep.ranked)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        y = np.nanmean(np.abs(ranks - nominal_rank[None, :]), axis=1).reshape(k + 2, n)
    y_a, y_b, y_ab = y[0], y[1], y[2:]
    s1, st = _estimate(y_a, y_b, y_ab, np.arange(n))
    q = np.full((2, 2, k), np.nan)
    if options.bootstrap > 0:
        bs1, bst = _estimate(y_a, y_b, y_ab, rng.integers(n, size=(options.bootstrap, n)))  # (k, bootstrap) each
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            q = np.nanpercentile(np.stack([bs1, bst]), [5.0, 95.0], axis=-1)  # (2 quantiles, 2 indices, k)
    return Sensitivity(
        factors=tuple(sizes), first_order=frozen(s1), total=frozen(st), first_order_q05=frozen(q[0, 0]),
        first_order_q95=frozen(q[1, 0]), total_q05=frozen(q[0, 1]), total_q95=frozen(q[1, 1]),
        variance=float(np.var(np.concatenate([y_a, y_b]), ddof=1)), runs=len(plan),
        params=MappingProxyType({**prep.settings, **options.variations(), "n": n, "bootstrap": options.bootstrap}),
    )
