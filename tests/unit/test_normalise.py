"""Normalisation kernels: hand-computed values, direction, ties, zero range, no mutation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import readiness
from readiness.errors import ReadinessWarning, ScoringError
from readiness.pipeline.normalise import NORMALISERS, n_goalposts, n_minmax, n_rank, n_target, n_zscore, normalise
from readiness.pipeline.provenance import MethodUsed
from readiness.pipeline.rank import rank_along_regions
from readiness.pipeline.spec import ScoringSpec

nan = np.nan


def test_minmax_hand_computed():
    assert n_minmax(np.array([2.0, 4.0, 6.0, nan])) == pytest.approx([0, 50, 100, nan], nan_ok=True)
    assert n_minmax(np.array([2.0, 4.0, 6.0]), 1, 10) == pytest.approx([1, 5.5, 10])


def test_minmax_zero_range_gives_middle():
    assert n_minmax(np.array([3.0, 3.0, nan])) == pytest.approx([50, 50, nan], nan_ok=True)


@pytest.mark.parametrize("kernel", [n_minmax, n_zscore, n_rank])
def test_single_region_with_data_cannot_be_compared(kernel):
    out = kernel(np.array([[7.0, 1.0], [nan, 2.0], [nan, 3.0]]))
    assert np.isnan(out[:, 0]).all()
    assert not np.isnan(out[:, 1]).any()


def test_minmax_columns_independent():
    x = np.array([[1.0, 10.0], [3.0, 30.0], [5.0, 20.0]])
    assert n_minmax(x) == pytest.approx(np.array([[0, 0], [50, 100], [100, 50]]))


def test_goalposts_clip_and_direction():
    x = np.array([0.0, 2.5, 5.0, 6.0, nan])
    assert n_goalposts(x, 0, 5) == pytest.approx([0, 50, 100, 100, nan], nan_ok=True)
    assert n_goalposts(x, 0, 5, direction=-1) == pytest.approx([100, 50, 0, 0, nan], nan_ok=True)


def test_zscore_hand_computed():
    # mean 4, sample sd 2
    assert n_zscore(np.array([2.0, 4.0, 6.0])) == pytest.approx([-1, 0, 1])
    assert n_zscore(np.array([2.0, 4.0, 6.0, nan]), 10, 2) == pytest.approx([8, 10, 12, nan], nan_ok=True)
    assert n_zscore(np.array([7.0, 7.0, nan]), 10, 2) == pytest.approx([10, 10, nan], nan_ok=True)


def test_rank_ties_honoured():
    x = np.array([10.0, 20.0, 20.0, 40.0, nan])
    assert rank_along_regions(x, "min") == pytest.approx([1, 2, 2, 4, nan], nan_ok=True)
    assert rank_along_regions(x, "max") == pytest.approx([1, 3, 3, 4, nan], nan_ok=True)
    assert rank_along_regions(x, "average") == pytest.approx([1, 2.5, 2.5, 4, nan], nan_ok=True)
    assert rank_along_regions(x, "min", descending=True) == pytest.approx([4, 2, 2, 1, nan], nan_ok=True)
    with pytest.raises(ValueError, match="ties must be"):
        rank_along_regions(x, "dense")  # type: ignore[arg-type]


def test_percentile_rank():
    x = np.array([10.0, 20.0, 20.0, 40.0])
    assert n_rank(x) == pytest.approx([0, 50, 50, 100])
    assert n_rank(x, ties="min") == pytest.approx([0, 100 / 3, 100 / 3, 100])
    assert n_rank(np.array([5.0, 5.0, nan])) == pytest.approx([50, 50, nan], nan_ok=True)


def test_distance_to_target():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    assert n_target(x, target=3) == pytest.approx([0, 50, 100, 100])
    # lower is better: worst = max = 4, target 2
    assert n_target(x, target=2, direction=-1) == pytest.approx([100, 100, 50, 0])


def test_direction_minus_one_reverses_order(tiny):
    fw, _ = tiny
    x = np.array([[1.0, 1.0, 1.0, 10.0], [2.0, 2.0, 2.0, 20.0], [3.0, 3.0, 3.0, 30.0]])
    out, _, _ = normalise(x, fw, ScoringSpec(normalise="minmax"))
    assert out[:, 0] == pytest.approx([0, 50, 100])
    assert out[:, 3] == pytest.approx([100, 50, 0])  # 'complaints', direction -1


def test_goalposts_method_falls_back_to_minmax_and_says_so(tiny):
    fw, _ = tiny
    x = np.array([[1.0, 10.0, 50.0, 1.0], [4.0, 30.0, 100.0, 3.0]])
    out, methods, _ = normalise(x, fw, ScoringSpec(normalise="goalposts"))
    assert methods == {"spbe": MethodUsed("goalposts"), "ikd": MethodUsed("minmax", fallback="no_goalposts"),
                       "omb": MethodUsed("goalposts"), "complaints": MethodUsed("minmax", fallback="no_goalposts")}
    assert str(methods["ikd"]) == "minmax (no goalposts)"
    assert out[:, 0] == pytest.approx([20, 80])
    assert out[:, 1] == pytest.approx([0, 100])


def test_zero_range_warns_and_notes(tiny):
    fw, _ = tiny
    x = np.array([[1.0, 5.0, 50.0, 1.0], [4.0, 5.0, 100.0, 3.0]])
    with pytest.warns(ReadinessWarning, match="'ikd' have the same value"):
        out, _, status = normalise(x, fw, ScoringSpec(normalise="minmax"))
    assert out[:, 1] == pytest.approx([50, 50])
    assert list(status) == ["ok", "tied", "ok", "ok"]


def test_single_region_warns_and_is_left_out(tiny):
    fw, _ = tiny
    x = np.array([[1.0, 5.0, 50.0, 1.0], [4.0, nan, 100.0, 3.0]])
    with pytest.warns(ReadinessWarning, match="'ikd' have data for only one region"):
        out, _, _ = normalise(x, fw, ScoringSpec(normalise="minmax"))
    assert np.isnan(out[:, 1]).all()
    # with goalposts, indicators on a fixed scale need no comparison; ikd has none here, so it is still left out
    with pytest.warns(ReadinessWarning, match="'ikd' have data for only one region"):
        out, _, _notes = normalise(x, fw, ScoringSpec(normalise="goalposts"))
    assert out[1, 0] == pytest.approx(80.0) and np.isnan(out[:, 1]).all()


def test_bad_options(tiny):
    fw, _ = tiny
    x = np.ones((2, 4))
    with pytest.raises(ScoringError, match="unknown normalisation 'sigmoid'"):
        normalise(x, fw, ScoringSpec(normalise="sigmoid"))
    with pytest.raises(ScoringError, match="lower < upper"):
        normalise(x, fw, ScoringSpec(normalise="minmax", range=(100, 0)))
    with pytest.raises(ScoringError, match="standard deviation must be > 0"):
        normalise(x, fw, ScoringSpec(normalise="zscore", zscore=(0, 0)))


def test_adding_a_normaliser_is_one_function_and_one_line(tiny, monkeypatch):
    fw, _ = tiny

    def halves(x, nodes, spec):
        return x / 2, [MethodUsed("halves")] * len(nodes)

    monkeypatch.setitem(NORMALISERS, "halves", halves)
    with pytest.warns(ReadinessWarning, match="same value for every region"):  # two equal rows: tied everywhere
        out, methods, _ = normalise(np.array([[2.0, 4.0, 6.0, 8.0]] * 2), fw, ScoringSpec(normalise="halves"))
    assert out[0] == pytest.approx([1, 2, 3, 4]) and methods["spbe"] == MethodUsed("halves")


@pytest.mark.parametrize("method", ["minmax", "goalposts", "zscore", "rank", "target"])
def test_normalise_does_not_mutate_input(tiny, method):
    fw, _ = tiny
    x = np.array([[1.0, nan, 50.0, 1.0], [4.0, 30.0, 100.0, 3.0], [2.0, 20.0, 70.0, 9.0]])
    before = x.copy()
    normalise(x, fw, ScoringSpec(normalise=method))
    np.testing.assert_array_equal(x, before)


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(arrays(float, st.integers(2, 30), elements=finite), st.floats(-50, 50), st.floats(1, 100))
def test_minmax_within_range(x, lo, width):
    out = n_minmax(x, lo, lo + width)
    assert np.all(out >= lo - 1e-9) and np.all(out <= lo + width + 1e-9)


@given(arrays(float, st.integers(2, 30), elements=finite))
def test_minmax_preserves_order(x):
    out = n_minmax(x)
    i, j = np.argmin(x), np.argmax(x)
    assert out[i] <= out[j]
    assert np.all(np.diff(out[np.argsort(x, kind="stable")]) >= -1e-9)


@pytest.fixture
def tiny():
    table = pd.DataFrame(
        {
            "id": ["index", "digital", "service", "spbe", "ikd", "omb", "complaints"],
            "parent": ["", "index", "index", "digital", "digital", "service", "service"],
            "weight": ["", "1", "1", "1", "1", "1", "1"],
            "direction": ["", "", "", "1", "1", "1", "-1"],
            "goal_min": ["", "", "", "0", "", "0", ""],
            "goal_max": ["", "", "", "5", "", "100", ""],
        }
    )
    return readiness.framework_from_frame(table), None
