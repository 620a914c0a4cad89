"""Optional imputation of missing values. Off by default; when on, every imputed cell is flagged in the result.

Methods
-------
``none``
    Missing stays missing; aggregation drops it with its weight and the node's coverage shows the gap.
``group-mean``
    A missing value becomes the mean of the indicator's observed values among regions of the same group
    (``regions.group``): ``x[r, i] = mean{x[s, i] : group(s) = group(r), x[s, i] observed}`` (COINr ``i_mean_grp``).
    A group with no observed value leaves the cell missing.
``carry-forward``
    A missing value becomes the region's latest earlier value of that indicator, of any age (the year it came from
    is kept in ``year_used``). Applied by :func:`readiness.score` on the observation cube.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

import numpy as np

__all__ = ["IMPUTE_METHODS", "ImputeMethod", "i_group_mean"]

ImputeMethod = Literal["none", "group-mean", "carry-forward"]
IMPUTE_METHODS: tuple[str, ...] = get_args(ImputeMethod)


def i_group_mean(x: np.ndarray, groups: Sequence[object]) -> np.ndarray:
    """Fill NaN cells with the mean of their group's observed values (regions on axis 0, groups per region).

    Returns a new array; ``x`` is not changed.
    """
    x = np.asarray(x, dtype=float)
    labels, codes = np.unique(np.asarray(groups, dtype=object).astype(str), return_inverse=True)
    onehot = (codes[:, None] == np.arange(len(labels))[None, :]).astype(float)  # (R, G)
    have = ~np.isnan(x)
    flat_x = np.where(have, x, 0.0).reshape(x.shape[0], -1)
    flat_h = have.reshape(x.shape[0], -1).astype(float)
    sums = onehot.T @ flat_x
    counts = onehot.T @ flat_h
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.where(counts > 0, counts, 1.0), np.nan)
    fill = means[codes].reshape(x.shape)
    return np.where(have, x, fill)
