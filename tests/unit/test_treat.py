"""Outlier treatment: the skew/kurtosis rule and winsorisation, against COINr's Treat."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from coinr_golden import COINR, coinr_table

from readiness.pipeline.treat import skew_kurt, t_winsorise, treat


def test_symmetric_column_passes_unchanged():
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0, np.nan])
    out, det, hi, lo = t_winsorise(x)
    assert det["pass0"] and not hi.any() and not lo.any()
    np.testing.assert_array_equal(out, x)


def test_single_outlier_is_winsorised_to_next_value():
    x = np.array([1.0, 2, 2, 3, 3, 3, 4, 4, 5, 100])
    skew, kurt = skew_kurt(x)
    assert skew > 2 and kurt > 3.5
    out, det, hi, _ = t_winsorise(x)
    assert out[-1] == 5.0 and hi[-1] and hi.sum() == 1
    assert det["nwin"] == 1 and det["pass1"]


def test_treat_reports_and_flags():
    x = np.column_stack([[1.0, 2, 2, 3, 3, 3, 4, 4, 5, 100], np.arange(10.0)])
    _out, details, changed = treat(x, ("spiky", "flat"), "winsorise")
    assert list(details["indicator"]) == ["spiky", "flat"]
    assert changed[:, 0].sum() == 1 and not changed[:, 1].any()
    assert x[-1, 0] == 100  # input untouched


@pytest.mark.golden
@pytest.mark.parametrize(("before", "after", "details"), [
    ("asem_ex_3_screened.csv", "asem_ex_4_treated.csv", "asem_ex_4_treat_details.csv"),
    ("asem_ov_1_screened.csv", "asem_ov_3_treated.csv", "asem_ov_3_treat_details.csv"),
])
def test_matches_coinr(before, after, details):
    raw = coinr_table(before)
    expected = coinr_table(after)[raw.columns]
    out, got, _ = treat(raw.to_numpy(), tuple(raw.columns), "winsorise")
    np.testing.assert_allclose(out, expected.to_numpy(), rtol=0, atol=1e-9)
    ref = pd.read_csv(COINR / details).set_index("iCode")
    got = got.set_index("indicator").loc[ref.index]
    np.testing.assert_allclose(got["skew0"], ref["check_SkewKurt0.Skew"], atol=1e-9)
    np.testing.assert_allclose(got["kurt0"], ref["check_SkewKurt0.Kurt"], atol=1e-9)
    np.testing.assert_array_equal(got["pass0"].to_numpy(bool), ref["check_SkewKurt0.Pass"].to_numpy(bool))
    np.testing.assert_array_equal(got["nwin"].fillna(-1), ref["winsorise.nwin"].fillna(-1))
