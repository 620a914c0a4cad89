"""Aggregation up the framework tree: each level from the level below.

Kernels (``a_*``) combine children values ``x`` (regions on axis 0, children on the last axis) with weights ``w``:

* ``a_amean``: weighted arithmetic mean ``sum(w_i x_i) / sum(w_i)`` over the children with data;
* ``a_gmean``: weighted geometric mean ``exp(sum(w_i log x_i) / sum(w_i))`` over the children with data. A child
  value <= 0 has no logarithm: :class:`~readiness.errors.ScoringError`. (Normalise to a positive range first, e.g.
  min-max 1-100 or z-score with mean 10 and SD 2.)

Missing children are dropped with their weights and the rest renormalised (as COINr's ``a_amean``/``a_gmean``).

Coverage: the share of a node's underlying indicator weight that has data, counted over the *available*
indicators only. With ``A(i) = 1`` for an indicator some compared region has (0 for one no region has: it is set
aside, not counted against everyone) and ``C(i) = 1`` where the region has a value,
``A(node) = sum_c w_c A(c)``, ``C(node) = sum_c w_c C(c) [c has a score]`` and ``coverage(node) = C / A``
(0 where ``A = 0``). Without set-aside indicators this is the plain share of indicator weight with data.

The data-sufficiency rule (:class:`~readiness.pipeline.spec.ScoringSpec`): a node is missing ("not enough data") when
its
coverage is 0 or below ``min_coverage``; an aggregate below the root (a pillar, or a sub-pillar) also when its
coverage is below ``pillar_min_coverage``; the root when fewer than ``index_min_pillars`` of its *pillars* (the
aggregates directly under it) have a score (capped at the number of its pillars; an indicator directly under the
root beside pillars is not a pillar). A one-level framework, whose indicators sit directly under the root, has no
pillars: its root is missing when its coverage is below ``pillar_min_coverage`` (the index is its own and only
pillar) and ``index_min_pillars`` does not apply. Defaults of this function are 0 (any data is enough); the
spec's defaults are 0.5 and 2.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from readiness.errors import ScoringError
from readiness.model.framework import Framework

__all__ = ["AGGREGATE_METHODS", "AGGREGATORS", "Aggregator", "a_amean", "a_gmean", "aggregate"]

#: An aggregator combines children values ``x`` (regions on axis 0, nodes on the last axis) with a weight matrix
#: ``w`` (nodes x parents) into the parents' values, skipping NaN children.
Aggregator = Callable[[np.ndarray, np.ndarray], np.ndarray]


def a_amean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted arithmetic mean over the last axis, skipping NaN children: ``sum(w x) / sum(w)``; all-NaN -> NaN."""
    x = np.asarray(x, dtype=float)
    have = ~np.isnan(x)
    num = np.where(have, x, 0.0) @ w
    den = have @ np.asarray(w, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def a_gmean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted geometric mean over the last axis, skipping NaN children: ``exp(sum(w log x) / sum(w))``.

    Raises :class:`ScoringError` if any child value is <= 0.
    """
    x = np.asarray(x, dtype=float)
    if np.any(x[~np.isnan(x)] <= 0):
        raise ScoringError("geometric mean needs values > 0; normalise to a positive range first")
    with np.errstate(divide="ignore"):
        return np.exp(a_amean(np.log(x), w))


def _check_positive(values: np.ndarray, framework: Framework, regions: tuple[str, ...] | None) -> None:
    bad = ~np.isnan(values) & (values <= 0)
    if not bad.any():
        return
    where = np.argwhere(bad)
    problems = []
    for pos in where[:10]:
        region = regions[pos[0]] if regions else f"region #{pos[0]}"
        ind = framework.indicators[pos[-1]]
        value = values[tuple(pos)]
        problems.append(f"geometric mean needs values > 0: indicator {ind!r}, region {region} has {value:g}")
    if len(where) > 10:
        problems.append(f"... and {len(where) - 10} more values <= 0")
    problems.append("normalise to a positive range first (e.g. --range 1 100, or z-score with mean 10 and SD 2)")
    raise ScoringError(problems)


def _index_rule(have: np.ndarray, cov: np.ndarray, w: np.ndarray, is_root: np.ndarray, n_ind: int,
                pillar_min_coverage: float, index_min_pillars: int) -> np.ndarray:
    """Where the index (the columns ``is_root`` of a level) meets the sufficiency rule; True elsewhere.

    The rule counts pillars, the aggregates directly under the index: at least ``min(index_min_pillars, number of
    pillars)`` of them scored. An indicator sitting directly under the index beside pillars counts in the index's
    coverage but is not a pillar. A one-level framework (every child of the index is an indicator) has no pillars:
    its index is held to the pillars' coverage threshold instead, ``coverage >= pillar_min_coverage`` (the index is
    then its own and only pillar), and ``index_min_pillars`` does not apply."""
    child = w > 0  # (nodes, parents)
    pillar = child & (np.arange(w.shape[0]) >= n_ind)[:, None]
    n_pillars = pillar.sum(axis=0)
    one_level = is_root & (n_pillars == 0)
    ok = ~one_level | (cov >= pillar_min_coverage - 1e-12)
    if index_min_pillars > 0:
        need = np.minimum(index_min_pillars, n_pillars)
        ok &= ~is_root | one_level | (have.astype(float) @ pillar.astype(float) >= need)
    return ok


#: The aggregation methods by name; adding one is one kernel and one line here.
AGGREGATORS: dict[str, Aggregator] = {"arithmetic": a_amean, "geometric": a_gmean}
AGGREGATE_METHODS: tuple[str, ...] = tuple(AGGREGATORS)


def aggregate(indicators: np.ndarray, framework: Framework, method: str = "arithmetic", *,
              min_coverage: float = 0.0, regions: tuple[str, ...] | None = None,
              available: np.ndarray | None = None, pillar_min_coverage: float = 0.0, index_min_pillars: int = 0
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Aggregate normalised indicators up the tree, one level at a time with the kernel ``AGGREGATORS[method]``.

    Parameters
    ----------
    indicators
        Normalised values, regions on axis 0 and ``framework.indicators`` on the last axis.
    method
        A name in :data:`AGGREGATORS`.
    min_coverage
        A node with coverage below this share (0-1) is missing.
    regions
        Region codes, only to name them in errors.
    available
        Booleans broadcastable to ``indicators`` (e.g. one per indicator, or per year and indicator): False for an
        indicator that is set aside (no compared region has it), so it does not count in coverage. Default: all.
    pillar_min_coverage, index_min_pillars
        The sufficiency rule (see the module doc).

    Returns
    -------
    (values, coverage, shares)
        Arrays over ``framework.node_ids`` on the last axis. ``shares[..., c]`` is child ``c``'s weight share in its
        parent's score for that region: ``w_c / sum(w of children with data)``, 0 where the child is missing (and
        1 for the root).
    """
    if method not in AGGREGATORS:
        raise ScoringError(f"unknown aggregation {method!r}; choose one of {', '.join(AGGREGATORS)}")
    if not 0.0 <= min_coverage <= 1.0:
        raise ScoringError(f"min_coverage must be between 0 and 1, got {min_coverage:g}")
    kernel = AGGREGATORS[method]
    x = np.asarray(indicators, dtype=float)
    if method == "geometric":
        _check_positive(x, framework, regions)
    n_ind = len(framework.indicators)
    n_nodes = n_ind + len(framework.aggregates)
    shape = (*x.shape[:-1], n_nodes)
    values = np.full(shape, np.nan)
    counted = np.zeros(shape)      # C: weight share with data (over the node's full weight)
    avail = np.zeros(shape)        # A: weight share available (not set aside)
    shares = np.zeros(shape)
    values[..., :n_ind] = x
    ind_avail = np.ones(x.shape, dtype=bool) if available is None else np.broadcast_to(available, x.shape)
    avail[..., :n_ind] = ind_avail
    counted[..., :n_ind] = ~np.isnan(x) & ind_avail
    root = n_nodes - 1
    for level in framework.levels:
        w = level.weights
        have = ~np.isnan(values)
        den = have @ w
        num_cov = np.where(have, counted, 0.0) @ w
        den_cov = avail @ w
        with np.errstate(invalid="ignore", divide="ignore"):
            cov = np.where(den_cov > 0, num_cov / np.where(den_cov > 0, den_cov, 1.0), 0.0)
        ok = (den > 0) & (cov > 0) & (cov >= min_coverage - 1e-12)
        parents = list(level.parents)
        is_root = np.array([p == root for p in parents])
        ok &= is_root | (cov >= pillar_min_coverage - 1e-12)
        if is_root.any():
            ok &= _index_rule(have, cov, w, is_root, n_ind, pillar_min_coverage, index_min_pillars)
        values[..., parents] = np.where(ok, kernel(values, w), np.nan)
        counted[..., parents] = num_cov
        avail[..., parents] = den_cov
        # each child's share of its parent's score, per region: w_c / sum(w available)
        child_mask = w.sum(axis=1) > 0
        parent_of = np.argmax(w, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            child_share = have * w.sum(axis=1) / np.where(ok, den, np.inf)[..., parent_of]
        shares[..., child_mask] = child_share[..., child_mask]
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(avail > 0, counted / np.where(avail > 0, avail, 1.0), 0.0)
    shares[..., n_nodes - 1] = ~np.isnan(values[..., n_nodes - 1])
    return values, coverage, shares
