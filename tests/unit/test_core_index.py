"""The common core of the ranked index (issue 19, item 1) on hand-made fixtures: the framework's ``core`` flags,
the core index (every core indicator, fixed weights, one method period), its properties, and the screen."""

from __future__ import annotations

import argparse
import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.analysis.screen import screen
from readiness.cli.options import add_scoring_options, spec_from_args
from readiness.errors import FrameworkError, ScoringError

TREE = pd.DataFrame(
    {
        "id": ["idx", "p1", "p2", "c1", "n1", "c2", "n2"],
        "parent": ["", "idx", "idx", "p1", "p1", "p2", "p2"],
        "weight": ["", 1, 1, 3, 1, 1, 1],
        "direction": ["", "", "", 1, 1, 1, 1],
        "goal_min": ["", "", "", 0, 0, 0, 0],
        "goal_max": ["", "", "", 10, 10, 100, 100],
        "core": ["", "", "", "true", "", "yes", ""],
        "core_rationale": ["", "", "", "passes the screen", "", "passes the screen", ""],
    }
)
REGIONS = ("A", "B", "C", "D")
#: (region, indicator, year) -> value; B lacks c2, D lacks n1 and n2
FIGURES = {
    ("A", "c1", 2022): 4.0, ("A", "c1", 2023): 5.0, ("A", "c2", 2023): 60.0, ("A", "n1", 2023): 9.0,
    ("B", "c1", 2023): 7.0, ("B", "n1", 2022): 2.0, ("B", "n2", 2023): 40.0,
    ("C", "c1", 2021): 6.0, ("C", "c2", 2022): 80.0, ("C", "n2", 2023): 10.0, ("C", "n1", 2023): 5.0,
    ("D", "c1", 2023): 3.0, ("D", "c2", 2023): 30.0,
}


@pytest.fixture(scope="module")
def fw() -> readiness.Framework:
    return readiness.framework_from_frame(TREE, source="core.csv")


def _obs(figures: dict) -> pd.DataFrame:
    return pd.DataFrame([{"region_code": r, "indicator": i, "year": y, "value": v}
                         for (r, i, y), v in figures.items()])


def _index(fw, figures, **spec) -> pd.Series:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        res = readiness.score(fw, _obs(figures), readiness.ScoringSpec(year=2023, **spec), regions=list(REGIONS))
    return res.scores_frame()["idx"]


def test_core_flags_and_fixed_weights(fw):
    assert fw.core == ("c1", "c2")
    assert fw.core_weights() == pytest.approx([0.5, 0.0, 0.5, 0.0])  # the tree restricted to the core
    assert fw.to_frame().set_index("id").loc["c1", "core"]


def test_core_only_on_indicators_and_with_a_rationale():
    bad = TREE.copy()
    bad.loc[bad["id"] == "p1", "core"] = "true"
    bad.loc[bad["id"] == "n1", ["core", "core_rationale"]] = ["true", ""]
    bad.loc[bad["id"] == "n2", "core"] = "maybe"
    with pytest.raises(FrameworkError) as err:
        readiness.framework_from_frame(bad, source="core.csv")
    text = str(err.value)
    assert "(node 'p1'): core is only allowed on indicators" in text
    assert "(node 'n1'): a core indicator needs a core_rationale" in text
    assert "(node 'n2'): core must be true or false, got 'maybe'" in text


def test_spec_index_is_core_by_default_and_checked():
    assert readiness.ScoringSpec().index == "core"
    with pytest.raises(ScoringError, match="unknown index 'all'; choose one of core, extended"):
        readiness.ScoringSpec(index="all")


def test_core_index_needs_every_core_indicator_with_fixed_weights(fw):
    s = _index(fw, FIGURES)
    assert np.isnan(s["B"])                                   # no c2
    assert s["A"] == pytest.approx(0.5 * 50 + 0.5 * 60)       # n1 (90) is not aggregated into the index
    assert s["C"] == pytest.approx(0.5 * 60 + 0.5 * 80)       # c1 of 2021 is within the window
    assert s["D"] == pytest.approx(0.5 * 30 + 0.5 * 30)       # D lacks n1 and n2: no renormalisation matters
    ext = _index(fw, FIGURES, index="extended")
    assert ext["A"] == pytest.approx(0.5 * (0.75 * 50 + 0.25 * 90) + 0.5 * 60)
    assert not np.isnan(ext["B"])                             # the extended index scores B (rule 0.5 / 2 met)


