"""The pipeline end to end: selection and years used, imputation flags, ranks, provenance, properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import readiness
from readiness.errors import ScoringError
from readiness.pipeline.provenance import Note

nan = np.nan
# Zero-range warnings are asserted in test_normalise; here single-region indicators are expected.
pytestmark = pytest.mark.filterwarnings("ignore::readiness.errors.ReadinessWarning")


@pytest.fixture
def fw():
    return readiness.framework_from_frame(pd.DataFrame({
        "id": ["index", "digital", "service", "spbe", "ikd", "omb"],
        "parent": ["", "index", "index", "digital", "digital", "service"],
        "weight": ["", "1", "1", "1", "1", "1"],
        "direction": ["", "", "", "1", "1", "1"],
        "goal_min": ["", "", "", "0", "", "0"],
        "goal_max": ["", "", "", "5", "", "100"],
        "unit": ["", "", "", "index 0-5", "%", "score 0-100"],
    }))


def obs(rows):
    return pd.DataFrame(rows, columns=["region_code", "indicator", "year", "value", "source_id"])


@pytest.fixture
def data():
    return obs([
        ("64.71", "spbe", 2022, 3.05, "s1"), ("64.71", "omb", 2023, 90.0, "s2"), ("64.71", "ikd", 2023, 10.0, "s3"),
        ("32.76", "spbe", 2023, 3.42, "s4"), ("32.76", "omb", 2023, 94.7, "s5"), ("32.76", "ikd", 2021, 30.0, "s6"),
        ("32.75", "spbe", 2023, 2.0, "s7"), ("32.75", "omb", 2023, 83.18, "s8"),
    ])


def test_window_0_takes_the_same_year_only(fw, data):
    r = readiness.score(fw, data, year=2023, window=0, normalise="goalposts")
    assert np.isnan(r.raw[r.regions.index("64.71"), 0])  # spbe 2022 not used with window 0
    assert r.score_of("64.71", "spbe") != r.score_of("64.71", "spbe")  # NaN
    # ikd: Balikpapan alone has a 2023 value, so it cannot be compared and nothing enters 'digital'
    assert r.coverage_of("64.71", "digital") == 0
    assert np.isnan(r.score_of("64.71", "digital"))


def test_window_takes_latest_and_records_year(fw, data):
    r = readiness.score(fw, data, year=2023, window=2, normalise="goalposts")
    bpp = r.trace("64.71")
    assert bpp.set_index("indicator").loc["spbe", "year_used"] == 2022
    assert bpp.set_index("indicator").loc["spbe", "source_id"] == "s1"
    assert r.score_of("64.71", "spbe") == pytest.approx(3.05 / 5 * 100)
    assert r.year_used_frame().loc["32.76", "ikd"] == 2021
    r1 = readiness.score(fw, data, year=2023, window=1)
    assert np.isnan(r1.raw[r1.regions.index("32.76"), 1])  # 2021 is two years old


def test_year_defaults_to_latest_and_unknown_year_is_clear(fw, data):
    assert readiness.score(fw, data).year == 2023
    with pytest.raises(ScoringError, match="no observations for year 2030; years with data: 2021, 2022, 2023"):
        readiness.score(fw, data, year=2030)


def test_goalposts_scores_hand_computed(fw, data):
    r = readiness.score(fw, data, year=2023, window=2, normalise="goalposts")
    # Depok: spbe 3.42/5 = 68.4; ikd minmax over {10, 30} -> 100; digital = 84.2; omb 94.7 -> index 89.45
    assert r.score_of("32.76", "digital") == pytest.approx((68.4 + 100) / 2)
    assert r.score_of("32.76") == pytest.approx(((68.4 + 100) / 2 + 94.7) / 2)
    # Bekasi has no ikd: digital = spbe only (40), coverage of index 3/4
    assert r.score_of("32.75", "digital") == pytest.approx(40.0)
    assert r.coverage_of("32.75") == pytest.approx(0.75)


def test_ranks_best_first_ties_share_lowest_missing_unranked(fw):
    d = obs([("a.1", "spbe", 2020, 3.0, None), ("b.1", "spbe", 2020, 3.0, None), ("c.1", "spbe", 2020, 1.0, None),
             ("d.1", "omb", 2020, 50.0, None)])
    r = readiness.score(fw, d, regions=["a.1", "b.1", "c.1", "d.1"], normalise="goalposts")
    ranks = r.ranks_frame()["digital"]
    assert ranks.tolist()[:3] == [1, 1, 3]
    assert pd.isna(ranks.loc["d.1"])
    assert r.to_frame().query("node == 'digital' and region_code == 'd.1'")["rank"].isna().all()


def test_carry_forward_and_group_mean_flagged(fw, data):
    r = readiness.score(fw, data, year=2023, window=0, impute="carry-forward")
    t = r.trace("64.71").set_index("indicator")
    assert t.loc["spbe", "imputed"] and t.loc["spbe", "raw"] != t.loc["spbe", "raw"]  # raw stays missing
    assert t.loc["spbe", "year_used"] == 2022
    assert Note("imputed", count=2, detail="carry-forward") in r.notes
    assert "imputed by carry-forward" in str(Note("imputed", count=1, detail="carry-forward"))
    regions = pd.DataFrame({"code": ["64.71", "32.76", "32.75"], "kind": ["kota"] * 3,
                            "group": ["ikn", "jakarta", "jakarta"]})
    g = readiness.score(fw, data, year=2023, window=2, regions=regions, impute="group-mean")
    assert g.imputed[g.regions.index("32.75"), 1]
    # the Jakarta group's only ikd value is Depok's 30 -> Bekasi gets 30; the Kaltim group is Balikpapan alone
    assert g.trace("32.75").set_index("indicator").loc["ikd", "normalised"] == pytest.approx(100.0)
    assert not g.imputed[g.regions.index("64.71")].any()
    with pytest.raises(ScoringError, match="group-mean imputation needs the regions table"):
        readiness.score(fw, data, year=2023, impute="group-mean")


def test_result_is_immutable(fw, data):
    r = readiness.score(fw, data, year=2023)
    with pytest.raises(ValueError, match="read-only"):
        r.values[0, 0] = 1.0
    with pytest.raises(AttributeError):
        r.year = 2020  # type: ignore[misc]
    frame = r.scores_frame()
    frame.iloc[0, 0] = -999
    assert r.values[0, 0] != -999


def test_zero_range_indicator_is_in_the_notes(fw, data):
    r = readiness.score(fw, data, year=2023, window=0)  # ikd: only Balikpapan has a 2023 value
    assert Note("single_region", ("ikd",)) in r.notes and r.status["ikd"] == "single"
    assert np.isnan(r.score_of("64.71", "ikd"))
    assert r.trace("64.71").set_index("indicator").loc["ikd", "raw"] == 10.0  # the raw figure is still there


def test_to_frame_shape_and_columns(fw, data):
    r = readiness.score(fw, data, year=2023)
    long = r.to_frame()
    assert tuple(long.columns) == readiness.pipeline.LONG_COLUMNS
    assert len(long) == len(r.regions) * len(fw.node_ids)


def test_contributions_sum_to_score(fw, data):
    r = readiness.score(fw, data, year=2023, window=2)
    contrib = r.contributions()
    np.testing.assert_allclose(contrib.sum(axis=1), r.scores_frame()["index"])
    trace = r.trace("32.75")
    assert trace["contribution"].sum() == pytest.approx(r.score_of("32.75"))
    assert trace["share"].sum() == pytest.approx(1.0)


def test_score_years_equals_score_per_year(fw, data):
    many = readiness.score_years(fw, data, window=1, normalise="minmax")
    for year, res in many.items():
        one = readiness.score(fw, data, year=year, window=1, normalise="minmax")
        np.testing.assert_allclose(res.values, one.values)
        np.testing.assert_allclose(res.coverage, one.coverage)


def test_cube_fast_path_equals_table(fw, data):
    cube = readiness.build_cube(data, fw.indicators)
    a = readiness.score(fw, cube, year=2023, window=2)
    b = readiness.score(fw, data, year=2023, window=2)
    np.testing.assert_allclose(a.values, b.values)


def test_reference_regions_are_not_scored(fw, data):
    regions = pd.DataFrame({"code": ["64.71", "32.76", "ref.ikn"], "kind": ["kota", "kota", "reference"],
                            "group": ["ikn", "jakarta", "reference"]})
    r = readiness.score(fw, data, year=2023, regions=regions)
    assert r.regions == ("64.71", "32.76")


def test_unknown_options(fw, data):
    with pytest.raises(ScoringError, match="unknown imputation 'mice'"):
        readiness.score(fw, data, impute="mice")  # type: ignore[arg-type]
    with pytest.raises(ScoringError, match="window must be >= 0"):
        readiness.score(fw, data, window=-1)


@pytest.fixture(scope="module")
def prop_fw():
    return readiness.framework_from_frame(pd.DataFrame({
        "id": ["i", "p", "q", "x1", "x2", "x3", "x4"],
        "parent": ["", "i", "i", "p", "p", "q", "q"],
        "weight": ["", "2", "1", "1", "3", "1", "1"],
        "direction": ["", "", "", "1", "-1", "1", "1"],
    }))


values = st.lists(st.one_of(st.none(), st.floats(0, 100, allow_nan=False)), min_size=4, max_size=4)


def _long(matrix):
    rows = [(f"r{r}", f"x{i + 1}", 2020, v) for r, row in enumerate(matrix) for i, v in enumerate(row) if v is not None]
    return pd.DataFrame(rows, columns=["region_code", "indicator", "year", "value"])


@pytest.mark.filterwarnings("ignore::readiness.errors.ReadinessWarning")
@settings(max_examples=60, deadline=None)
@given(st.lists(values, min_size=3, max_size=6), st.integers(0, 5), st.integers(0, 3), st.floats(0.1, 50))
def test_improving_an_indicator_never_lowers_the_arithmetic_score(prop_fw, matrix, who, which, step):
    who %= len(matrix)
    assume(matrix[who][which] is not None)
    codes = [f"r{k}" for k in range(len(matrix))]
    base = readiness.score(prop_fw, _long(matrix), regions=codes, normalise="goalposts", range=(0, 100))
    better = [list(row) for row in matrix]
    direction = prop_fw.node(f"x{which + 1}").direction
    better[who][which] = better[who][which] + direction * step
    after = readiness.score(prop_fw, _long(better), regions=codes, normalise="goalposts")
    before_score, after_score = base.score_of(f"r{who}"), after.score_of(f"r{who}")
    assume(not np.isnan(before_score))  # e.g. its only value is the only one of that indicator: nothing to compare
    assert after_score >= before_score - 1e-9


@pytest.mark.filterwarnings("ignore::readiness.errors.ReadinessWarning")
@settings(max_examples=40, deadline=None)
@given(st.lists(values, min_size=2, max_size=6), st.floats(0.01, 1000))
def test_scaling_sibling_weights_changes_nothing(prop_fw, matrix, factor):
    table = prop_fw.to_frame()
    scaled = table.copy()
    scaled.loc[scaled["parent"] == "p", "weight"] *= factor
    fw2 = readiness.framework_from_frame(scaled.astype(object).where(scaled.notna(), ""))
    codes = [f"r{k}" for k in range(len(matrix))]
    assume(any(v is not None for row in matrix for v in row))
    a = readiness.score(prop_fw, _long(matrix), regions=codes)
    b = readiness.score(fw2, _long(matrix), regions=codes)
    np.testing.assert_allclose(a.values, b.values, rtol=1e-9, atol=1e-9)
