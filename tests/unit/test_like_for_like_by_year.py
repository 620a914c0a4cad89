"""Like for like, by year (issue 19, item 5), on hand-made frames: per indicator the latest year within the window
that every compared region has; no common year = "different years" (shown, not summed); different method periods
= not comparable; group means name the regions they average and take each region's value in the method period
most regions' values are in."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.analysis import compare
from readiness.pipeline.core import majority_keys

pytestmark = pytest.mark.filterwarnings("ignore::readiness.errors.ReadinessWarning")


@pytest.fixture(scope="module")
def fw():
    """index <- digital {spbe (0-5)}, service {omb (0-100)}, equal weights."""
    return readiness.framework_from_frame(pd.DataFrame({
        "id": ["index", "digital", "service", "spbe", "omb"],
        "parent": ["", "index", "index", "digital", "service"],
        "weight": ["", "1", "1", "1", "1"], "direction": ["", "", "", "1", "1"],
        "goal_min": ["", "", "", "0", "0"], "goal_max": ["", "", "", "5", "100"]}))


PERIODS = pd.DataFrame({"indicator": ["omb", "omb"], "from_year": [2019, 2025], "to_year": [2024, pd.NA],
                        "source_id": ["s", "s"]})
SPEC25 = readiness.ScoringSpec(year=2025, window=3, normalise="goalposts", index_min_pillars=1)
SPEC = SPEC25.but(year=2024)


def obs(rows):
    return pd.DataFrame(rows, columns=["region_code", "indicator", "year", "value"])


def test_both_have_2022_so_2022_is_used_for_both(fw):
    # A's SPBE is of 2022; B has 2022 and a newer 2024: compared on 2022 (3.05 vs 3.42), not 3.05 vs 4.32
    data = obs([("A", "spbe", 2022, 3.05), ("B", "spbe", 2022, 3.42), ("B", "spbe", 2024, 4.32),
                ("A", "omb", 2024, 90.0), ("B", "omb", 2024, 80.0)])
    lfl = compare.like_for_like(fw, data, SPEC, ["A", "B"], PERIODS)
    assert lfl.shared == ("spbe", "omb") and dict(lfl.years) == {"spbe": 2022, "omb": 2024}
    table = compare.gap_table(lfl, "A", "B").set_index("indicator")
    assert (table.loc["spbe", "value_a"], table.loc["spbe", "value_b"]) == (3.05, 3.42)
    assert (table.loc["spbe", "year_a"], table.loc["spbe", "year_b"]) == (2022, 2022)
    assert table.loc["spbe", "reason"] == "" and table.loc["spbe", "comparable"]
    # equal weights of two pillars: SPBE's contribution is (61 - 68.4) / 2
    assert table.loc["spbe", "contribution"] == pytest.approx((3.05 - 3.42) / 5 * 100 / 2)
    assert lfl.full.raw[1, 0] == 4.32  # the full result keeps each region's latest value


def test_no_common_year_is_flagged_different_years_and_left_out_of_the_sum(fw):
    data = obs([("A", "spbe", 2022, 3.0), ("B", "spbe", 2024, 4.0), ("A", "omb", 2024, 90.0),
                ("B", "omb", 2024, 80.0)])
    lfl = compare.like_for_like(fw, data, SPEC, ["A", "B"], PERIODS)
    assert lfl.shared == ("omb",) and dict(lfl.left_out) == {"spbe": "different_years"}
    table = compare.gap_table(lfl, "A", "B").set_index("indicator")
    row = table.loc["spbe"]
    assert row["reason"] == "different_years" and not row["comparable"] and np.isnan(row["contribution"])
    assert (row["year_a"], row["year_b"]) == (2022, 2024) and (row["value_a"], row["value_b"]) == (3.0, 4.0)
    assert table["contribution"].sum() == pytest.approx(lfl.result.score_of("A") - lfl.result.score_of("B"))
    summed = compare.like_for_like(fw, data, SPEC, ["A", "B"], PERIODS, different_years=True)
    assert summed.shared == ("spbe", "omb") and "spbe" not in summed.left_out
    both = compare.gap_table(summed, "A", "B").set_index("indicator")
    assert both.loc["spbe", "comparable"] and both.loc["spbe", "reason"] == "different_years"


def test_a_common_year_older_than_the_window_does_not_count(fw):
    data = obs([("A", "spbe", 2020, 3.0), ("B", "spbe", 2020, 3.5), ("A", "spbe", 2023, 3.2),
                ("B", "spbe", 2024, 4.0), ("A", "omb", 2024, 90.0), ("B", "omb", 2024, 80.0)])
    lfl = compare.like_for_like(fw, data, SPEC, ["A", "B"], PERIODS)  # 2020 is outside 2021-2024
    assert lfl.left_out["spbe"] == "different_years"


def test_different_method_periods_are_not_comparable_even_when_asked(fw):
    # A's only Ombudsman value is of the new method (2025), B's of the old (2024): no common year, no common period
    data = obs([("A", "spbe", 2024, 3.0), ("B", "spbe", 2024, 4.0), ("A", "omb", 2025, 90.0),
                ("B", "omb", 2024, 80.0)])
    for different_years in (False, True):
        lfl = compare.like_for_like(fw, data, SPEC25, ["A", "B"], PERIODS, different_years=different_years)
        assert lfl.left_out["omb"] == "method_break" and lfl.shared == ("spbe",)
        row = compare.gap_table(lfl, "A", "B").set_index("indicator").loc["omb"]
        assert row["reason"] == "method_break" and bool(row["method_break"]) and not row["comparable"]
    # with an old-method value of A in the window, the common year 2024 is used: one method for both
    more = pd.concat([data, obs([("A", "omb", 2024, 85.0)])])
    lfl = compare.like_for_like(fw, more, SPEC25, ["A", "B"], PERIODS)
    assert lfl.years["omb"] == 2024 and compare.gap_table(lfl, "A", "B").set_index("indicator").loc[
        "omb", "value_a"] == 85.0


def test_group_means_name_their_regions_and_keep_a_shared_indicator(fw):
    # C's newest Ombudsman value is of the new method; most regions' values are of the old one: C takes its
    # 2024 value; D has only a new-method value and is named as set aside for it (not the indicator for everyone)
    data = obs([("A", "spbe", 2024, 4.0), ("A", "omb", 2024, 90.0), ("B", "spbe", 2024, 2.0),
                ("B", "omb", 2023, 70.0), ("C", "spbe", 2024, 3.0), ("C", "omb", 2024, 80.0),
                ("C", "omb", 2025, 60.0), ("D", "spbe", 2024, 1.0), ("D", "omb", 2025, 50.0),
                ("E", "omb", 2024, 75.0)])
    groups = {"A": "north", "B": "north", "C": "south", "D": "south", "E": "south"}
    g = compare.group_like_for_like(fw, data, SPEC25, groups, ["north", "south"], PERIODS)
    assert g.shared == ("spbe", "omb") and not g.left_out
    assert dict(g.set_aside) == {"omb": ("D",)}
    assert dict(g.averaged) == {"north": ("A", "B"), "south": ("C", "D", "E")}
    omb = g.result.raw_frame()["omb"]
    assert omb["C"] == 80.0 and np.isnan(omb["D"])
    assert g.means.loc["north", "mean"] == pytest.approx(((80 + 90) / 2 + (40 + 70) / 2) / 2)


def test_majority_periods_prefer_the_later_on_a_tie():
    keys = np.array([[2019.0, 0.0, np.nan], [2025.0, 0.0, np.nan], [2019.0, np.nan, np.nan], [2025.0, 0.0, np.nan]])
    out = majority_keys(keys)
    assert out[0] == 2025.0 and out[1] == 0.0 and np.isnan(out[2])


def test_the_majority_is_counted_over_the_study_regions():
    """Three benchmarks in the old period cannot outvote two study regions in the new one; where no study region
    has a value, every region counts."""
    keys = np.array([[2025.0, np.nan], [2025.0, np.nan], [2019.0, 0.0], [2019.0, 0.0], [2019.0, 0.0]])
    study = np.array([True, True, False, False, False])
    assert majority_keys(keys)[0] == 2019.0
    out = majority_keys(keys, study)
    assert out[0] == 2025.0 and out[1] == 0.0
