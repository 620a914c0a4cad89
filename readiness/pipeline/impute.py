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
    is kept in ``year_used``).

Every imputer has one signature, ``(selection, context) -> selection`` (:data:`Imputer`), and is registered by name
in :data:`IMPUTERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from readiness.errors import ScoringError
from readiness.pipeline.select import ObservationCube, Selection, select_latest

__all__ = ["IMPUTERS", "IMPUTE_METHODS", "ImputeContext", "Imputer", "i_carry_forward", "i_group_mean", "impute"]


@dataclass(frozen=True)
class ImputeContext:
    """What an imputer may look at besides the selection: the cube, the wanted years' positions on its year axis,
    and each region's group (empty strings when unknown)."""

    cube: ObservationCube
    year_positions: Sequence[int]
    groups: Sequence[str]


Imputer = Callable[[Selection, ImputeContext], Selection]


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


def _none(selection: Selection, context: ImputeContext) -> Selection:
    return selection


def _group_mean(selection: Selection, context: ImputeContext) -> Selection:
    if not any(context.groups):
        raise ScoringError("group-mean imputation needs the regions table with a 'group' column (--regions)")
    filled = i_group_mean(selection.values, context.groups)
    return replace(selection, values=filled, imputed=np.isnan(selection.values) & ~np.isnan(filled))


def i_carry_forward(selection: Selection, context: ImputeContext) -> Selection:
    """Fill each missing cell with the region's latest earlier value of any age; its year and source are kept."""
    older, older_used, older_pos = select_latest(context.cube, None)
    ypos = list(context.year_positions)
    older, older_used, older_pos = older[:, ypos], older_used[:, ypos], older_pos[:, ypos]
    fill = np.isnan(selection.values) & ~np.isnan(older)
    return Selection(values=np.where(fill, older, selection.values),
                     year_used=np.where(fill, older_used, selection.year_used),
                     position=np.where(fill, older_pos, selection.position), imputed=fill)


#: The imputation methods by name.
IMPUTERS: dict[str, Imputer] = {"none": _none, "group-mean": _group_mean, "carry-forward": i_carry_forward}
IMPUTE_METHODS: tuple[str, ...] = tuple(IMPUTERS)


def impute(selection: Selection, context: ImputeContext, method: str = "none") -> Selection:
    """Run the imputer ``method`` (a name in :data:`IMPUTERS`); imputed cells are flagged in ``selection.imputed``."""
    if method not in IMPUTERS:
        raise ScoringError(f"unknown imputation {method!r}; choose one of {', '.join(IMPUTERS)}")
    return IMPUTERS[method](selection, context)
