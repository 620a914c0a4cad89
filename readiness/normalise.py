"""Normalisation: bring indicators of different units onto one scale, higher = better.

Kernels (``n_*``) take an array with regions on axis 0 (any further axes, e.g. years and indicators, are
normalised independently) and return an array of the same shape. NaN stays NaN. Nothing mutates its input.

Direction: for min-max, z-score and rank the values are multiplied by the indicator's direction (+1/-1) first, as
COINr does, so for a -1 indicator min-max gives ``(max - x) / (max - min)``. Goalposts and distance-to-target
handle direction in their own formulas.

Edge cases of the relative methods (min-max, z-score, rank), each named in a
:class:`~readiness.errors.ReadinessWarning` and in the result's notes:

* all observed values equal (zero range or zero standard deviation), with two or more regions: the regions are tied,
  and each gets the middle of the output range (min-max, rank) or the chosen mean (z-score);
* a single region with data: there is nothing to compare it with, so its normalised value is missing (NaN) and
  aggregation leaves the indicator out for that region, as for any missing value. (A fixed scale, ``goalposts``,
  does not have this problem.)
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Literal, get_args

import numpy as np

from readiness.errors import ReadinessWarning, ScoringError
from readiness.framework import Framework

__all__ = [
    "NORMALISE_METHODS",
    "NormaliseMethod",
    "edge_columns",
    "n_goalposts",
    "n_minmax",
    "n_rank",
    "n_target",
    "n_zscore",
    "normalise",
    "rank_along_regions",
]

NormaliseMethod = Literal["minmax", "goalposts", "zscore", "rank", "target"]
NORMALISE_METHODS: tuple[str, ...] = get_args(NormaliseMethod)
Ties = Literal["min", "max", "average"]


def _no_data_warning_safe(func, x):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns give NaN, which is what we want
        return func(x, axis=0, keepdims=True)


def n_minmax(x: np.ndarray, lo: float = 0.0, hi: float = 100.0) -> np.ndarray:
    """Min-max over the regions: ``(x - min) / (max - min) * (hi - lo) + lo``.

    Zero range with two or more observed values gives ``(lo + hi) / 2``; a single observed value gives NaN.
    """
    x = np.asarray(x, dtype=float)
    mn, mx = _no_data_warning_safe(np.nanmin, x), _no_data_warning_safe(np.nanmax, x)
    span = mx - mn
    flat = span == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (x - mn) / np.where(flat, 1.0, span) * (hi - lo) + lo
    out = np.where(flat & ~np.isnan(x), (lo + hi) / 2, out)
    return np.where(_single(x), np.nan, out)


def _single(x: np.ndarray) -> np.ndarray:
    """True (broadcast along the regions) where only one region has a value."""
    return np.sum(~np.isnan(x), axis=0, keepdims=True) == 1


def n_goalposts(x: np.ndarray, goal_min: float, goal_max: float, lo: float = 0.0, hi: float = 100.0,
                direction: int = 1) -> np.ndarray:
    """Fixed goalposts: ``clip((x - goal_min) / (goal_max - goal_min), 0, 1) * (hi - lo) + lo``.

    For direction -1: ``(goal_max - x) / (goal_max - goal_min)``, clipped and scaled the same way.
    """
    x = np.asarray(x, dtype=float)
    frac = (x - goal_min) / (goal_max - goal_min)
    if direction == -1:
        frac = 1.0 - frac
    return np.clip(frac, 0.0, 1.0) * (hi - lo) + lo


def n_zscore(x: np.ndarray, mean: float = 0.0, sd: float = 1.0) -> np.ndarray:
    """Z-score over the regions: ``(x - mean(x)) / sd(x) * sd + mean``, with the sample SD (n - 1).

    A zero standard deviation (n >= 2, all equal) gives ``mean``; a single observed value gives NaN.
    """
    x = np.asarray(x, dtype=float)
    mu = _no_data_warning_safe(np.nanmean, x)
    n = np.sum(~np.isnan(x), axis=0, keepdims=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        s = np.nanstd(x, axis=0, ddof=1, keepdims=True)
    flat = (n < 2) | (s == 0) | np.isnan(s)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (x - mu) / np.where(flat, 1.0, s) * sd + mean
    out = np.where(flat & ~np.isnan(x), mean, out)
    return np.where(n == 1, np.nan, out)


def rank_along_regions(x: np.ndarray, ties: Ties = "min", descending: bool = False) -> np.ndarray:
    """Ranks 1..n along axis 0 among non-NaN values; NaN stays NaN (unranked).

    ``ties="min"`` gives tied values the lowest rank number of their run (1, 1, 3), ``"max"`` the highest (2, 2, 3),
    ``"average"`` the mean (1.5, 1.5, 3). ``descending=True`` ranks the largest value 1.
    """
    if ties not in ("min", "max", "average"):
        raise ValueError(f"ties must be 'min', 'max' or 'average', got {ties!r}")
    x = np.asarray(x, dtype=float)
    missing = np.isnan(x)
    # work with regions on the last, contiguous axis: sorting along it is several times faster
    key = np.ascontiguousarray(np.moveaxis(np.where(missing, np.inf, -x if descending else x), 0, -1))
    order = np.argsort(key, axis=-1)
    s = np.take_along_axis(key, order, axis=-1)
    n = x.shape[0]
    idx = np.broadcast_to(np.arange(n), s.shape)
    starts = np.ones(s.shape, dtype=bool)
    starts[..., 1:] = s[..., 1:] != s[..., :-1]
    ends = np.ones(s.shape, dtype=bool)
    ends[..., :-1] = starts[..., 1:]
    first = np.maximum.accumulate(np.where(starts, idx, 0), axis=-1)
    last = np.flip(np.minimum.accumulate(np.flip(np.where(ends, idx, n), axis=-1), axis=-1), axis=-1)
    sorted_rank = {"min": first + 1.0, "max": last + 1.0, "average": (first + last) / 2 + 1.0}[ties]
    out = np.empty(s.shape)
    np.put_along_axis(out, order, sorted_rank, axis=-1)
    return np.where(missing, np.nan, np.moveaxis(out, -1, 0))


def n_rank(x: np.ndarray, lo: float = 0.0, hi: float = 100.0, ties: Ties = "average") -> np.ndarray:
    """Percentile rank: ``(rank - 1) / (n - 1) * (hi - lo) + lo`` with ranks ascending (the lowest value gets ``lo``).

    ``n`` counts the observed values; ``ties`` decides the rank of equal values (see :func:`rank_along_regions`).
    All equal (n >= 2) gives ``(lo + hi) / 2``; a single observed value gives NaN.
    """
    x = np.asarray(x, dtype=float)
    r = rank_along_regions(x, ties=ties)
    n = np.sum(~np.isnan(x), axis=0, keepdims=True)
    top = _no_data_warning_safe(np.nanmax, r)
    flat = (n < 2) | (top == 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (r - 1) / np.where(flat, 1.0, n - 1) * (hi - lo) + lo
    out = np.where(flat & ~np.isnan(x), (lo + hi) / 2, out)
    return np.where(n == 1, np.nan, out)


def n_target(x: np.ndarray, target: float, lo: float = 0.0, hi: float = 100.0, direction: int = 1) -> np.ndarray:
    """Distance to target: ``min(1, (x - min) / (target - min)) * (hi - lo) + lo``, ``min`` over the regions.

    For direction -1 (lower is better): ``min(1, (max - x) / (max - target))``. A region at or beyond the target
    scores ``hi``; the worst region scores ``lo``. Where every region already reaches the target (the
    denominator is <= 0), every observed value scores ``hi``.
    """
    x = np.asarray(x, dtype=float)
    if direction == -1:
        worst = _no_data_warning_safe(np.nanmax, x)
        num, den = worst - x, worst - target
    else:
        worst = _no_data_warning_safe(np.nanmin, x)
        num, den = x - worst, target - worst
    reached = den <= 0
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.clip(num / np.where(reached, 1.0, den), None, 1.0)
    frac = np.where(reached & ~np.isnan(x), 1.0, frac)
    return frac * (hi - lo) + lo


def edge_columns(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per indicator (last axis): ``(tied, single)``: some slice along the regions has all observed values equal
    with n >= 2 (tied), or exactly one observed value (single). The relative methods' two edge cases."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        span = np.nanmax(x, axis=0) - np.nanmin(x, axis=0)
    counts = np.sum(~np.isnan(x), axis=0)
    tied, single = (span == 0) & (counts >= 2), counts == 1
    if tied.ndim > 1:
        return tied.reshape(-1, tied.shape[-1]).any(axis=0), single.reshape(-1, single.shape[-1]).any(axis=0)
    return tied, single


def normalise(x: np.ndarray, framework: Framework, method: NormaliseMethod = "minmax", *,
              range: Sequence[float] = (0.0, 100.0), zscore: Sequence[float] = (0.0, 1.0),
              ties: Ties = "average") -> tuple[np.ndarray, dict[str, str], list[str]]:
    """Normalise every indicator column of ``x`` (regions on axis 0, ``framework.indicators`` on the last axis).

    Parameters
    ----------
    method
        ``minmax`` (over the compared regions to ``range``), ``goalposts`` (fixed ``goal_min``/``goal_max`` where the
        framework sets them, min-max for the other indicators), ``zscore`` (to mean and SD ``zscore``), ``rank``
        (percentile rank to ``range``) or ``target`` (distance to the indicator's ``target``, else its
        ``goal_max``/``goal_min`` by direction, else the best observed value).

    Returns
    -------
    (normalised, methods, notes)
        The array, the method used per indicator, and notes for the user (zero-range indicators, fallbacks).
    """
    if method not in NORMALISE_METHODS:
        raise ScoringError(f"unknown normalisation {method!r}; choose one of {', '.join(NORMALISE_METHODS)}")
    lo, hi = float(range[0]), float(range[1])
    if not lo < hi:
        raise ScoringError(f"normalisation range must have lower < upper, got {lo:g} {hi:g}")
    mean, sd = float(zscore[0]), float(zscore[1])
    if method == "zscore" and not sd > 0:
        raise ScoringError(f"z-score standard deviation must be > 0, got {sd:g}")
    x = np.asarray(x, dtype=float)
    nodes = [framework.nodes[i] for i in framework.indicators]
    direction = np.array([n.direction for n in nodes], dtype=float)
    methods: dict[str, str] = {}
    notes: list[str] = []
    if method == "minmax":
        out = n_minmax(x * direction, lo, hi)
        methods = {n.id: "minmax" for n in nodes}
    elif method == "zscore":
        out = n_zscore(x * direction, mean, sd)
        methods = {n.id: "zscore" for n in nodes}
    elif method == "rank":
        out = n_rank(x * direction, lo, hi, ties=ties)
        methods = {n.id: "rank" for n in nodes}
    else:
        out = np.empty_like(x)
        for j, n in enumerate(nodes):  # per-indicator parameters; loops over indicators, never over regions
            col = x[..., j]
            if method == "goalposts" and n.has_goalposts:
                out[..., j] = n_goalposts(col, n.goal_min, n.goal_max, lo, hi, n.direction)
                methods[n.id] = "goalposts"
            elif method == "target":
                target = n.target
                if target is None and n.has_goalposts:
                    target = n.goal_max if n.direction == 1 else n.goal_min
                if target is None:
                    out[..., j] = n_minmax(col * n.direction, lo, hi)
                    methods[n.id] = "minmax (no target set)"
                    notes.append(f"indicator {n.id!r} has no target or goalposts: "
                                 "min-max used instead of distance to target")
                else:
                    out[..., j] = n_target(col, target, lo, hi, n.direction)
                    methods[n.id] = f"target {target:g}"
            else:
                out[..., j] = n_minmax(col * n.direction, lo, hi)
                methods[n.id] = "minmax (no goalposts)"
    tied, single = edge_columns(x)
    for j, ind in enumerate(framework.indicators):
        if methods[ind].startswith(("goalposts", "target")):
            continue
        msg = None
        if single[j]:
            msg = (f"indicator {ind!r} has data for only one region: with nothing to compare it is left out of the "
                   "scores (its raw value is still shown)")
        elif tied[j]:
            msg = f"indicator {ind!r} has the same value for every region with data: all get the middle of the scale"
        if msg:
            notes.append(msg)
            warnings.warn(msg, ReadinessWarning, stacklevel=2)
    return out, methods, notes
