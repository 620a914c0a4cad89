"""Aggregation kernels and the tree walk: missing children, coverage threshold, geometric mean, any depth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.errors import ScoringError
from readiness.pipeline.aggregate import a_amean, a_gmean, aggregate

nan = np.nan


def fw3():
    """index <- {A (w 1) <- {a1 w1, a2 w3}, B (w 3) <- {b1}}"""
    return readiness.framework_from_frame(pd.DataFrame({
        "id": ["index", "A", "B", "a1", "a2", "b1"],
        "parent": ["", "index", "index", "A", "A", "B"],
        "weight": ["", "1", "3", "1", "3", "1"],
        "direction": ["", "", "", "1", "1", "1"],
    }))


def test_amean_skips_missing_and_renormalises():
    x = np.array([[10.0, 20.0, 40.0], [10.0, nan, 40.0], [nan, nan, nan]])
    w = np.array([1.0, 1.0, 2.0])
    assert a_amean(x, w) == pytest.approx([27.5, 30.0, nan], nan_ok=True)


def test_gmean_hand_computed():
    x = np.array([[1.0, 100.0], [4.0, nan]])
    assert a_gmean(x, np.array([1.0, 1.0])) == pytest.approx([10.0, 4.0])


@pytest.mark.parametrize("bad", [0.0, -1.0])
def test_gmean_rejects_non_positive(bad):
    with pytest.raises(ScoringError, match="values > 0"):
        a_gmean(np.array([[bad, 2.0]]), np.array([1.0, 1.0]))


def test_tree_values_coverage_shares():
    fw = fw3()
    # indicators order: a1, a2, b1 ; nodes: a1 a2 b1 A B index
    x = np.array([[40.0, 80.0, 20.0], [40.0, nan, 20.0], [nan, nan, 60.0], [nan, nan, nan]])
    values, coverage, shares = aggregate(x, fw)
    ids = list(fw.node_ids)
    A, B, root = ids.index("A"), ids.index("B"), ids.index("index")
    assert values[:, A] == pytest.approx([70.0, 40.0, nan, nan], nan_ok=True)
    assert values[:, root] == pytest.approx([(70 + 3 * 20) / 4, (40 + 3 * 20) / 4, 60.0, nan], nan_ok=True)
    # coverage: region 2 lacks a2 (3/4 of A, A is 1/4 of index) -> A 0.25, index 1/4*1/4 + 3/4
    assert coverage[1, A] == pytest.approx(0.25)
    assert coverage[1, root] == pytest.approx(0.25 * 0.25 + 0.75)
    assert coverage[2, root] == pytest.approx(0.75)
    assert coverage[3, root] == 0
    # shares: a1's share in A for region 2 is 1 (a2 missing); B's share in index for region 3 is 1 (A missing)
    assert shares[1, ids.index("a1")] == pytest.approx(1.0)
    assert shares[2, B] == pytest.approx(1.0)
    assert shares[0, A] == pytest.approx(0.25)


def test_min_coverage_makes_thin_nodes_missing():
    fw = fw3()
    x = np.array([[40.0, nan, 20.0], [nan, nan, 60.0]])
    values, coverage, _ = aggregate(x, fw, min_coverage=0.5)
    ids = list(fw.node_ids)
    assert np.isnan(values[0, ids.index("A")])  # A has 1/4 of its weight
    assert coverage[0, ids.index("A")] == pytest.approx(0.25)
    # index: A dropped, B present -> coverage 3/4, above 0.5
    assert values[0, ids.index("index")] == pytest.approx(20.0)
    assert coverage[0, ids.index("index")] == pytest.approx(0.75)


def test_geometric_tree_and_error_names_indicator_and_region():
    fw = fw3()
    x = np.array([[1.0, 16.0, 2.0]])
    values, _, _ = aggregate(x, fw, "geometric")
    a = np.exp((np.log(1) + 3 * np.log(16)) / 4)
    assert values[0, -1] == pytest.approx(np.exp((np.log(a) + 3 * np.log(2)) / 4))
    with pytest.raises(ScoringError, match=r"indicator 'a2', region 64.71 has 0"):
        aggregate(np.array([[1.0, 0.0, 2.0]]), fw, "geometric", regions=("64.71",))


def test_bad_options():
    with pytest.raises(ScoringError, match="unknown aggregation 'median'"):
        aggregate(np.ones((1, 3)), fw3(), "median")  # type: ignore[arg-type]
    with pytest.raises(ScoringError, match="min_coverage must be between 0 and 1"):
        aggregate(np.ones((1, 3)), fw3(), min_coverage=1.5)


def test_three_dimensional_input_equals_per_slice():
    fw = fw3()
    rng = np.random.default_rng(1)
    x = rng.uniform(1, 100, size=(5, 4, 3))
    x[rng.uniform(size=x.shape) < 0.3] = nan
    stacked, cov, _ = aggregate(x, fw)
    for k in range(4):
        one, cov1, _ = aggregate(x[:, k], fw)
        np.testing.assert_allclose(stacked[:, k], one)
        np.testing.assert_allclose(cov[:, k], cov1)


def test_does_not_mutate_input():
    x = np.array([[40.0, nan, 20.0]])
    before = x.copy()
    aggregate(x, fw3())
    np.testing.assert_array_equal(x, before)
