"""readiness.analysis.scenarios on the hand-made fixture: reweighting, scenarios and bands."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.analysis.scenarios import (
    Scenario,
    apply_scenario,
    default_weights,
    effective_weights,
    reweight,
    score_scenario,
)
from readiness.model.datasets import load_table
from readiness.model.rules import band_book, band_of

SPEC = readiness.ScoringSpec(year=2024, window=3, normalise="goalposts", pillar_min_coverage=0,
                             index_min_pillars=0)  # as the mini_res fixture: the rule has its own tests


def _score(fw, cube, regions, spec=SPEC):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return readiness.score(fw, cube, spec, regions=regions)


@pytest.fixture(scope="module")
def cube(mini):
    return readiness.build_cube(mini.observations, mini.framework.indicators,
                                regions=list(mini.scored_regions()["code"]))


def test_reweight_keeps_everything_but_the_weights(mini):
    fw = mini.framework
    new = reweight(fw, {"digital": 3, "ikd_pct": 3})
    assert new.node_ids == fw.node_ids
    assert new.nodes["digital"].weight == 3 and new.nodes["ikd_pct"].weight == 3
    assert new.nodes["service"].weight == fw.nodes["service"].weight
    assert new.nodes["spbe_index"].goal_max == 5 and new.nodes["spbe_index"].name_en == "SPBE index"
    assert new.nodes["mpp_years"].extra["derive"] == fw.nodes["mpp_years"].extra["derive"]
    # digital 3/4 of the index; spbe 3/6 of digital
    assert effective_weights(new)["spbe_index"] == pytest.approx(0.75 * 0.5)
    assert effective_weights(fw)["spbe_index"] == pytest.approx(0.5 * 0.75)
    assert sum(effective_weights(new)[i] for i in fw.indicators) == pytest.approx(1.0)


def test_reweight_with_the_same_weights_scores_the_same(mini, cube, mini_res):
    same = reweight(mini.framework, default_weights(mini.framework))
    again = _score(same, cube, mini.regions)
    np.testing.assert_allclose(again.values, mini_res.values, equal_nan=True)
    np.testing.assert_array_equal(again.ranks, mini_res.ranks)


def test_reweight_changes_scores_as_the_weighted_mean_says(mini, cube, mini_res):
    new = reweight(mini.framework, {"digital": 0})  # the index is then the service pillar alone
    res = _score(new, cube, mini.regions)
    service = mini_res.node_ids.index("service")
    np.testing.assert_allclose(res.values[:, -1], mini_res.values[:, service], equal_nan=True)
    assert not np.array_equal(res.values[:, -1], mini_res.values[:, -1], equal_nan=True)


def test_reweight_errors_name_the_node(mini):
    fw = mini.framework
    with pytest.raises(readiness.FrameworkError, match="unknown node 'nope'"):
        reweight(fw, {"nope": 1})
    with pytest.raises(readiness.FrameworkError, match="node 'digital': weight must be >= 0, got -1"):
        reweight(fw, {"digital": -1})
    with pytest.raises(readiness.FrameworkError, match=r"weights of its children .* are all 0"):
        reweight(fw, {"digital": 0, "service": 0})
    with pytest.raises(readiness.FrameworkError, match="finite number"):
        reweight(fw, {"digital": math.nan})


@pytest.mark.filterwarnings("ignore::readiness.ReadinessWarning")
def test_scenario_changes_the_copy_never_the_published_cube(mini, cube, mini_res):
    before = np.array(cube.values)
    sc = Scenario.of("SPBE naik", "64.72", {"spbe_index": 3.5, "ikd_pct": None})
    assert sc.changes == (("spbe_index", 3.5),)
    res = score_scenario(mini.framework, cube, SPEC, sc, published=mini_res, regions=mini.regions)
    np.testing.assert_array_equal(cube.values, before, strict=True)
    r, i = res.regions.index("64.72"), mini.framework.indicators.index("spbe_index")
    assert res.raw[r, i] == 3.5 and mini_res.raw[r, i] == 2.0
    # Samarinda's digital pillar: spbe 3.5 of 0-5 -> 70 (was 40) with weight 3/4; ikd (min-max over 10 and 20 %,
    # Samarinda the lowest) 0 with weight 1/4
    d = res.node_ids.index("digital")
    assert res.values[r, d] == pytest.approx(0.75 * 70)
    assert mini_res.values[r, d] == pytest.approx(0.75 * 40)
    others = [k for k in range(len(res.regions)) if k != r]
    np.testing.assert_array_equal(res.raw[others], mini_res.raw[others])


def test_scenario_keeps_the_year_used_and_fills_a_gap_at_the_scored_year(mini, cube, mini_res):
    # Balikpapan's SPBE is from 2022 (window 3); it has no IKD figure
    sc = Scenario.of("s", "64.71", {"spbe_index": 4.0, "ikd_pct": 25.0})
    new = apply_scenario(cube, mini_res, sc)
    r = cube.regions.index("64.71")
    assert new.values[r, cube.years.index(2022), cube.indicators.index("spbe_index")] == 4.0
    assert new.values[r, cube.years.index(2024), cube.indicators.index("ikd_pct")] == 25.0
    res = _score(mini.framework, new, mini.regions)
    rr = res.regions.index("64.71")
    assert res.year_used[rr, mini.framework.indicators.index("spbe_index")] == 2022
    assert res.raw[rr, mini.framework.indicators.index("ikd_pct")] == 25.0


def test_scenario_errors(mini, cube, mini_res):
    with pytest.raises(readiness.ScoringError, match=r"region .99\.99. is not in the observations"):
        apply_scenario(cube, mini_res, Scenario.of("x", "99.99", {"spbe_index": 1}))
    with pytest.raises(readiness.ScoringError, match="'nope' is not an indicator"):
        apply_scenario(cube, mini_res, Scenario.of("x", "64.71", {"nope": 1}))
    with pytest.raises(readiness.ScoringError, match="must be finite"):
        apply_scenario(cube, mini_res, Scenario("x", "64.71", (("spbe_index", math.inf),)))


BAND_CSV = """indicator,period_from_year,lower_bound,upper_bound,band_id,name_id,name_en,source_id
spbe_index,2018,0,1.79,kurang,Kurang,Poor,s
spbe_index,2018,1.8,2.59,cukup,Cukup,Fair,s
spbe_index,2018,2.6,5,baik,Baik,Good,s
ombudsman_score,2013,0,50,merah,Merah,Red,s
ombudsman_score,2013,51,100,hijau,Hijau,Green,s
ombudsman_score,2022,0,77.99,C,C,C,s
ombudsman_score,2022,78,100,B,B,B,s
ikd_pct,2030,0,100,x,X,X,s
"""


def test_bands_in_force_in_a_year(tmp_path):
    path = tmp_path / "bands.csv"
    path.write_text(BAND_CSV, encoding="utf-8")
    table = load_table(path, "bands")
    book = band_book(table, None)  # the planner's bands: the one lookup's tables in force
    b2020 = book.in_force(2020, "id")
    assert b2020["ombudsman_score"] == [(0.0, "Merah"), (51.0, "Hijau")]
    assert "ikd_pct" not in b2020
    b2024 = book.in_force(2024, "en")
    assert b2024["ombudsman_score"] == [(0.0, "C"), (78.0, "B")]
    assert b2024["spbe_index"][1] == (1.8, "Fair")
    # the band of a value: the one lookup (readiness.model.rules), here without method periods
    assert band_of(table, None, "spbe_index", 2.6, 2024)["name_en"] == "Good"
    assert band_of(table, None, "spbe_index", 2.59, 2024)["name_en"] == "Fair"
    assert band_of(table, None, "spbe_index", math.nan, 2024) is None
    assert band_of(table, None, "ikd_pct", 50, 2024) is None


def test_bad_band_file_names_row_and_column(tmp_path):
    path = tmp_path / "bands.csv"
    path.write_text(BAND_CSV.replace("spbe_index,2018,1.8,", "spbe_index,2018,abc,"), encoding="utf-8")
    with pytest.raises(readiness.DataError, match=r"bands.csv row 3 column 'lower_bound'"):
        load_table(path, "bands")
    pd.DataFrame({"indicator": ["a"]}).to_csv(path, index=False)
    with pytest.raises(readiness.DataError, match="missing column"):
        load_table(path, "bands")
