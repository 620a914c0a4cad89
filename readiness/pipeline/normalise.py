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
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from readiness.errors import ReadinessWarning
from readiness.model.framework import Framework, Node
from readiness.pipeline.provenance import MethodUsed, Note
from readiness.pipeline.rank import rank_along_regions

if TYPE_CHECKING:
    from readiness.pipeline.spec import ScoringSpec

__all__ = [
    "NORMALISERS",
    "NORMALISE_METHODS",
    "Normaliser",
    "edge_columns",
    "n_goalposts",
    "n_minmax",
    "n_rank",
    "n_target",
    "n_zscore",
    "normalise",
    "status_notes",
]


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


def n_goalposts(x: np.ndarray, goal_min: float | np.ndarray, goal_max: float | np.ndarray, lo: float = 0.0,
                hi: float = 100.0, direction: int | np.ndarray = 1) -> np.ndarray:
    """Fixed goalposts: ``clip((x - goal_min) / (goal_max - goal_min), 0, 1) * (hi - lo) + lo``.

    For direction -1: ``(goal_max - x) / (goal_max - goal_min)``, clipped and scaled the same way. The goalposts
    and direction may be arrays over the last axis (one per indicator).
    """
    x = np.asarray(x, dtype=float)
    frac = (x - goal_min) / (np.asarray(goal_max, dtype=float) - goal_min)
    frac = np.where(np.asarray(direction) == -1, 1.0 - frac, frac)
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


def n_rank(x: np.ndarray, lo: float = 0.0, hi: float = 100.0, ties: str = "average") -> np.ndarray:
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


#: A normaliser takes the indicator matrix (regions on axis 0, the indicators ``nodes`` on the last axis) and the
#: spec, and returns the normalised matrix and the method used per indicator. Adding a method is one function and
#: one line in :data:`NORMALISERS`.
Normaliser = Callable[[np.ndarray, Sequence[Node], "ScoringSpec"], tuple[np.ndarray, list[MethodUsed]]]


def _direction(nodes: Sequence[Node]) -> np.ndarray:
    return np.array([n.direction for n in nodes], dtype=float)


def _by_minmax(x: np.ndarray, nodes: Sequence[Node], spec: ScoringSpec) -> tuple[np.ndarray, list[MethodUsed]]:
    return n_minmax(x * _direction(nodes), *spec.range), [MethodUsed("minmax")] * len(nodes)


def _by_zscore(x: np.ndarray, nodes: Sequence[Node], spec: ScoringSpec) -> tuple[np.ndarray, list[MethodUsed]]:
    return n_zscore(x * _direction(nodes), *spec.zscore), [MethodUsed("zscore")] * len(nodes)


def _by_rank(x: np.ndarray, nodes: Sequence[Node], spec: ScoringSpec) -> tuple[np.ndarray, list[MethodUsed]]:
    return n_rank(x * _direction(nodes), *spec.range, ties=spec.ties), [MethodUsed("rank")] * len(nodes)


def _by_goalposts(x: np.ndarray, nodes: Sequence[Node], spec: ScoringSpec) -> tuple[np.ndarray, list[MethodUsed]]:
    """Fixed goalposts where the framework sets them (vectorised over indicators), min-max for the others."""
    fixed = np.array([n.has_goalposts for n in nodes], dtype=bool)
    gmin = np.array([n.goal_min if n.has_goalposts else 0.0 for n in nodes], dtype=float)
    gmax = np.array([n.goal_max if n.has_goalposts else 1.0 for n in nodes], dtype=float)
    direction = _direction(nodes)
    out = np.where(fixed, n_goalposts(x, gmin, gmax, *spec.range, direction=direction),
                   n_minmax(x * direction, *spec.range) if not fixed.all() else 0.0)
    return out, [MethodUsed("goalposts") if f else MethodUsed("minmax", fallback="no_goalposts") for f in fixed]


