"""End-to-end against COINr's own results on its ASEM example (51 countries, 49 indicators, 4 levels)."""

from __future__ import annotations

import numpy as np
import pytest
from coinr_golden import coinr_table, wide_to_long

import readiness
from readiness.errors import ScoringError

#: COINr has no data-sufficiency rule: parity is checked with it switched off.
NO_RULE = {"pillar_min_coverage": 0, "index_min_pillars": 0}

pytestmark = pytest.mark.golden


def compare(result, values_file, ranks_file=None):
    expected = coinr_table(values_file)
    got = result.scores_frame().loc[expected.index, expected.columns]
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-9)
    if ranks_file:
        ranks = coinr_table(ranks_file)
        np.testing.assert_array_equal(result.ranks_frame().loc[ranks.index, ranks.columns].to_numpy(float),
                                      ranks.to_numpy(float))


def test_minmax_normalised(asem_framework, asem_raw):
    r = readiness.score(asem_framework, wide_to_long(asem_raw), **NO_RULE)
    expected = coinr_table("asem_minmax_normalised.csv")
    np.testing.assert_allclose(r.normalised_frame().loc[expected.index, expected.columns], expected, atol=1e-9)


def test_minmax_arithmetic(asem_framework, asem_raw):
    compare(readiness.score(asem_framework, wide_to_long(asem_raw), **NO_RULE),
            "asem_minmax_amean_aggregated.csv", "asem_minmax_amean_ranks.csv")


def test_zscore_10_2_geometric(asem_framework, asem_raw):
    r = readiness.score(asem_framework, wide_to_long(asem_raw), **NO_RULE, normalise="zscore", zscore=(10, 2),
                        aggregate="geometric")
    compare(r, "asem_zscore10_2_gmean_aggregated.csv", "asem_zscore10_2_gmean_ranks.csv")
    z = coinr_table("asem_zscore10_2_normalised.csv")
    np.testing.assert_allclose(r.normalised_frame().loc[z.index, z.columns], z, atol=1e-9)


def test_zscore_default(asem_framework, asem_raw):
    r = readiness.score(asem_framework, wide_to_long(asem_raw), **NO_RULE, normalise="zscore")
    z = coinr_table("asem_zscore_default_0_1_normalised.csv")
    np.testing.assert_allclose(r.normalised_frame().loc[z.index, z.columns], z, atol=1e-9)


def test_minmax_1_100_base_of_uncertainty(asem_framework, asem_raw):
    compare(readiness.score(asem_framework, wide_to_long(asem_raw), **NO_RULE, range=(1, 100)),
            "asem_ua_base_minmax1_100_amean_aggregated.csv")


def test_geometric_on_minmax_0_100_fails_clearly(asem_framework, asem_raw):
    with pytest.raises(ScoringError, match=r"geometric mean needs values > 0: indicator '\w+', region [A-Z]{3} has 0"):
        readiness.score(asem_framework, wide_to_long(asem_raw), **NO_RULE, aggregate="geometric")


def test_example_pipeline_treated_normalised_aggregated(asem_framework):
    """COINr's build_example_coin(): treated data -> min-max 0-100 -> arithmetic mean."""
    treated = coinr_table("asem_ex_4_treated.csv")
    r = readiness.score(asem_framework, wide_to_long(treated), **NO_RULE)
    expected = coinr_table("asem_ex_5_normalised.csv")
    np.testing.assert_allclose(r.normalised_frame().loc[expected.index, expected.columns], expected, atol=1e-9)
    compare(r, "asem_ex_6_aggregated.csv", "asem_ex_6_ranks.csv")


def test_treatment_inside_score_matches_coinr(asem_framework):
    screened = coinr_table("asem_ex_3_screened.csv")
    r = readiness.score(asem_framework, wide_to_long(screened), **NO_RULE, treat="winsorise")
    compare(r, "asem_ex_6_aggregated.csv")
    assert r.treated_mask.any()
    assert len(r.treatment_frame()) == len(asem_framework.indicators)


def test_overview_pipeline_with_missing_values(asem_framework):
    """The vignette order: 25 NAs flow through treatment, normalisation and aggregation."""
    screened = coinr_table("asem_ov_1_screened.csv")
    r = readiness.score(asem_framework, wide_to_long(screened), **NO_RULE, treat="winsorise")
    compare(r, "asem_ov_5_aggregated.csv", "asem_ov_5_ranks.csv")
