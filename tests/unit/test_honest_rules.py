"""Known answers for the honest-comparison rules (issue 9), on small hand-made fixtures: the data-sufficiency rule,
like-for-like comparison and its gap decomposition, change on a constant basis, method breaks, bands, default
year and the ``compare`` command line."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import readiness
from readiness.analysis import compare
from readiness.cli.commands import main
from readiness.model.rules import band_of, method_period, period_keys, target_of

pytestmark = pytest.mark.filterwarnings("ignore::readiness.errors.ReadinessWarning")
nan = np.nan


@pytest.fixture(scope="module")
def fw():
    """index <- digital {spbe w3 (0-5), ikd w1 (0-100)}, service {omb w3 (0-100), ikm w1 (25-100)}"""
    return readiness.framework_from_frame(pd.DataFrame({
        "id": ["index", "digital", "service", "spbe", "ikd", "omb", "ikm"],
        "parent": ["", "index", "index", "digital", "digital", "service", "service"],
        "weight": ["", "1", "1", "3", "1", "3", "1"],
        "direction": ["", "", "", "1", "1", "1", "1"],
        "goal_min": ["", "", "", "0", "0", "0", "25"],
        "goal_max": ["", "", "", "5", "100", "100", "100"],
    }))


def obs(rows):
    return pd.DataFrame(rows, columns=["region_code", "indicator", "year", "value"])


PERIODS = pd.DataFrame({
    "indicator": ["omb", "omb"], "from_year": [2019, 2022], "to_year": [2021, pd.NA],
    "scale_min": [0.0, 0.0], "scale_max": [100.0, 100.0], "note": ["old", "new"], "source_id": ["s", "s"],
})
BANDS = pd.DataFrame({
    "indicator": ["omb"] * 5,
    "period_from_year": [2019, 2019, 2022, 2022, 2022],
    "lower_bound": [0.0, 51.0, 0.0, 54.0, 88.0],
    "upper_bound": [50.99, 100.0, 53.99, 87.99, 100.0],
    "band_id": ["red", "green", "D", "C", "A"],
    "name_id": ["Merah", "Hijau", "D", "C", "A"],
    "name_en": ["Red", "Green", "D", "C", "A"],
    "source_id": ["s"] * 5,
})


# -- sufficiency ----------------------------------------------------------------------------------------------------


def test_below_the_rule_the_score_is_missing_with_a_note(fw):
    data = obs([
        ("A", "spbe", 2024, 4.0), ("A", "omb", 2024, 90.0),  # both pillars: index
        ("B", "omb", 2024, 95.0),                              # one pillar: no index
        ("C", "ikd", 2024, 50.0), ("C", "omb", 2024, 80.0),   # digital coverage 1/4 < 0.5: one pillar, no index
    ])
    r = readiness.score(fw, data, normalise="goalposts")
    assert r.score_of("A") == pytest.approx((80 + 90) / 2)
    assert np.isnan(r.score_of("B")) and np.isnan(r.rank_of("B"))
    assert r.coverage_of("B") > 0 and r.insufficient[r.regions.index("B"), -1]
    assert np.isnan(r.score_of("C", "digital")) and r.coverage_of("C", "digital") == pytest.approx(0.25)
    assert r.score_of("C", "service") == pytest.approx(80.0)  # 3/4 of the service weight... set aside ikm
    assert not r.meets_rule("C")
    note = next(n for n in r.notes if n.kind == "insufficient")
    assert note.count == 2
    off = readiness.score(fw, data, normalise="goalposts", pillar_min_coverage=0, index_min_pillars=0)
    assert off.score_of("B") == pytest.approx(95.0)  # the rule switched off: the old behaviour


def test_an_indicator_no_region_has_is_set_aside_not_counted_against_anyone(fw):
    data = obs([("A", "spbe", 2024, 4.0), ("A", "omb", 2024, 90.0), ("B", "spbe", 2024, 2.0),
                ("B", "omb", 2024, 70.0)])
    r = readiness.score(fw, data, normalise="goalposts")
    aside = next(n for n in r.notes if n.kind == "set_aside")
    assert aside.indicators == ("ikd", "ikm")
    assert r.coverage_of("A", "digital") == pytest.approx(1.0)  # not 3/4: nobody has ikd
    assert r.coverage_of("A") == pytest.approx(1.0)


def test_spec_validates_the_rule():
    with pytest.raises(readiness.ScoringError, match="pillar_min_coverage"):
        readiness.ScoringSpec(pillar_min_coverage=1.5)
    with pytest.raises(readiness.ScoringError, match="index_min_pillars"):
        readiness.ScoringSpec(index_min_pillars=-1)
    assert readiness.ScoringSpec().pillar_min_coverage == 0.5 and readiness.ScoringSpec().index_min_pillars == 2


# -- like for like ----------------------------------------------------------------------------------------------------


def test_more_data_is_never_pulled_below_by_an_extra_indicator(fw):
    # A and B are equal on what they share; A also has a weak IKD figure, B has none
    data = obs([("A", "spbe", 2024, 3.0), ("A", "omb", 2024, 90.0), ("A", "ikd", 2024, 5.0),
                ("B", "spbe", 2024, 3.0), ("B", "omb", 2024, 90.0)])
    spec = readiness.ScoringSpec(year=2024, normalise="goalposts")
    lfl = compare.like_for_like(fw, data, spec, ["A", "B"])
    assert lfl.full.score_of("A") < lfl.full.score_of("B")  # the full framework punishes A for having data
    assert lfl.result.score_of("A") == pytest.approx(lfl.result.score_of("B"))
    assert lfl.shared == ("spbe", "omb") and dict(lfl.left_out) == {"ikd": "missing"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=4, max_size=4), st.floats(0, 100), st.floats(0, 100))
def test_like_for_like_never_ranks_the_region_with_an_extra_indicator_by_it(vals, extra_a, extra_b):
    fw = readiness.framework_from_frame(pd.DataFrame({
        "id": ["index", "p", "q", "a", "b", "c"], "parent": ["", "index", "index", "p", "p", "q"],
        "weight": ["", "1", "1", "1", "1", "1"], "direction": ["", "", "", "1", "1", "1"],
        "goal_min": ["", "", "", "0", "0", "0"], "goal_max": ["", "", "", "100", "100", "100"]}))
    data = obs([("A", "a", 2024, vals[0]), ("A", "c", 2024, vals[1]), ("A", "b", 2024, extra_a),
                ("B", "a", 2024, vals[2]), ("B", "c", 2024, vals[3])])
    spec = readiness.ScoringSpec(year=2024, normalise="goalposts")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lfl = compare.like_for_like(fw, data, spec, ["A", "B"])
        without = compare.like_for_like(fw, data[data["indicator"] != "b"], spec, ["A", "B"])
    # A's extra indicator changes nothing on the like-for-like basis
    assert lfl.result.score_of("A") == pytest.approx(without.result.score_of("A"))
    assert lfl.result.score_of("B") == pytest.approx(without.result.score_of("B"))


def test_contributions_sum_to_the_shared_gap_with_the_sign_of_the_normalised_difference(fw):
    # B also has a 2022 SPBE: both are compared on 2022 (the latest year both have); IKM has no common year
    data = obs([("A", "spbe", 2022, 3.05), ("A", "omb", 2024, 95.6), ("A", "ikd", 2024, 14.0),
                ("A", "ikm", 2024, 80.0),
                ("B", "spbe", 2022, 3.42), ("B", "spbe", 2024, 4.32), ("B", "omb", 2024, 94.7),
                ("B", "ikm", 2023, 90.0)])
    spec = readiness.ScoringSpec(year=2024, window=3, normalise="goalposts")
    for different_years, summed in ((False, {"spbe", "omb"}), (True, {"spbe", "omb", "ikm"})):
        lfl = compare.like_for_like(fw, data, spec, ["A", "B"], different_years=different_years)
        table = compare.gap_table(lfl, "A", "B").set_index("indicator")
        gap = lfl.result.score_of("A") - lfl.result.score_of("B")
        assert table["contribution"].sum() == pytest.approx(gap, abs=1e-12)
        ok = table[table["comparable"]]
        assert set(ok.index) == summed
        assert (np.sign(ok["contribution"]) == np.sign(ok["normalised_a"] - ok["normalised_b"])).all()
        assert table.loc["omb", "contribution"] > 0  # A's Ombudsman is higher: on A's side, whatever else differs
        assert np.isnan(table.loc["ikd", "contribution"]) and table.loc["ikd", "reason"] == "missing_b"
        assert (table.loc["spbe", "value_b"], table.loc["spbe", "year_b"]) == (3.42, 2022)  # not B's newer 4.32
        assert table.loc["ikm", "reason"] == "different_years"
        assert (table.loc["ikm", "year_a"], table.loc["ikm", "year_b"]) == (2024, 2023)  # years are shown
    # the full-framework view keeps signs too, and never gives one-sided indicators a contribution
    full = compare.gap_table(lfl, "A", "B", shared_only=False).set_index("indicator")
    assert full.loc["omb", "contribution"] > 0 and np.isnan(full.loc["ikd", "contribution"])
    assert full.loc["spbe", "year_b"] == 2024  # each region's latest value there


def test_group_means_like_for_like_count_only_regions_meeting_the_rule(fw):
    data = obs([("A", "spbe", 2024, 4.0), ("A", "omb", 2024, 90.0), ("A", "ikd", 2024, 10.0),
                ("B", "omb", 2024, 80.0),
                ("C", "spbe", 2024, 2.0), ("C", "omb", 2024, 70.0), ("D", "spbe", 2024, 3.0),
                ("D", "omb", 2024, 60.0)])
    groups = {"A": "north", "B": "north", "C": "south", "D": "south"}
    g = compare.group_like_for_like(fw, data, readiness.ScoringSpec(year=2024, normalise="goalposts"), groups,
                                    ["north", "south"])
    assert g.shared == ("spbe", "omb") and "ikd" in g.left_out
    assert (g.means.loc["north", "n"], g.means.loc["north", "total"]) == (1, 2)  # B: one pillar, no index
    assert g.means.loc["north", "mean"] == pytest.approx((80 + 90) / 2)
    assert g.means.loc["south", "mean"] == pytest.approx(((40 + 70) / 2 + (60 + 60) / 2) / 2)


# -- change over time -------------------------------------------------------------------------------------------------


def test_change_on_a_constant_basis_is_zero_when_values_do_not_change(fw):
    data = obs([("A", "spbe", 2023, 3.0), ("A", "omb", 2023, 90.0), ("A", "spbe", 2024, 3.0),
                ("A", "omb", 2024, 90.0), ("A", "ikd", 2024, 5.0),   # a (weak) new figure arrives in 2024
                ("B", "spbe", 2023, 2.0), ("B", "omb", 2023, 70.0), ("B", "spbe", 2024, 2.5),
                ("B", "omb", 2024, 70.0)])
    spec = readiness.ScoringSpec(window=0, normalise="goalposts")
    out = compare.change_on_constant_basis(fw, data, spec, 2023, 2024, ["A", "B"]).set_index("region_code")
    assert out.loc["A", "change"] == 0  # unchanged values: no change, although the full index fell
    assert out.loc["A", "arrived"] == ("ikd",) and out.loc["A", "basis"] == ("spbe", "omb")
    assert out.loc["B", "change"] == pytest.approx(0.5 / 5 * 100 / 2)
    full = {y: readiness.score(fw, data, spec.but(year=y)).score_of("A") for y in (2023, 2024)}
    assert full[2024] < full[2023]


def test_no_comparable_basis_means_no_change(fw):
    data = obs([("A", "spbe", 2023, 3.0), ("A", "omb", 2023, 90.0), ("A", "ikd", 2024, 50.0),
                ("A", "ikm", 2024, 80.0)])
    out = compare.change_on_constant_basis(fw, data, readiness.ScoringSpec(window=0, normalise="goalposts"),
                                           2023, 2024, ["A"])
    assert np.isnan(out["change"].iloc[0]) and not out["comparable"].iloc[0] and out["n_basis"].iloc[0] == 0


def test_basis_trend_breaks_where_a_figure_arrives(fw):
    data = obs([("A", "spbe", y, 3.0) for y in (2021, 2022, 2023, 2024)]
               + [("A", "omb", y, 90.0) for y in (2021, 2022, 2023, 2024)] + [("A", "ikd", 2023, 5.0)])
    spec = readiness.ScoringSpec(window=0, normalise="goalposts")
    results = readiness.score_years(fw, data, spec, years=[2021, 2022, 2023, 2024])
    trend = compare.basis_trend(results, "A").set_index("year")
    assert list(trend["segment"]) == [0, 0, 1, 2]
    assert trend.loc[2023, "arrived"] == ("ikd",) and trend.loc[2024, "departed"] == ("ikd",)


# -- method breaks and bands ------------------------------------------------------------------------------------------


def test_values_across_a_method_break_are_flagged_and_not_compared(fw):
    data = obs([("A", "spbe", 2024, 3.0), ("A", "omb", 2021, 85.0), ("B", "spbe", 2024, 4.0),
                ("B", "omb", 2023, 80.0)])
    spec = readiness.ScoringSpec(year=2024, window=3, normalise="goalposts")
    lfl = compare.like_for_like(fw, data, spec, ["A", "B"], PERIODS)
    assert lfl.left_out["omb"] == "method_break" and lfl.shared == ("spbe",)
    table = compare.gap_table(lfl, "A", "B", "digital").set_index("indicator")
    assert "omb" not in table.index  # not under the digital pillar
    full = compare.gap_table(lfl, "A", "B").set_index("indicator")
    assert bool(full.loc["omb", "method_break"]) and not full.loc["omb", "comparable"]
    assert full.loc["omb", "reason"] == "method_break" and np.isnan(full.loc["omb", "contribution"])
    every = compare.gap_table(lfl, "A", "B", shared_only=False).set_index("indicator")
    assert bool(every.loc["omb", "method_break"])  # included in the full view, but flagged


def test_change_across_a_method_break_is_not_a_change(fw):
    data = obs([("A", "spbe", 2021, 3.0), ("A", "omb", 2021, 85.0), ("A", "spbe", 2022, 3.0),
                ("A", "omb", 2022, 60.0)])
    out = compare.change_on_constant_basis(fw, data, readiness.ScoringSpec(window=0, normalise="goalposts"),
                                           2021, 2022, ["A"], PERIODS)
    assert out["breaks"].iloc[0] == ("omb",) and out["basis"].iloc[0] == ("spbe",)


def test_period_keys_and_lookups():
    keys = period_keys(PERIODS, ["spbe", "omb"], np.array([[2018.0, 2020.0], [nan, 2022.0], [2024.0, 2018.0]]))
    assert keys[0].tolist() == [0.0, 2019.0] and np.isnan(keys[1, 0]) and keys[1, 1] == 2022.0
    assert keys[2, 1] == -1.0  # before every recorded period
    assert method_period(PERIODS, "omb", 2023)["from_year"] == 2022 and method_period(PERIODS, "omb", 2018) is None
    assert band_of(BANDS, PERIODS, "omb", 50.995, 2020)["band_id"] == "red"  # between published bounds: lower
    assert band_of(BANDS, PERIODS, "omb", 95.6, 2024)["name_en"] == "A"
    assert band_of(BANDS, PERIODS, "omb", 95.6, 2024)["rank"] == 2
    assert band_of(BANDS, PERIODS, "spbe", 3.0, 2024) is None
    targets = pd.DataFrame({"indicator": ["ikd", "ikd"], "from_year": [2023, 2024], "to_year": [2023, pd.NA],
                            "target": [25.0, 30.0], "source_id": ["s", "s"]})
    assert target_of(targets, "ikd", 2023) == 25 and target_of(targets, "ikd", 2026) == 30
    assert target_of(targets, "ikd", 2022) is None


def test_no_band_after_a_break_without_a_band_table():
    periods = pd.concat([PERIODS.assign(to_year=[2021, 2024]),
                         pd.DataFrame({"indicator": ["omb"], "from_year": [2025], "to_year": [pd.NA],
                                       "scale_min": [0.0], "scale_max": [100.0], "note": ["newest"],
                                       "source_id": ["s"]})], ignore_index=True)
    assert band_of(BANDS, periods, "omb", 95.0, 2024)["band_id"] == "A"
    assert band_of(BANDS, periods, "omb", 95.0, 2025) is None


# -- default year, command line -------------------------------------------------------------------------------------


def test_default_year_is_the_latest_with_most_regions_meeting_the_rule(fw):
    data = obs([("A", "spbe", 2022, 3.0), ("A", "omb", 2022, 90.0), ("B", "spbe", 2022, 2.0),
                ("B", "omb", 2022, 80.0), ("A", "omb", 2024, 91.0), ("B", "ikm", 2024, 70.0)])
    spec = readiness.ScoringSpec(window=0, normalise="goalposts")
    assert compare.default_year(fw, data, spec, [2022, 2024]) == 2022  # 2024 is newer, but nobody has an index


def test_compare_cli_writes_the_gap_table(tmp_path, capsys):
    # Balikpapan's SPBE is of 2022, Depok's of 2024 and neither has the other's year: "different years", shown
    # with both years and left out of the sum by default (the basis is then one pillar: no like-for-like score)
    out = tmp_path / "gap.csv"
    code = main(["compare", "64.71", "32.76", "--data", str(tests_mini()), "--year", "2024", "--out", str(out)])
    assert code == 0
    table = pd.read_csv(out).set_index("indicator")
    assert (table.loc["spbe_index", "year_a"], table.loc["spbe_index", "year_b"]) == (2022, 2024)
    assert table["contribution"].isna().all()
    err = capsys.readouterr().err
    assert "left out: spbe_index (different years), ikd_pct (missing)" in err
    assert "different years (not in the sum): spbe_index (2022 vs 2024)" in err
    # --different-years sums them: then the basis has both pillars
    code = main(["compare", "64.71", "32.76", "--data", str(tests_mini()), "--year", "2024", "--out", str(out),
                 "--different-years"])
    assert code == 0
    table = pd.read_csv(out)
    assert list(table.columns) == list(compare.GAP_COLUMNS)
    shared = table.dropna(subset=["contribution"])
    assert {"spbe_index", "ombudsman_score"} <= set(shared["indicator"])
    assert table.set_index("indicator")["contribution"].isna()["ikd_pct"]  # Balikpapan has no IKD: not comparable
    err = capsys.readouterr().err
    assert "like for like on spbe_index, ombudsman_score" in err and "left out: ikd_pct (missing)" in err
    assert "compared in the latest year both have: ombudsman_score 2024" in err
    # the contributions add up to the like-for-like gap printed on stderr
    gap = float(err.split("gap ")[1].split(";")[0])
    assert shared["contribution"].sum() == pytest.approx(gap)


def test_compare_cli_bad_region_is_exit_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "gap.csv"
    assert main(["compare", "64.71", "99.99", "--data", str(tests_mini()), "--out", str(out)]) == 2
    assert "region '99.99' is not a scored region" in capsys.readouterr().err and not out.exists()


def tests_mini():
    from pathlib import Path

    return Path(__file__).resolve().parents[1] / "fixtures" / "mini"
