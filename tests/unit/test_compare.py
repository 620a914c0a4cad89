"""Comparison helpers: gaps to a region, a group, the best, targets; explaining a gap exactly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import readiness


@pytest.fixture
def result():
    fw = readiness.framework_from_frame(pd.DataFrame({
        "id": ["index", "d", "s", "spbe", "ikd", "omb"],
        "parent": ["", "index", "index", "d", "d", "s"],
        "weight": ["", "1", "1", "1", "1", "1"],
        "direction": ["", "", "", "1", "1", "1"],
        "goal_min": ["", "", "", "0", "0", "0"],
        "goal_max": ["", "", "", "5", "100", "100"],
    }))
    rows = [("A", "spbe", 2.5), ("A", "ikd", 20.0), ("A", "omb", 90.0),
            ("B", "spbe", 5.0), ("B", "ikd", 60.0), ("B", "omb", 70.0),
            ("C", "spbe", 1.0), ("C", "omb", 50.0)]
    obs = pd.DataFrame([(r, i, 2024, v) for r, i, v in rows], columns=["region_code", "indicator", "year", "value"])
    return readiness.score(fw, obs, normalise="goalposts")


def test_gap_to_region(result):
    g = readiness.analysis.gap_to_region(result, "A", "B")
    # A: d = (50 + 20)/2 = 35, s = 90, index 62.5 ; B: d = (100 + 60)/2 = 80, s = 70, index 75
    assert g.loc["index", "score"] == pytest.approx(62.5)
    assert g.loc["index", "reference"] == pytest.approx(75.0)
    assert g.loc["index", "gap"] == pytest.approx(-12.5)
    assert g.loc["s", "gap"] == pytest.approx(20.0)


def test_gap_to_group_and_best(result):
    g = readiness.analysis.gap_to_group(result, "A", ["B", "C"], label="peers")
    # C: d = 20 (ikd missing), s = 50, index 35 ; peers' index mean (75 + 35)/2 = 55
    assert g.loc["index", "reference"] == pytest.approx(55.0)
    assert g.loc["ikd", "reference"] == pytest.approx(60.0)  # C has no ikd: left out of the mean
    best = readiness.analysis.gap_to_best(result, "C")
    assert best.loc["omb", "gap"] == pytest.approx(-40.0)
    assert (best["gap"].dropna() <= 0).all()


def test_gap_to_targets(result):
    g = readiness.analysis.gap_to_targets(result, "A", {"index": 70.0, "spbe": 52.0})
    assert list(g.index) == ["spbe", "index"]
    assert g.loc["index", "gap"] == pytest.approx(-7.5)


def test_explain_gap_adds_up_and_orders(result):
    table = readiness.explain_gap(result, "A", "B")
    assert table["difference"].sum() == pytest.approx(result.score_of("A") - result.score_of("B"))
    assert table["share_of_gap"].sum() == pytest.approx(1.0)
    # contributions: spbe (50-100)/4 = -12.5, ikd (20-60)/4 = -10, omb (90-70)/2 = +10
    assert list(table["indicator"]) == ["spbe", "ikd", "omb"]
    assert table["difference"].tolist() == pytest.approx([-12.5, -10.0, 10.0])


def test_explain_gap_with_missing_indicator(result):
    table = readiness.explain_gap(result, "A", "C").set_index("indicator")
    # C's d rests on spbe alone (share 1/2 of index), so its spbe contribution is 20 * 1/2 = 10
    assert table.loc["spbe", "contribution_b"] == pytest.approx(10.0)
    assert table.loc["ikd", "contribution_b"] == 0
    assert table["difference"].sum() == pytest.approx(result.score_of("A") - result.score_of("C"))


def test_group_means(result):
    means = readiness.group_means(result, {"A": "ikn", "B": "jkt", "C": "jkt"})
    assert means.loc["jkt", "index"] == pytest.approx(55.0)
    assert np.isclose(means.loc["ikn", "index"], 62.5)
