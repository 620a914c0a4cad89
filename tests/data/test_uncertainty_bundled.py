"""readiness.analysis.uncertainty and readiness.analysis.target on the bundled data, with the dashboard's defaults."""

from __future__ import annotations

import warnings

import numpy as np

import readiness
from readiness.analysis.sensitivity import leave_one_out
from readiness.analysis.target import OvertakeGoal, plan_target
from readiness.analysis.uncertainty import UncertaintyOptions, uncertainty


def test_nominal_ranks_are_the_dashboards(ds):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        # the draws rank only the regions that meet the data-sufficiency rule, as the dashboard does
        spec = readiness.ScoringSpec(year=2024)  # the dashboard's defaults
        res = readiness.score(ds.framework, ds.observations, spec, regions=ds.regions)
        u = uncertainty(ds.framework, ds.observations, spec, UncertaintyOptions(draws=200), regions=ds.regions)
        loo = leave_one_out(ds.framework, ds.observations, spec, regions=ds.regions)
    assert u.regions == res.regions
    np.testing.assert_array_equal(u.nominal_rank, res.ranks[:, -1])
    np.testing.assert_array_equal(loo.nominal_rank, res.ranks[:, -1])
    ranked = ~np.isnan(u.nominal_rank)
    assert np.all(u.q05_rank[ranked] <= u.median_rank[ranked])
    assert np.all(u.median_rank[ranked] <= u.q95_rank[ranked])
    assert np.all(u.n_ranked[ranked] == 200)
    assert np.all(u.n_ranked[~ranked] == 0)  # "not enough data" on the dashboard: never ranked in a draw
    assert ranked.sum() < len(u.regions)


def test_balikpapan_overtakes_depok_like_for_like(ds):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        plan = plan_target(ds.framework, ds.observations, readiness.ScoringSpec(year=2024), "64.71",
                           OvertakeGoal("32.76"), regions=ds.regions)
    assert plan.reached
    assert plan.after["own"] >= plan.after["other"] + 0.01 - 1e-9
    assert len(plan.actions) >= 1
