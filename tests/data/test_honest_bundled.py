"""The honest-comparison rules on the bundled data (issue 9): no index below the sufficiency rule, Balikpapan vs
Depok like for like, the framework's corrected scales agree with the sourced tables, change on a constant basis."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import readiness
from readiness.analysis import compare
from readiness.display import change, tables

BALIKPAPAN, DEPOK = "64.71", "32.76"


@pytest.fixture(scope="module")
def spec() -> readiness.ScoringSpec:
    """The dashboard's defaults (readiness_app/settings.toml): goalposts, window 3, the default sufficiency rule."""
    return readiness.ScoringSpec(year=2024, window=3, normalise="goalposts")


@pytest.fixture(scope="module")
def rule_res(ds, spec) -> readiness.Result:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return readiness.score(ds.framework, ds.observations, spec, regions=ds.regions)


def test_no_region_below_the_rule_has_an_index(ds, spec):
    """The sufficiency rule of the extended index (the whole framework); the core index requires every core
    indicator instead (tests/data/test_core_screen.py)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        rule_res = readiness.score(ds.framework, ds.observations, spec.but(index="extended"), regions=ds.regions)
    fw = ds.framework
    pillars = [rule_res.node_ids.index(p) for p in fw.pillars()]
    pillar_scored = ~np.isnan(rule_res.values[:, pillars])
    index = rule_res.values[:, -1]
    assert (pillar_scored.sum(axis=1)[~np.isnan(index)] >= 2).all()
    assert (rule_res.coverage[:, pillars][pillar_scored] >= 0.5 - 1e-12).all()
    assert np.isnan(index[pillar_scored.sum(axis=1) < 2]).all()
    # the regions the issue names: Kabupaten Bekasi (one figure) and Penajam Paser Utara have no index in 2024
    assert not rule_res.meets_rule("32.16") and not rule_res.meets_rule("64.09")
    assert any(n.kind == "insufficient" for n in rule_res.notes)


def test_balikpapan_vs_depok_like_for_like_puts_ombudsman_on_balikpapans_side(ds, spec):
    lfl = compare.like_for_like(ds.framework, ds.observations, spec, [BALIKPAPAN, DEPOK], ds.method_periods)
    table = compare.gap_table(lfl, BALIKPAPAN, DEPOK).set_index("indicator")
    omb = table.loc["ombudsman_compliance_score"]
    assert omb["value_a"] > omb["value_b"] and omb["contribution"] > 0
    assert table["contribution"].sum() == pytest.approx(lfl.result.score_of(BALIKPAPAN) - lfl.result.score_of(DEPOK))
    # indicators Depok lacks are "not comparable", never Balikpapan "advantages"
    for ind in ("spm_index", "mpp_in_operation", "change_projects"):
        assert not table.loc[ind, "comparable"] and np.isnan(table.loc[ind, "contribution"])
    # like for like by year (issue 19): both have an SPBE of 2022, so 2022 is used for both (not Depok's 2024)
    assert (table.loc["spbe_index", "year_a"], table.loc["spbe_index", "year_b"]) == (2022, 2022)


@pytest.mark.parametrize("year", [2024, 2025])
def test_balikpapan_vs_depok_spbe_uses_2022_for_both(ds, spec, year):
    lfl = compare.like_for_like(ds.framework, ds.observations, spec.but(year=year), [BALIKPAPAN, DEPOK],
                                ds.method_periods)
    spbe = compare.gap_table(lfl, BALIKPAPAN, DEPOK).set_index("indicator").loc["spbe_index"]
    assert lfl.years["spbe_index"] == 2022 and spbe["comparable"] and spbe["reason"] == ""
    assert (spbe["value_a"], spbe["year_a"], spbe["value_b"], spbe["year_b"]) == (3.05, 2022, 3.42, 2022)
    assert round(spbe["contribution"], 1) == -3.7  # (61.0 - 68.4) / 2 pillars, not -12.7 against Depok's 2024


def test_ikd_goalposts_are_the_sourced_national_target(ds):
    node = ds.framework.node("ikd_activation_pct")
    assert (node.goal_min, node.goal_max) == (0, ds.target("ikd_activation_pct", 2024))
    assert ds.target("ikd_activation_pct", 2023) == 25
    ikm = ds.framework.node("ikm_score")
    assert (ikm.goal_min, ikm.goal_max) == (25, 100)
    mpp = ds.framework.node("mpp_in_operation")
    assert (mpp.goal_min, mpp.goal_max) == (0, 1)
    for ind in ("ikd_activation_pct", "ikm_score", "mpp_in_operation"):
        assert ds.framework.node(ind).extra.get("scale_rationale_en"), ind


def test_bands_from_the_data(ds):
    assert ds.band_of("ip_asn_score", 95, 2024)["name_id"] == "Sangat Tinggi"
    assert ds.band_of("ombudsman_compliance_score", 95.57, 2024)["band_id"] == "A"
    assert ds.band_of("ombudsman_compliance_score", 90.34, 2025) is None  # 2025 method: bands not published
    assert ds.method_period("ombudsman_compliance_score", 2025)["from_year"] == 2025


def test_no_improver_because_a_figure_arrived(ds, spec):
    codes = list(ds.scored_regions()["code"])
    out = compare.change_on_constant_basis(ds.framework, ds.observations, spec, 2023, 2024, codes,
                                           ds.method_periods).set_index("region_code")
    # a region whose change would rest only on arrivals has no change; every change rests on a shared basis
    assert (out.loc[out["comparable"], "n_basis"] > 0).all()
    kukar = out.loc["64.02"]  # Kutai Kartanegara's 2024 Ombudsman figure arrives: it is an arrival, not a jump
    assert "ombudsman_compliance_score" in kukar["arrived"]
    assert "ombudsman_compliance_score" not in kukar["basis"]


def test_default_year_has_the_most_current_core_values(ds, spec):
    """The default year (DEFAULT_YEAR_RULE): no later year has as many study regions whose every core value is dated
    that year or the year before, and none has a majority of them (counted here from the years used)."""
    year = compare.default_year_of(ds, spec.but(year=None))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        results = readiness.score_years(ds.framework, ds.observations, spec, years=ds.years_with_data(),
                                        regions=ds.regions)
    cols = [ds.framework.indicators.index(i) for i in ds.framework.core]
    study = np.isin(results[year].regions, ds.study_regions())
    counts = {y: int((study & np.all(r.year_used[:, cols] >= y - 1, axis=1)).sum()) for y, r in results.items()}
    assert counts[year] == max(counts.values()) > 0
    assert all(counts[y] < counts[year] for y in counts if y > year)
    assert all(2 * counts[y] <= study.sum() for y in counts if y > year)


@pytest.mark.parametrize("index", ["core", "extended"])
def test_the_biggest_improver_has_an_index_in_both_years(ds, spec, index):
    # 2022 -> 2023, extended index: Kabupaten Bekasi rises on its own two-indicator basis, but has no index in 2023;
    # it is not named. With the core index it has both core indicators in both years: an index in both, comparable.
    codes = list(ds.scored_regions()["code"])
    out = compare.change_on_constant_basis(ds.framework, ds.observations, spec.but(index=index), 2022, 2023, codes,
                                           ds.method_periods)
    ok = out[out["comparable"]]
    assert ok["index_from"].notna().all() and ok["index_to"].notna().all()
    assert out.set_index("region_code").loc["32.16", "comparable"] == (index == "core")
    best = tables.constant_basis_improver(out)
    assert best is None or index == "core" or best["region_code"] != "32.16"


@pytest.mark.parametrize(("region", "year", "reason"), [
    (DEPOK, 2022, "method_break"),          # the raw index "rose 64.9 -> 81.6" across the Ombudsman's 2022 method
    (BALIKPAPAN, 2025, "no_new_figure"),    # the raw index "fell 78.1 -> 73.6": IKD arrived, nothing else is new
])
def test_no_rise_or_fall_across_a_break_or_an_arrival(ds, spec, region, year, reason):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        results = readiness.score_years(ds.framework, ds.observations, spec.but(year=None),
                                        years=ds.years_with_data(), regions=ds.regions)
        fact = change.region_change(ds, spec.but(year=year), results, region, year)
    assert fact.reason == reason and fact.direction == 0
    for lang in ("id", "en"):
        text = change.change_sentence(fact, region, ds.framework, lang)
        assert not any(f" {v} " in f" {text} " for v in change.VERBS[lang]), text
