"""Imputation: group means (hand-computed and against COINr) and carry-forward through score()."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from coinr_golden import COINR, coinr_table

from readiness.pipeline.impute import i_group_mean

nan = np.nan


def test_group_mean_hand_computed():
    x = np.array([[1.0, nan], [3.0, 10.0], [nan, 20.0], [5.0, nan]])
    out = i_group_mean(x, ["a", "a", "a", "b"])
    np.testing.assert_allclose(out, [[1, 15], [3, 10], [2, 20], [5, nan]])  # group a: mean(1, 3) = 2, mean(10, 20) = 15
    assert np.isnan(x[2, 0])  # input untouched


def test_group_mean_works_on_a_stack_of_years():
    x = np.array([[[1.0], [nan]], [[3.0], [4.0]], [[nan], [8.0]]])  # (R=3, Y=2, I=1)
    out = i_group_mean(x, ["g", "g", "g"])
    np.testing.assert_allclose(out[:, :, 0], [[1, 6], [3, 4], [2, 8]])


@pytest.mark.golden
def test_group_mean_matches_coinr():
    den = coinr_table("asem_ex_1_denominated.csv")
    expected = coinr_table("asem_ex_2_imputed.csv")[den.columns]
    groups = pd.read_csv(COINR / "asem_iData_input.csv").set_index("uCode").loc[den.index, "EurAsia_group"]
    out = i_group_mean(den.to_numpy(), groups.to_numpy())
    np.testing.assert_allclose(out, expected.to_numpy(), rtol=0, atol=1e-9)
