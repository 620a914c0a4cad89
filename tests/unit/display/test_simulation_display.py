"""readiness.display.simulation on the hand-made fixture: rank intervals in words, whiskers, leave-one-out, sensitivity,
reweighting arrows, scenarios labelled as such, the planner's action table."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.analysis.scenarios import Scenario, reweight, score_scenario
from readiness.analysis.sensitivity import SensitivityOptions, leave_one_out, sensitivity
from readiness.analysis.target import PlanOptions, parse_goal, plan_target
from readiness.analysis.uncertainty import DrawPlan, UncertaintyOptions, uncertainty
from readiness.display import simulation as dw
from readiness.model.rules import band_book


def _quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return func(*args, **kwargs)


@pytest.fixture(scope="module")
def spec(mini_res):
    """The spec the mini_res fixture is scored with: display mechanics on every fixture region (the sufficiency
    rule off; the rule has its own tests)."""
    return mini_res.spec


@pytest.fixture(scope="module")
def u(mini, spec):
    return _quiet(uncertainty, mini.framework, mini.observations, spec, UncertaintyOptions(draws=200),
                  regions=mini.regions)


@pytest.fixture(scope="module")
def labels(mini):
    return mini.region_labels()


def test_interval_bounds_are_whole_ranks_covering_the_percentiles():
    assert dw.interval_bounds(4.35, 8.2) == (4, 9)
    assert dw.interval_bounds(4.0, 9.0) == (4, 9)
    assert dw.interval_bounds(float("nan"), 3.0) == (None, None)


def test_rank_interval_table_and_words(u, labels):
    table = dw.rank_interval_table(u, labels)
    assert list(table["name"][:4]) == ["Depok", "Balikpapan", "Bekasi", "Samarinda"]
    assert table["name"].iloc[-1] == "Surabaya" and table["nominal_rank"].isna().iloc[-1]
    ranked = table[table["nominal_rank"].notna()]
    assert (ranked["low"] <= ranked["q05_rank"]).all() and (ranked["high"] >= ranked["q95_rank"]).all()
    assert set(table["total"]) == {4}
    k = list(table["region_code"]).index("64.71")
    low, high = int(table["low"][k]), int(table["high"][k])
    assert low < high  # Balikpapan's rank moves with the weights in this fixture
    assert dw.rank_interval_text(u, "64.71", "id") == f"peringkat {low}–{high} dari 4 pada 90 % simulasi"
    assert dw.rank_interval_text(u, "64.71", "en") == f"rank {low}–{high} of 4 in 90 % of simulations"
    assert dw.rank_interval_text(u, "35.78", "id") == "tidak berperingkat dalam simulasi"


def test_interval_collapses_when_every_draw_is_nominal(mini, spec, labels):
    fw = mini.framework
    plan = DrawPlan.nominal(fw, 20)
    u0 = _quiet(uncertainty, fw, mini.observations, spec, UncertaintyOptions(aggregations=("arithmetic",)),
                regions=mini.regions, plan=plan)
    assert dw.rank_interval_text(u0, "32.76", "id") == "peringkat 1 dari 4 pada 90 % simulasi"
    view = dw.rank_interval_view(dw.rank_interval_table(u0, labels), "en")
    assert list(view["90 % interval"]) == ["1", "2", "3", "4"]
    assert list(view["Draws at this rank"]) == ["100%"] * 4


def test_whisker_chart_spans_the_interval(u, labels):
    table = dw.rank_interval_table(u, labels)
    fig = dw.build_rank_intervals(table, "en", title="t")
    whiskers, medians, dots = fig.data
    np.testing.assert_allclose(medians.x, table[table["nominal_rank"].notna()]["median_rank"].iloc[::-1])
    assert list(dots.y) == ["Samarinda", "Bekasi", "Balikpapan", "Depok"]  # best on top
    ranked = table[table["nominal_rank"].notna()].iloc[::-1]
    # one segment low-high per region, separated by gaps, in the dots' order
    assert list(whiskers.y) == [n for name in dots.y for n in (name, name, None)]
    assert list(whiskers.x[0::3]) == list(ranked["low"].astype(float))
    assert list(whiskers.x[1::3]) == list(ranked["high"].astype(float))
    assert list(dots.text) == [str(int(r)) for r in ranked["nominal_rank"]]
    assert fig.layout.xaxis.title.text == "Rank (1 = best)"


def test_leave_one_out_view_and_heatmap(mini, spec, labels):
    fw = mini.framework
    loo = _quiet(leave_one_out, fw, mini.observations, spec, regions=mini.regions)
    view = dw.loo_view(loo, fw, "id")
    assert view.iloc[0, 0] == "Kepatuhan Ombudsman"  # removing it moves ranks most
    assert "ASN dilatih di luar negeri" not in list(view.iloc[:, 0])  # only Balikpapan has it: no data to compare
    fig = dw.build_loo_heatmap(loo, fw, labels, "en")
    heat = fig.data[0]
    assert list(heat.x) == ["1. Depok", "2. Balikpapan", "3. Bekasi", "4. Samarinda"]
    row = list(heat.y).index("Ombudsman compliance")  # indicator names read across, not wrapped into columns
    z = np.asarray(heat.z, dtype=float)
    expected = loo.to_frame().loc[["32.76", "64.71", "32.75", "64.72"], "ombudsman_score"].astype(float)
    np.testing.assert_array_equal(z[row, :], expected.to_numpy())
    assert heat.zmid == 0 and heat.zmax == -heat.zmin
    # readable cell text, and a top margin that holds the column labels at 45 degrees
    assert heat.textfont.size >= 12
    longest = max(len(x) for x in heat.x)
    assert fig.layout.margin.t >= 0.6 * 12 * longest * 0.7
    assert fig.layout.xaxis.tickangle == -45


def test_sensitivity_bars(mini, spec):
    s = _quiet(sensitivity, mini.framework, mini.observations, spec, SensitivityOptions(n=64, bootstrap=20),
               regions=mini.regions)
    fig = dw.build_sensitivity_bars(s, "id")
    first, total = fig.data
    assert list(first.y) == ["Bobot", "Agregasi"]
    np.testing.assert_allclose(first.x, s.first_order)
    np.testing.assert_allclose(total.x, s.total)


def test_rank_move_arrows():
    assert dw.rank_move(4, 2) == "▲ 2"
    assert dw.rank_move(2, 3) == "▼ 1"
    assert dw.rank_move(3, 3) == "="
    assert dw.rank_move(float("nan"), 3) == "–"


def test_reweighting_table_arrows_against_the_default(mini, mini_res, labels):
    new = _quiet(readiness.score, reweight(mini.framework, {"digital": 0}), mini.observations, mini_res.spec,
                 regions=mini.regions)
    table = dw.rank_shift_table(mini_res, new, labels)
    samarinda = table.set_index("region_code").loc["64.72"]
    assert (samarinda["rank_before"], samarinda["rank_after"], samarinda["move"]) == (4, 2, 2)
    view = dw.rank_shift_view(table, "en", "framework", "these weights")
    row = view[view["Region"] == "Samarinda"].iloc[0]
    assert row["Move"] == "▲ 2" and row["Rank · these weights"] == "2" and row["Rank · framework"] == "4"
    fig = dw.build_rank_shift(table, "en", "framework", "these weights")
    assert len(fig.data) == 4  # Surabaya is unranked on both sides
    with pytest.raises(ValueError, match="same regions"):
        dw.rank_shift_table(mini_res, _quiet(readiness.score, mini.framework, mini.observations, mini_res.spec,
                                             regions=["64.71", "64.72"]), labels)


def test_weights_view_shows_effective_shares(mini):
    fw = mini.framework
    view = dw.weights_view(fw, reweight(fw, {"digital": 0}), "en").set_index("Node")
    assert view.loc["Digital", "Share of index (framework)"] == "50.0%"
    assert view.loc["Digital", "Share of index (now)"] == "0.0%"
    assert view.loc["    Ombudsman compliance", "Share of index (now)"] == "60.0%"
    assert view.loc["    SPBE index", "Weight"] == "3.0"


def test_scenario_view_labels_the_scenario_and_keeps_today(mini, mini_res):
    cube = readiness.build_cube(mini.observations, mini.framework.indicators,
                                regions=list(mini.scored_regions()["code"]))
    sc = Scenario.of("SPBE 3,8", "64.72", {"spbe_index": 3.8})
    res = _quiet(score_scenario, mini.framework, cube, mini_res.spec, sc, published=mini_res, regions=mini.regions)
    bands = band_book(pd.DataFrame({  # a hand-made band table (synthetic), looked up in the value's year
        "indicator": "spbe_index", "period_from_year": 2018, "lower_bound": [0.0, 1.8, 2.6, 3.5],
        "upper_bound": [1.79, 2.59, 3.49, 5.0], "band_id": ["k", "c", "b", "sb"],
        "name_id": ["Kurang", "Cukup", "Baik", "Sangat Baik"], "name_en": ["Poor", "Fair", "Good", "Very good"],
        "source_id": "s"}), None)
    view = dw.scenario_view(mini_res, res, sc, bands, "id").set_index("Butir")
    assert list(view.columns) == ["Hari ini (resmi)", "Skenario: SPBE 3,8", "Perubahan"]
    spbe = view.loc["Indikator · Indeks SPBE (indeks 0-5) ✎"]
    assert list(spbe) == ["2,00 · Cukup", "3,80 · Sangat Baik", "+1,80"]
    assert view.loc["Pilar · Digital"].tolist() == ["30,0", "57,0", "+27,0"]
    assert view.loc["Peringkat"].tolist() == ["4 dari 4", "2 dari 4", "▲ 2"]
    assert view.loc["Pilar · Pelayanan", "Perubahan"] == ""
    both = dw.scenarios_view(mini_res, [(sc, res)], mini.region_labels(), "en")
    assert both.iloc[0]["Scenario"] == "Scenario: SPBE 3,8"
    assert both.iloc[0]["Rank today"] == "4" and both.iloc[0]["Rank in scenario"] == "2"


def test_plan_view_and_text(mini, spec, labels):
    bands = {"spbe_index": [(0.0, "Kurang"), (2.6, "Baik"), (3.5, "Sangat Baik")]}
    plan = _quiet(plan_target, mini.framework, mini.observations, spec, "64.72", parse_goal("score:60"),
                  PlanOptions(bands=bands), regions=mini.regions)
    assert plan.reached
    view = dw.plan_view(plan, mini.framework, "en")
    assert list(view.columns) == ["Indicator", "Today", "Target", "Change", "Effort (share of range)",
                                  "Valid range", "Next band", "To next band"]
    assert len(view) == len(plan.actions) >= 1
    first = plan.actions[0]
    assert view.iloc[0]["Indicator"] == mini.framework.node(first["indicator"]).name("en")
    words = dw.plan_text(plan, labels, "en")
    assert words[0].startswith("Plan verified") and "→" in words[1]
    met = _quiet(plan_target, mini.framework, mini.observations, spec, "32.76", parse_goal("score:10"),
                 regions=mini.regions)
    assert dw.plan_text(met, labels, "id") == ["Tujuan sudah tercapai: Depok tidak perlu perubahan."]
