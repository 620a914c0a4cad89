"""readiness.analysis.uncertainty on small hand-made fixtures: known answers, determinism, numpy percentiles, collapse to
the nominal rank, and batched draws equal to readiness.score run draw by draw for every method combination."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.analysis.sensitivity import SensitivityOptions, leave_one_out, sensitivity
from readiness.analysis.uncertainty import DrawPlan, UncertaintyOptions, uncertainty

# A tiny framework: index -> two pillars -> five indicators (one lower-is-better, three on fixed goalposts).
FRAMEWORK = pd.DataFrame(
    [
        ("idx", "", "", "", "", ""),
        ("p1", "idx", "2", "", "", ""),
        ("p2", "idx", "1", "", "", ""),
        ("a", "p1", "3", "1", "0", "5"),
        ("b", "p1", "1", "1", "0", "100"),
        ("c", "p2", "1", "-1", "", ""),
        ("d", "p2", "2", "1", "0", "10"),
        ("e", "p2", "1", "1", "", ""),
    ],
    columns=["id", "parent", "weight", "direction", "goal_min", "goal_max"],
)
# Five regions in two groups; values made up for the test (not real data). One gap (r4, b) for imputation.
VALUES = {
    "r1": {"a": 4.0, "b": 60.0, "c": 3.0, "d": 7.0, "e": 20.0},
    "r2": {"a": 2.5, "b": 90.0, "c": 1.0, "d": 5.0, "e": 35.0},
    "r3": {"a": 3.2, "b": 40.0, "c": 2.0, "d": 9.0, "e": 10.0},
    "r4": {"a": 1.5, "c": 5.0, "d": 3.0, "e": 50.0},
    "r5": {"a": 3.9, "b": 75.0, "c": 4.0, "d": 6.0, "e": 25.0},
}
REGIONS = pd.DataFrame({"code": list(VALUES), "group": ["g1", "g1", "g2", "g2", "g1"]})
# The spec every analysis takes (the data-sufficiency rule on, as by default), and the same with the rule off.
SPEC = readiness.ScoringSpec(year=2024, window=0, normalise="goalposts", range=(1, 100), zscore=(10, 2))
NO_RULE = SPEC.but(pillar_min_coverage=0, index_min_pillars=0)


@pytest.fixture(scope="module")
def fw() -> readiness.Framework:
    return readiness.framework_from_frame(FRAMEWORK, source="tiny")


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    rows = [(r, i, 2024, v) for r, vals in VALUES.items() for i, v in vals.items()]
    rows.append(("r4", "b", 2023, 55.0))  # an earlier value for carry-forward
    return pd.DataFrame(rows, columns=["region_code", "indicator", "year", "value"])


def _quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return func(*args, **kwargs)


def test_nominal_matches_score_and_a_hand_computed_value(fw, obs):
    spec = SPEC.but(range=(0, 100))
    u = uncertainty(fw, obs, spec, UncertaintyOptions(draws=10, aggregations=("arithmetic",)))
    res = readiness.score(fw, obs, spec)
    np.testing.assert_allclose(u.nominal_score, res.values[:, -1], rtol=0, atol=1e-10)
    np.testing.assert_array_equal(u.nominal_rank, res.ranks[:, -1])
    # r1 by hand: p1 = (3 * 80 + 1 * 60) / 4 = 75; c min-max (lower better) over 1..5: (5 - 3) / 4 = 50;
    # d = 70; e min-max over 10..50: 25; p2 = (50 + 2 * 70 + 25) / 4 = 53.75; index = (2 * 75 + 53.75) / 3
    assert u.nominal_score[0] == pytest.approx((2 * 75 + 53.75) / 3, abs=1e-12)


def test_zero_noise_single_method_collapses_to_nominal(fw, obs):
    u = uncertainty(fw, obs, SPEC, UncertaintyOptions(draws=50, weights_noise=0.0, aggregations=("arithmetic",)))
    for stat in (u.median_rank, u.q05_rank, u.q95_rank, u.mean_rank):
        np.testing.assert_array_equal(stat, u.nominal_rank)
    np.testing.assert_array_equal(u.share_nominal_rank, np.ones(5))


def test_dominant_region_keeps_rank_one_under_every_choice(fw, obs):
    best = {"a": 5.0, "b": 100.0, "c": 0.5, "d": 10.0, "e": 60.0}  # best on every indicator (made up)
    extra = pd.DataFrame([("top", i, 2024, v) for i, v in best.items()], columns=obs.columns)
    u = _quiet(uncertainty, fw, pd.concat([obs, extra]), SPEC,
               UncertaintyOptions(draws=300, weights_noise=0.5, normalisations=("goalposts", "minmax", "rank"),
                                  leave_one_out=True))
    top = u.regions.index("top")
    assert np.all(u.ranks[:, top] == 1)
    assert u.share_nominal_rank[top] == 1.0
    assert u.q95_rank[top] == 1.0


def test_same_seed_same_draws_other_seed_other_draws(fw, obs):
    kwargs = dict(draws=200, normalisations=("goalposts", "minmax"), leave_one_out=True)
    u1 = _quiet(uncertainty, fw, obs, SPEC, UncertaintyOptions(seed=7, **kwargs))
    u2 = _quiet(uncertainty, fw, obs, SPEC, UncertaintyOptions(seed=7, **kwargs))
    u3 = _quiet(uncertainty, fw, obs, SPEC, UncertaintyOptions(seed=8, **kwargs))
    np.testing.assert_array_equal(u1.ranks, u2.ranks)
    np.testing.assert_array_equal(u1.plan.weights, u2.plan.weights)
    pd.testing.assert_frame_equal(u1.to_frame(), u2.to_frame())
    assert not np.array_equal(u1.plan.weights, u3.plan.weights)


def test_percentiles_equal_numpy(fw, obs):
    u = _quiet(uncertainty, fw, obs, SPEC, UncertaintyOptions(draws=400, weights_noise=0.4,
                                                              normalisations=("goalposts", "minmax", "zscore")))
    np.testing.assert_array_equal(u.q05_rank, np.percentile(u.ranks, 5, axis=0))
    np.testing.assert_array_equal(u.median_rank, np.median(u.ranks, axis=0))
    np.testing.assert_array_equal(u.q95_rank, np.percentile(u.ranks, 95, axis=0))
    np.testing.assert_allclose(u.mean_rank, u.ranks.mean(axis=0))
    assert np.all(u.q05_rank <= u.median_rank)
    assert np.all(u.median_rank <= u.q95_rank)
    assert np.any(u.q05_rank < u.q95_rank)  # the noise does move some ranks


def test_weights_stay_within_the_noise_band(fw, obs):
    u = uncertainty(fw, obs, SPEC, UncertaintyOptions(draws=500, weights_noise=0.25, aggregations=("arithmetic",)))
    base = np.array([fw.nodes[n].weight for n in fw.node_ids])
    ratio = u.plan.weights[:, :-1] / base[:-1]
    assert ratio.min() >= 0.75
    assert ratio.max() <= 1.25
    np.testing.assert_array_equal(u.plan.weights[:, -1], base[-1])  # the root is never perturbed


def test_dirichlet_shares_centre_on_the_framework_shares(fw, obs):
    u = uncertainty(fw, obs, SPEC, UncertaintyOptions(draws=4000, weights_dist="dirichlet", weights_noise=0.2,
                                                      aggregations=("arithmetic",)))
    w = u.plan.weights
    a_share = w[:, 0] / (w[:, 0] + w[:, 1])  # a's share in p1: 3 / 4 in the framework
    assert a_share.mean() == pytest.approx(0.75, abs=0.01)
    assert a_share.std() == pytest.approx(0.2 * np.sqrt(0.75 * 0.25 / (1 + 0.04)), rel=0.1)


def _framework_with(fw: readiness.Framework, weights: np.ndarray, left_out: int) -> readiness.Framework:
    table = FRAMEWORK.copy()
    w = dict(zip(fw.node_ids, weights, strict=True))
    if left_out >= 0:
        w[fw.indicators[left_out]] = 0.0
    table["weight"] = [("" if node == "idx" else repr(float(w[node]))) for node in table["id"]]
    return readiness.framework_from_frame(table, source="draw")


def test_batched_draws_equal_score_per_draw_for_every_method_combination(fw, obs):
    norms = ("goalposts", "minmax", "zscore", "rank", "target")
    aggs = ("arithmetic", "geometric")
    imps = ("none", "group-mean", "carry-forward")
    # the rule off: each draw is then exactly readiness.score of the draw's framework (with the rule on, the
    # rule is decided once on the data, not per draw's weights)
    u = _quiet(uncertainty, fw, obs, NO_RULE, UncertaintyOptions(
        draws=600, seed=3, weights_noise=0.4, normalisations=norms, aggregations=aggs, impute_options=imps,
        leave_one_out=True), regions=REGIONS)
    plan = u.plan
    checked = set()
    for n, a, i in itertools.product(range(len(norms)), range(len(aggs)), range(len(imps))):
        rows = np.flatnonzero((plan.normalise == n) & (plan.aggregate == a) & (plan.impute == i))[:2]
        assert rows.size == 2, (norms[n], aggs[a], imps[i])
        for d in rows:
            draw_fw = _framework_with(fw, plan.weights[d], int(plan.left_out[d]))
            res = _quiet(readiness.score, draw_fw, obs, NO_RULE.but(normalise=norms[n], aggregate=aggs[a],
                                                                    impute=imps[i]), regions=REGIONS)
            np.testing.assert_allclose(u.scores[d], res.values[:, -1], rtol=1e-12, atol=1e-10)
            np.testing.assert_array_equal(u.ranks[d], res.ranks[:, -1])
            checked.add((n, a, i))
    assert len(checked) == len(norms) * len(aggs) * len(imps)


def test_explicit_plan_replays_exactly(fw, obs):
    u = uncertainty(fw, obs, SPEC, UncertaintyOptions(draws=100, seed=11))
    replay = uncertainty(fw, obs, SPEC, UncertaintyOptions(seed=None), plan=u.plan)
    np.testing.assert_array_equal(u.scores, replay.scores)


def test_geometric_of_values_at_zero_is_refused_before_drawing(fw, obs):
    with pytest.raises(readiness.ScoringError, match=r"geometric mean needs values > 0: .*indicator 'c'"):
        uncertainty(fw, obs, SPEC.but(range=(0, 100)), UncertaintyOptions(draws=10, geometric_range=(0, 100)))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"draws": 0}, "draws must be"),
        ({"weights_noise": 1.5}, "weights_noise must be"),
        ({"weights_dist": "normal"}, "unknown weights_dist"),
        ({"normalisations": ("nope",)}, "unknown normalisation 'nope'"),
        ({"aggregations": ("geometric", "geometric")}, "aggregation options repeat a value"),
    ],
)
def test_bad_options_raise(fw, obs, kwargs, message):
    with pytest.raises(readiness.ScoringError, match=message):
        uncertainty(fw, obs, SPEC, UncertaintyOptions(**kwargs))


def test_bands_share(fw, obs):
    u = uncertainty(fw, obs, SPEC, UncertaintyOptions(draws=200, weights_noise=0.0, aggregations=("arithmetic",),
                                                      bands=[(0, "low"), (50, "mid"), (80, "high")]))
    np.testing.assert_array_equal(u.share_nominal_band, np.ones(5))
    none = uncertainty(fw, obs, SPEC, UncertaintyOptions(draws=5, aggregations=("arithmetic",)))
    assert np.all(np.isnan(none.share_nominal_band))


def test_draws_frame_has_parameters_and_ranks(fw, obs):
    u = uncertainty(fw, obs, SPEC, UncertaintyOptions(draws=20, leave_one_out=True))
    frame = u.draws_frame()
    assert len(frame) == 20
    assert set(frame["aggregate"]) <= {"arithmetic", "geometric"}
    assert set(frame["left_out"]) <= set(fw.indicators)
    # relative weights within each parent sum to 1, with the left-out indicator at 0
    p1 = frame[["w_a", "w_b"]].sum(axis=1)
    np.testing.assert_allclose(p1, 1.0)
    for _, row in frame.iterrows():
        assert row[f"w_{row['left_out']}"] == 0.0
    assert list(frame.columns[-5:]) == [f"rank_{r}" for r in u.regions]


def test_leave_one_out_equals_scoring_without_the_indicator(fw, obs):
    spec = NO_RULE.but(normalise="minmax")
    loo = _quiet(leave_one_out, fw, obs, spec)
    for j, ind in enumerate(fw.indicators):
        base = np.array([fw.nodes[n].weight for n in fw.node_ids])
        res = _quiet(readiness.score, _framework_with(fw, base, j), obs, spec)
        np.testing.assert_array_equal(loo.ranks[:, j], res.ranks[:, -1], err_msg=ind)
    summary = loo.summary()
    assert list(summary.columns) == ["indicator", "max_abs_change", "mean_abs_change", "regions_moved",
                                     "regions_with_data"]
    assert summary["max_abs_change"].is_monotonic_decreasing
    assert summary["max_abs_change"].iloc[0] == np.abs(loo.changes).max()


def test_sensitivity_single_factor_explains_everything(fw, obs):
    s = sensitivity(fw, obs, SPEC, SensitivityOptions(n=400, weights_noise=0.0, normalisations=("goalposts", "rank"),
                                                      aggregations=("arithmetic",)))
    assert s.factors == ("normalisation",)
    assert s.total[0] == pytest.approx(1.0, abs=0.15)
    assert s.first_order[0] == pytest.approx(1.0, abs=0.15)


def test_sensitivity_factor_without_effect_has_zero_indices(fw, obs):
    # window 0 and no gap in 2024 except r4/b: carry-forward fills r4/b, so imputation matters; a full panel
    # without gaps makes imputation a no-op, whose total index is exactly 0.
    full = obs[~((obs["region_code"] == "r4") & (obs["indicator"] == "b"))]
    full = pd.concat([full, pd.DataFrame([("r4", "b", 2024, 50.0)], columns=obs.columns)])
    s = _quiet(sensitivity, fw, full, SPEC, SensitivityOptions(n=300, weights_noise=0.3,
                                                               impute_options=("none", "carry-forward"),
                                                               aggregations=("arithmetic", "geometric")))
    frame = s.to_frame().set_index("factor")
    assert frame.loc["imputation", "total"] == 0.0
    assert frame.loc["imputation", "first_order"] == 0.0
    assert frame.loc["weights", "total"] > 0.0
    assert s.runs == 300 * (3 + 2)


def test_plan_nominal_is_the_framework(fw):
    plan = DrawPlan.nominal(fw, 3)
    assert len(plan) == 3
    np.testing.assert_array_equal(plan.left_out, -1)


def test_vectorised_percentiles_equal_numpy_with_unranked_draws():
    from readiness.analysis.draws import nan_percentiles as _nan_percentiles

    rng = np.random.default_rng(0)
    a = rng.integers(1, 14, size=(301, 6)).astype(float)
    a[rng.uniform(size=a.shape) < 0.3] = np.nan
    a[:, 4] = np.nan  # never ranked
    a[:-1, 5] = np.nan  # ranked once
    qs = [5.0, 50.0, 95.0, 12.5]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = np.nanpercentile(a, qs, axis=0)
    np.testing.assert_array_equal(_nan_percentiles(a, qs), expected)


def test_unranked_draws_leave_percentiles_over_ranked_draws(fw, obs):
    # r4's only p1 indicator is a (b is missing): leave-one-out can remove its data in p1 but never all of it,
    # so every region stays ranked; with a region holding one indicator only, some draws leave it unranked.
    lone = pd.DataFrame([("solo", "e", 2024, 30.0)], columns=obs.columns)
    # the rule off: "solo" is ranked in some draws
    u = _quiet(uncertainty, fw, pd.concat([obs, lone]), NO_RULE, UncertaintyOptions(draws=300, leave_one_out=True))
    k = u.regions.index("solo")
    ranked = ~np.isnan(u.ranks[:, k])
    assert 0 < u.n_ranked[k] == ranked.sum() < 300
    assert u.median_rank[k] == np.median(u.ranks[ranked, k])
    assert u.share_nominal_rank[k] == pytest.approx(np.mean(u.ranks[:, k] == u.nominal_rank[k]))


def test_regions_below_the_sufficiency_rule_are_never_ranked(fw, obs):
    lone = pd.DataFrame([("solo", "e", 2024, 30.0)], columns=obs.columns)
    ruled = _quiet(uncertainty, fw, pd.concat([obs, lone]), SPEC, UncertaintyOptions(draws=100, leave_one_out=True))
    k = ruled.regions.index("solo")  # one indicator of one pillar: below the default rule (2 pillars)
    assert ruled.n_ranked[k] == 0 and np.isnan(ruled.nominal_rank[k]) and np.isnan(ruled.median_rank[k])
    others = [i for i, r in enumerate(ruled.regions) if r != "solo"]
    assert np.nanmax(ruled.ranks[:, others]) <= len(others)  # the others are ranked among themselves