def _by_target(x: np.ndarray, nodes: Sequence[Node], spec: ScoringSpec) -> tuple[np.ndarray, list[MethodUsed]]:
    """Distance to each indicator's target (else its best goalpost); min-max where neither is set."""
    out = np.empty_like(x)
    used = []
    for j, n in enumerate(nodes):  # per-indicator targets; loops over indicators, never over regions
        target = n.target
        if target is None and n.has_goalposts:
            target = n.goal_max if n.direction == 1 else n.goal_min
        if target is None:
            out[..., j] = n_minmax(x[..., j] * n.direction, *spec.range)
            used.append(MethodUsed("minmax", fallback="no_target"))
        else:
            out[..., j] = n_target(x[..., j], target, *spec.range, n.direction)
            used.append(MethodUsed("target", target=float(target)))
    return out, used


#: The normalisation methods by name.
NORMALISERS: dict[str, Normaliser] = {
    "minmax": _by_minmax,
    "goalposts": _by_goalposts,
    "zscore": _by_zscore,
    "rank": _by_rank,
    "target": _by_target,
}
NORMALISE_METHODS: tuple[str, ...] = tuple(NORMALISERS)


def normalise(x: np.ndarray, framework: Framework, spec: ScoringSpec
              ) -> tuple[np.ndarray, dict[str, MethodUsed], np.ndarray]:
    """Normalise every indicator column of ``x`` (regions on axis 0, ``framework.indicators`` on the last axis).

    ``spec.normalise`` names the method: ``minmax`` (over the compared regions to ``spec.range``), ``goalposts``
    (fixed ``goal_min``/``goal_max`` where the framework sets them, min-max for the other indicators), ``zscore``
    (to mean and SD ``spec.zscore``), ``rank`` (percentile rank to ``spec.range``) or ``target`` (distance to the
    indicator's ``target``, else its ``goal_max``/``goal_min`` by direction, else min-max).

    Returns
    -------
    (normalised, methods, status)
        The array; the :class:`~readiness.pipeline.provenance.MethodUsed` per indicator; and each indicator's status
        among
        the regions compared, shape ``x.shape[1:]`` (per year when ``x`` holds years): ``ok``, ``single``,
        ``tied`` or ``none`` (see :mod:`readiness.pipeline.provenance`). Single and tied indicators are also warned
        about.
    """
    x = np.asarray(x, dtype=float)
    nodes = [framework.nodes[i] for i in framework.indicators]
    out, used = NORMALISERS[spec.normalise](x, nodes, spec)
    methods = dict(zip(framework.indicators, used, strict=True))
    fixed = np.array([m.fixed_scale for m in used], dtype=bool)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        span = np.nanmax(x, axis=0) - np.nanmin(x, axis=0)
    counts = np.sum(~np.isnan(x), axis=0)
    status = np.where(counts == 0, "none",
                      np.where(fixed, "ok", np.where(counts == 1, "single", np.where(span == 0, "tied", "ok"))))
    for note in status_notes(status, framework.indicators):
        if note.kind in ("single_region", "tied"):
            warnings.warn(str(note), ReadinessWarning, stacklevel=2)
    return out, methods, status


def status_notes(status: np.ndarray, indicators: Sequence[str],
                 methods: dict[str, MethodUsed] | None = None) -> list[Note]:
    """Typed notes for indicator statuses (any year) and, given the methods, target fallbacks."""
    status = np.asarray(status).reshape(-1, len(indicators))
    notes = []
    for state, kind in (("single", "single_region"), ("tied", "tied")):
        present = (status == state).any(axis=0)
        ids = tuple(ind for ind, hit in zip(indicators, present, strict=True) if hit)
        if ids:
            notes.append(Note(kind, ids))
    no_target = tuple(i for i, m in (methods or {}).items() if m.fallback == "no_target")
    if no_target:
        notes.append(Note("no_target", no_target))
    return notes
