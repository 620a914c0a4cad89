"""Comparison helpers: gaps of a region to another region, a group, the best, or targets; what explains a gap.

All helpers read a :class:`~readiness.scoring.Result`; nothing is recomputed on the side.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from readiness.scoring import Result
from readiness.validate_args import check_nodes_in_result, check_regions_in_result

__all__ = ["explain_gap", "gap_to_best", "gap_to_group", "gap_to_region", "gap_to_targets", "group_means"]


def _gap_table(result: Result, region: str, reference: np.ndarray, label: str) -> pd.DataFrame:
    check_regions_in_result(result, region)
    r = result._r(region)
    own = result.values[r]
    return pd.DataFrame(
        {
            "node": list(result.node_ids),
            "score": own,
            "coverage": result.coverage[r],
            "reference": reference,
            "gap": own - reference,
            "compared_with": label,
        }
    ).set_index("node")


def gap_to_region(result: Result, region: str, other: str) -> pd.DataFrame:
    """Per node: ``region``'s score, ``other``'s score and ``gap = score - reference`` (positive = ahead)."""
    check_regions_in_result(result, region, other)
    return _gap_table(result, region, result.values[result._r(other)], other)


def _nanmean_rows(values: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(values, axis=0)


def gap_to_group(result: Result, region: str, members: Sequence[str], label: str = "group") -> pd.DataFrame:
    """Per node: gap of ``region`` to the mean of ``members`` (regions without a score are left out of the mean)."""
    if isinstance(members, str) or not len(members):
        from readiness.errors import ScoringError

        raise ScoringError(f"members must be a non-empty list of region codes, got {members!r:.80}")
    check_regions_in_result(result, region, *members)
    rows = [result._r(m) for m in members]
    return _gap_table(result, region, _nanmean_rows(result.values[rows]), label)


def gap_to_best(result: Result, region: str) -> pd.DataFrame:
    """Per node: gap of ``region`` to the best score among all scored regions (0 or negative)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        best = np.nanmax(result.values, axis=0)
    return _gap_table(result, region, best, "best")


def gap_to_targets(result: Result, region: str, targets: Mapping[str, float]) -> pd.DataFrame:
    """Per node with a target: gap of ``region``'s score to the target score (same scale as the scores)."""
    reference = np.array([targets.get(n, np.nan) for n in result.node_ids], dtype=float)
    return _gap_table(result, region, reference, "target").loc[[n for n in result.node_ids if n in targets]]


def group_means(result: Result, groups: Mapping[str, str]) -> pd.DataFrame:
    """Mean score per group (rows) and node (columns); ``groups`` maps region code -> group label."""
    scores = result.scores_frame()
    labels = pd.Series({c: groups.get(c) for c in scores.index})
    return scores.groupby(labels.to_numpy()).mean()


def explain_gap(result: Result, region: str, other: str, node: str | None = None) -> pd.DataFrame:
    """The indicators that explain the gap between two regions at ``node``, largest first.

    For arithmetic aggregation each region's score is exactly ``sum_i share_i * normalised_i`` (see
    :meth:`Result.effective_shares`), so the gap splits exactly into per-indicator differences
    ``share_a,i * x_a,i - share_b,i * x_b,i``; these add up to ``score_a - score_b``. For geometric aggregation the
    same split is made in logs (it adds up to ``log(score_a / score_b)``).

    Returns columns ``indicator, normalised_a, normalised_b, contribution_a, contribution_b, difference,
    share_of_gap`` sorted by ``|difference|`` descending.
    """
    check_regions_in_result(result, region, other)
    check_nodes_in_result(result, node)
    node = node or result.framework.root
    contrib = result.contributions(node)
    norm = result.normalised_frame()[contrib.columns]
    diff = contrib.loc[region] - contrib.loc[other]
    total = diff.sum()
    table = pd.DataFrame(
        {
            "indicator": contrib.columns,
            "normalised_a": norm.loc[region].to_numpy(),
            "normalised_b": norm.loc[other].to_numpy(),
            "contribution_a": contrib.loc[region].to_numpy(),
            "contribution_b": contrib.loc[other].to_numpy(),
            "difference": diff.to_numpy(),
            "share_of_gap": (diff / total).to_numpy() if total != 0 else np.full(len(diff), np.nan),
        }
    )
    order = np.argsort(-np.abs(table["difference"].to_numpy()), kind="stable")
    return table.iloc[order].reset_index(drop=True)
