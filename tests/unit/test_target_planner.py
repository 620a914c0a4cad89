"""readiness.analysis.target on a small hand-made case: plans reach their goal when re-scored, and brute force over every
set of indicators and a grid of changes finds no plan with fewer indicators or less effort."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.analysis.target import BandGoal, OvertakeGoal, PlanOptions, ScoreGoal, parse_goal, plan_target
from readiness.pipeline.aggregate import aggregate
from readiness.pipeline.normalise import normalise

FRAMEWORK = pd.DataFrame(
    [
        ("idx", "", "", "", "", ""),
        ("p1", "idx", "2", "", "", ""),
        ("p2", "idx", "1", "", "", ""),
        ("a", "p1", "3", "1", "0", "5"),
        ("b", "p1", "1", "1", "0", "100"),
        ("c", "p2", "1", "-1", "0", "8"),
        ("d", "p2", "2", "1", "0", "10"),
        ("e", "p2", "1", "1", "", ""),
    ],
    columns=["id", "parent", "weight", "direction", "goal_min", "goal_max"],
)
# Made-up values for the test (not real data). r4 lacks b.
VALUES = {
    "r1": {"a": 4.0, "b": 60.0, "c": 3.0, "d": 7.0, "e": 20.0},
    "r2": {"a": 2.5, "b": 90.0, "c": 1.0, "d": 5.0, "e": 35.0},
    "r3": {"a": 3.2, "b": 40.0, "c": 2.0, "d": 9.0, "e": 10.0},
    "r4": {"a": 1.5, "c": 5.0, "d": 3.0, "e": 50.0},
}
BANDS = {"a": [(0, "low"), (2, "fair"), (3.5, "good"), (4.5, "top")]}
# The spec the plans are made and verified with (the data-sufficiency rule on, as by default; it lets every region
# of this fixture through).
SPEC = readiness.ScoringSpec(year=2024, window=0, normalise="goalposts")


@pytest.fixture(scope="module")
def fw() -> readiness.Framework:
    return readiness.framework_from_frame(FRAMEWORK, source="tiny")


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    rows = [(r, i, 2024, v) for r, vals in VALUES.items() for i, v in vals.items()]
    return pd.DataFrame(rows, columns=["region_code", "indicator", "year", "value"])


def _raw(fw) -> np.ndarray:
    return np.array([[VALUES[r].get(i, np.nan) for i in fw.indicators] for r in VALUES])


def _brute_force(fw, region: str, met, aggregate_method="arithmetic", steps: int = 40):
    """Fewest indicators, then least effort, over every subset and a grid of fractions of each headroom."""
    x = _raw(fw)
    r = list(VALUES).index(region)
    lo = np.array([fw.nodes[i].goal_min if fw.nodes[i].has_goalposts else np.nanmin(x[:, k])
                   for k, i in enumerate(fw.indicators)])
    hi = np.array([fw.nodes[i].goal_max if fw.nodes[i].has_goalposts else np.nanmax(x[:, k])
                   for k, i in enumerate(fw.indicators)])
    direction = np.array([fw.nodes[i].direction for i in fw.indicators])
    best = np.where(direction > 0, hi, lo)
    cand = [k for k in range(len(fw.indicators)) if not np.isnan(x[r, k]) and (best[k] - x[r, k]) * direction[k] > 0]
    grid = np.linspace(0, 1, steps + 1)
    for size in range(1, len(cand) + 1):
        best_effort = np.inf
        for subset in itertools.combinations(cand, size):
            fracs = np.array(list(itertools.product(grid, repeat=size)))          # (S, size)
            scen = np.repeat(x[:, None, :], len(fracs), axis=1)
            cols = list(subset)
            scen[r][:, cols] = x[r, cols] + fracs * (best[cols] - x[r, cols])
            spec = readiness.ScoringSpec(normalise="goalposts",
                                         range=(1, 100) if aggregate_method == "geometric" else (0, 100))
            norm, _, _ = normalise(scen, fw, spec)
            values, _, _ = aggregate(norm, fw, aggregate_method)
            ok = met(values)
            if ok.any():
                effort = (fracs * np.abs(best[cols] - x[r, cols]) / (hi[cols] - lo[cols])).sum(axis=1)
                best_effort = min(best_effort, effort[ok].min())
        if np.isfinite(best_effort):
            return size, best_effort
    return None, np.inf


def _quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return func(*args, **kwargs)


def test_score_goal_is_reached_and_brute_force_finds_nothing_cheaper(fw, obs):
    base = _quiet(readiness.score, fw, obs, SPEC)
    own = base.score_of("r4")
    threshold = own + 50.0  # more than any one indicator can give (checked by the brute force below)
    plan = _quiet(plan_target, fw, obs, SPEC, "r4", ScoreGoal(threshold))
    assert plan.reached
    assert plan.after["index_score"] >= threshold - 1e-9
    steps = 40
    size, effort = _brute_force(fw, "r4", lambda v: v[3, :, -1] >= threshold, steps=steps)
    assert size == 2
    assert len(plan.actions) == size
    assert plan.total_effort <= effort + 1e-12
    assert plan.total_effort >= effort - 2.0 / steps  # the grid's optimum is within a step of the true one
    table = plan.to_frame()
    assert table["effort"].is_monotonic_increasing
    assert (table["target"] <= table["range_hi"]).all()
    assert (table["target"] >= table["range_lo"]).all()


def test_overtaking_like_for_like_with_brute_force(fw, obs):
    plan = _quiet(plan_target, fw, obs, SPEC, "r4", OvertakeGoal("r3"))
    assert plan.reached
    assert plan.after["own"] >= plan.after["other"] + 0.01 - 1e-9
    assert any("like for like" in n for n in plan.notes)  # b is left out: r4 has no value
    assert "b" not in set(plan.to_frame()["indicator"])
    # brute force on the like-for-like basis: r4 and r3 without b
    fw_basis = readiness.framework_from_frame(FRAMEWORK.assign(
        weight=np.where(FRAMEWORK["id"] == "b", "0", FRAMEWORK["weight"])), source="basis")
    size, effort = _brute_force(fw_basis, "r4", lambda v: v[3, :, -1] - v[2, :, -1] >= 0.01, steps=40)
    assert len(plan.actions) == size
    assert plan.total_effort <= effort + 1e-12


def test_geometric_plan_reaches_goal_with_fewest_indicators(fw, obs):
    spec = SPEC.but(range=(1, 100), aggregate="geometric")
    base = _quiet(readiness.score, fw, obs, spec)
    threshold = base.score_of("r1") + 10
    plan = _quiet(plan_target, fw, obs, spec, "r1", ScoreGoal(threshold))
    assert plan.reached
    size, _ = _brute_force(fw, "r1", lambda v: v[0, :, -1] >= threshold, aggregate_method="geometric", steps=10)
    assert len(plan.actions) == size


def test_band_goal_is_one_action_to_the_next_band(fw, obs):
    plan = _quiet(plan_target, fw, obs, SPEC, "r3", BandGoal("a"), PlanOptions(bands=BANDS))
    assert plan.reached
    row = plan.to_frame().iloc[0]
    assert (row["indicator"], row["current"], row["target"]) == ("a", 3.2, 3.5)
    assert row["effort"] == pytest.approx(0.3 / 5)
    assert row["next_band"] == "good"
    assert plan.after["index_score"] > plan.before["index_score"]
    top = _quiet(plan_target, fw, obs, SPEC, "r1", BandGoal("a"), PlanOptions(bands={"a": [(0, "low"), (3.5, "good")]}))
    assert top.already_met
    assert top.actions == ()


def test_goal_already_met_and_out_of_reach(fw, obs):
    met = _quiet(plan_target, fw, obs, SPEC, "r1", ScoreGoal(10.0))
    assert met.reached
    assert met.already_met
    assert met.actions == ()
    far = _quiet(plan_target, fw, obs, SPEC, "r4", ScoreGoal(100.0))
    assert not far.reached
    assert any("out of reach" in n for n in far.notes)


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("band:spbe_index", BandGoal("spbe_index")),
        ("score:75", ScoreGoal(75.0)),
        ("score:digital:60.5", ScoreGoal(60.5, "digital")),
        ("overtake:32.76", OvertakeGoal("32.76")),
        ("overtake:asn:32.76", OvertakeGoal("32.76", "asn")),
    ],
)
def test_parse_goal(text, goal):
    assert parse_goal(text) == goal


@pytest.mark.parametrize("text", ["score:high", "band:", "rank:3", "score:inf", "overtake"])
def test_parse_goal_rejects(text):
    with pytest.raises(readiness.ScoringError, match="goal"):
        parse_goal(text)


def test_bad_region_and_missing_bands(fw, obs):
    with pytest.raises(readiness.ScoringError, match="region 'r9' was not scored"):
        _quiet(plan_target, fw, obs, SPEC, "r9", ScoreGoal(50))
    with pytest.raises(readiness.ScoringError, match="no bands given for indicator 'a'"):
        _quiet(plan_target, fw, obs, SPEC, "r1", BandGoal("a"))
