"""Every analysis takes the spec whole: for several specs (the sufficiency rule on, off, a pillar rule only, other
normalisations, a geometric mean, imputation), the nominal ranks of uncertainty, leave_one_out, sensitivity and
plan_target are exactly ``readiness.score(framework, data, spec)``'s, and the regions with a rank interval are
exactly the regions ``score`` ranks. On a small hand-made fixture with random gaps (no data/ reads)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.analysis.scenarios import Scenario, score_scenario
from readiness.analysis.target import ScoreGoal

# Index -> three pillars -> eight indicators (made up for the test; not real data).
FRAMEWORK = pd.DataFrame(
    [
        ("idx", "", "", "", "", ""),
        ("p1", "idx", "2", "", "", ""),
        ("p2", "idx", "1", "", "", ""),
        ("p3", "idx", "1", "", "", ""),
        ("a", "p1", "3", "1", "0", "5"),
        ("b", "p1", "1", "1", "0", "100"),
        ("c", "p1", "1", "-1", "", ""),
        ("d", "p2", "2", "1", "0", "10"),
        ("e", "p2", "1", "1", "", ""),
        ("f", "p3", "1", "1", "0", "100"),
        ("g", "p3", "1", "-1", "", ""),
        ("h", "p3", "2", "1", "", ""),
    ],
    columns=["id", "parent", "weight", "direction", "goal_min", "goal_max"],
)
REGIONS = [f"r{k}" for k in range(1, 10)]
GROUPS = pd.DataFrame({"code": REGIONS, "group": ["g1", "g2", "g3"] * 3})
BASE = readiness.ScoringSpec(year=2024, window=1)
SPECS = {
    "rule on (defaults)": BASE,
    "rule off": BASE.but(pillar_min_coverage=0, index_min_pillars=0),
    "pillar rule only": BASE.but(pillar_min_coverage=0.6, index_min_pillars=0),
    "index rule only": BASE.but(pillar_min_coverage=0, index_min_pillars=3),
    "min-max, min coverage": BASE.but(normalise="minmax", min_coverage=0.3),
    "z-score": BASE.but(normalise="zscore", zscore=(10, 2)),
    "rank, window 0": BASE.but(normalise="rank", window=0),
    "geometric on 1-100": BASE.but(aggregate="geometric", range=(1, 100)),
    "group-mean imputation": BASE.but(impute="group-mean"),
}


def _observations(seed: int) -> pd.DataFrame:
    """Random values with random gaps: some regions lack whole pillars, some most of one, some everything."""
    rng = np.random.default_rng(seed)
    fw = readiness.framework_from_frame(FRAMEWORK, source="spec property")
    rows = []
    for k, region in enumerate(REGIONS):
        keep = rng.uniform(size=len(fw.indicators)) < (0.95 if k < 3 else 0.55)
        for i, ind in enumerate(fw.indicators):
            if keep[i]:
                node = fw.nodes[ind]
                hi = node.goal_max if node.has_goalposts else 50.0
                rows.append((region, ind, int(rng.choice([2023, 2024])), float(rng.uniform(0.05, 0.95) * hi)))
    return pd.DataFrame(rows, columns=["region_code", "indicator", "year", "value"])


def _quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return func(*args, **kwargs)


@pytest.fixture(scope="module")
def fw() -> readiness.Framework:
    return readiness.framework_from_frame(FRAMEWORK, source="spec property")


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("name", list(SPECS))
def test_nominal_ranks_and_intervals_are_scores(fw, name, seed):
    spec, obs = SPECS[name], _observations(seed)
    res = _quiet(readiness.score, fw, obs, spec, regions=GROUPS)
    ranked = ~np.isnan(res.ranks[:, -1])
    assert ranked.sum() > 0
    options = readiness.UncertaintyOptions(draws=60, seed=seed, normalisations=("minmax",), leave_one_out=True)
    u = _quiet(readiness.uncertainty, fw, obs, spec, options, regions=GROUPS)
    assert u.regions == res.regions
    np.testing.assert_array_equal(u.nominal_rank, res.ranks[:, -1])
    np.testing.assert_array_equal(u.nominal_score, res.values[:, -1])
    with_interval = ~np.isnan(u.q05_rank) & (u.n_ranked > 0)
    np.testing.assert_array_equal(with_interval, ranked)
    assert np.all(u.q05_rank[ranked] <= u.q95_rank[ranked])
    assert np.nanmax(u.ranks) <= ranked.sum()  # ranked among the regions score ranks, never more

    loo = _quiet(readiness.leave_one_out, fw, obs, spec, regions=GROUPS)
    np.testing.assert_array_equal(loo.nominal_rank, res.ranks[:, -1])
    assert np.all(np.isnan(loo.ranks[~ranked]))

    sens = _quiet(readiness.sensitivity, fw, obs, spec, readiness.SensitivityOptions(n=16, bootstrap=0),
                  regions=GROUPS)
    assert sens.params["pillar_min_coverage"] == spec.pillar_min_coverage

    for k in (int(np.flatnonzero(ranked)[0]), *np.flatnonzero(~ranked)[:1]):
        region = res.regions[k]
        plan = _quiet(readiness.plan_target, fw, obs, spec, region, ScoreGoal(101.0), regions=GROUPS)
        np.testing.assert_array_equal(plan.before["index_rank"], res.rank_of(region))
        np.testing.assert_array_equal(plan.before["index_score"], res.score_of(region))
        assert not plan.reached


@pytest.mark.parametrize("name", list(SPECS))
def test_collapsed_draws_are_the_nominal_ranks(fw, name):
    """With no noise and the spec's methods only, every draw is the nominal scoring: score's ranks, every draw."""
    spec, obs = SPECS[name], _observations(4)
    res = _quiet(readiness.score, fw, obs, spec, regions=GROUPS)
    options = readiness.UncertaintyOptions(draws=5, weights_noise=0.0, aggregations=())
    u = _quiet(readiness.uncertainty, fw, obs, spec, options, regions=GROUPS)
    np.testing.assert_allclose(u.scores, np.tile(res.values[:, -1], (5, 1)), rtol=0, atol=1e-9)
    np.testing.assert_array_equal(u.ranks, np.tile(res.ranks[:, -1], (5, 1)))


def test_a_plan_is_verified_with_the_spec_and_its_rule(fw):
    spec, obs = SPECS["rule on (defaults)"], _observations(1)
    res = _quiet(readiness.score, fw, obs, spec, regions=GROUPS)
    region = res.regions[int(np.flatnonzero(~np.isnan(res.values[:, -1]))[-1])]
    goal = ScoreGoal(res.score_of(region) + 5.0)
    plan = _quiet(readiness.plan_target, fw, obs, spec, region, goal, regions=GROUPS)
    assert plan.reached
    scenario = Scenario.of("plan", region, {a["indicator"]: a["target"] for a in plan.actions})
    after = _quiet(score_scenario, fw, obs, spec, scenario, published=res, regions=GROUPS)
    assert after.score_of(region) >= goal.threshold - 1e-9
    assert plan.after["index_rank"] == after.rank_of(region)
