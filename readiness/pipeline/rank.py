"""Ranking: 1 = best, ties share the lowest rank, a missing score stays unranked (COINr's ``rank`` with
``ties.method = "min"``).

:func:`rank_along_regions` is the kernel (any ties rule, ascending or descending, regions on axis 0, every further
axis ranked independently); :func:`rank` is the stage the pipeline runs on the scores of every node.
"""

from __future__ import annotations

import numpy as np

from readiness.errors import ScoringError

__all__ = ["rank", "rank_along_regions"]


def rank_along_regions(x: np.ndarray, ties: str = "min", descending: bool = False) -> np.ndarray:
    """Ranks 1..n along axis 0 among non-NaN values; NaN stays NaN (unranked).

    ``ties="min"`` gives tied values the lowest rank number of their run (1, 1, 3), ``"max"`` the highest (2, 2, 3),
    ``"average"`` the mean (1.5, 1.5, 3). ``descending=True`` ranks the largest value 1.
    """
    if ties not in ("min", "max", "average"):
        raise ScoringError(f"ties must be 'min', 'max' or 'average', got {ties!r}")
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


def rank(scores: np.ndarray, ranked: np.ndarray | None = None) -> np.ndarray:
    """The pipeline's ranking of scores (regions on axis 0): highest = 1, ties share the lowest rank, NaN unranked.

    ``ranked`` (boolean, one per region; default all) says which regions are ranked: the others stay unranked
    whatever their score and do not take a rank from those that are (``ScoringSpec.ranked``: the study regions)."""
    scores = np.asarray(scores, dtype=float)
    if ranked is not None:
        keep = np.asarray(ranked, dtype=bool).reshape((-1,) + (1,) * (scores.ndim - 1))
        scores = np.where(keep, scores, np.nan)
    return rank_along_regions(scores, ties="min", descending=True)