def test_effective_shares_of_the_core_index_are_fixed_and_sum_to_it(fw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        res = readiness.score(fw, _obs(FIGURES), readiness.ScoringSpec(year=2023), regions=list(REGIONS))
    shares = res.effective_shares()
    assert shares.loc["A"].tolist() == pytest.approx([0.5, 0.0, 0.5, 0.0])
    assert shares.loc["B"].sum() == 0
    assert res.contributions().loc["C"].sum() == pytest.approx(res.score_of("C"))


@pytest.mark.parametrize("normalise", ["goalposts", "minmax"])
def test_a_figure_of_region_b_never_changes_whether_a_has_an_index(fw, normalise):
    base = ~np.isnan(_index(fw, FIGURES, normalise=normalise))
    for cell in itertools.product(["B"], ["c1", "n1", "c2", "n2"], [2020, 2021, 2022, 2023]):
        changed = dict(FIGURES)
        if cell in changed:
            del changed[cell]
        else:
            changed[cell] = 50.0 if cell[1] in ("c2", "n2") else 5.0
        after = ~np.isnan(_index(fw, changed, normalise=normalise))
        others = [r for r in REGIONS if r != "B"]
        assert (after[others] == base[others]).all(), f"{cell} changed who else has an index"


@pytest.mark.parametrize("normalise", ["goalposts", "minmax", "rank"])
def test_raising_a_core_value_never_lowers_the_index(fw, normalise):
    before = _index(fw, FIGURES, normalise=normalise)
    for (region, ind, year), value in FIGURES.items():
        if ind not in fw.core or year != 2023:
            continue
        raised = {**FIGURES, (region, ind, year): value * 1.5}
        after = _index(fw, raised, normalise=normalise)
        if not np.isnan(before[region]):
            assert after[region] >= before[region] - 1e-9, f"raising {region}'s {ind} lowered its index"


@pytest.mark.parametrize("normalise", ["goalposts", "minmax"])
def test_a_figure_outside_the_core_changes_no_index(fw, normalise):
    before = _index(fw, FIGURES, normalise=normalise)
    for region in REGIONS:
        for ind in ("n1", "n2"):
            added = {**FIGURES, (region, ind, 2023): 3.0 if ind == "n1" else 99.0}
            after = _index(fw, added, normalise=normalise)
            pd.testing.assert_series_equal(after, before, obj=f"{region} {ind}")


def test_a_core_value_is_taken_in_the_method_period_most_regions_are_in(fw):
    periods = pd.DataFrame({"indicator": ["c2", "c2"], "from_year": [2020, 2023], "to_year": [2022, None]})
    figures = {**FIGURES, ("A", "c2", 2022): 55.0, ("D", "c2", 2022): 35.0}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        res = readiness.score(fw.with_method_periods(periods), _obs(figures), readiness.ScoringSpec(year=2023),
                              regions=list(REGIONS))
    j = fw.indicators.index("c2")
    # latest values: A 2023, C 2022, D 2023 -> the 2023 period is the majority; C has no value in it
    assert res.year_used[:, j].tolist()[0] == 2023 and np.isnan(res.raw[2, j])
    assert not res.meets_rule("C") and res.meets_rule("A")
    # with C and D in the old method the majority flips: A takes its 2022 value rather than losing the indicator
    figures2 = {k: v for k, v in figures.items() if k != ("D", "c2", 2023)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        res2 = readiness.score(fw.with_method_periods(periods), _obs(figures2), readiness.ScoringSpec(year=2023),
                               regions=list(REGIONS))
    assert res2.year_used[0, j] == 2022 and res2.raw[0, j] == 55.0 and res2.meets_rule("A")


def test_the_screen(fw):
    figures = {("A", "c1", 2023): 1.0, ("B", "c1", 2023): 2.0, ("C", "c1", 2022): 3.0,
               ("A", "n1", 2023): 1.0, ("B", "n1", 2023): 1.0, ("C", "n1", 2023): 1.0, ("D", "n1", 2023): 1.0,
               ("A", "c2", 2023): 50.0, ("D", "c2", 2023): 60.0, ("A", "n2", 2018): 5.0}
    study = {"A": "g1", "B": "g1", "C": "g2", "D": "g2"}
    table = screen(fw, _obs(figures), study, year=2023, window=3).set_index("indicator")
    assert table.loc["c1", "share"] == 0.75 and table.loc["c1", "n_g2"] == 1
    assert table.loc["c1", "fails"] == "group:g2"
    assert table.loc["n1", "constant"] and table.loc["n1", "unique_share"] == 0.25
    assert table.loc["n1", "fails"] == "constant"
    assert table.loc["c2", "fails"] == "group:g1;group:g2" and table.loc["c2", "share"] == 0.5
    assert table.loc["n2", "n_regions"] == 0 and "share" in table.loc["n2", "fails"]
    four = {**figures, ("C", "c1", 2023): 3.0, ("D", "c1", 2023): 4.0}
    again = screen(fw, _obs(four), study, year=2023, window=3).set_index("indicator")
    assert again.loc["c1", "passes"] and again.loc["c1", "declared_core"]


def test_the_screen_reads_only_the_study_regions_of_a_cube(fw):
    """Given a cube of every region (as the dashboard keeps one), the screen counts the study regions only."""
    figures = {("A", "c1", 2023): 1.0, ("B", "c1", 2023): 2.0, ("C", "c1", 2023): 3.0, ("D", "c1", 2023): 4.0,
               ("X", "c1", 2023): 9.0, ("X", "c2", 2023): 9.0}
    study = {"A": "g1", "B": "g1", "C": "g2", "D": "g2"}
    cube = readiness.pipeline.build_cube(_obs(figures), fw.indicators, regions=["A", "B", "C", "D", "X"])
    from_cube = screen(fw, cube, study, year=2023, window=3)
    pd.testing.assert_frame_equal(from_cube, screen(fw, _obs(figures), study, year=2023, window=3))
    assert from_cube.set_index("indicator").loc["c2", "n_regions"] == 0


def test_the_command_line_offers_the_extended_index():
    parser = argparse.ArgumentParser()
    add_scoring_options(parser)
    assert spec_from_args(parser.parse_args([])).index == "core"
    assert spec_from_args(parser.parse_args(["--index", "extended"])).index == "extended"
