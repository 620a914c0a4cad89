"""Page-ready tables: ranking, headlines, strengths and weaknesses, raw figures with sources, trends."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import readiness
from readiness import report


@pytest.fixture(scope="module")
def both(res, res_2023):
    return {2023: res_2023, 2024: res}


def test_years_and_default_year(ds):
    years = report.years_with_data(ds)
    assert years[0] == 2014 and 2024 in years and 2026 not in years  # 2026 holds derived MPP years only
    assert report.default_year(ds) == 2024


def test_colors_are_stable_and_distinct(ds):
    colors = report.region_colors(ds)
    scored = list(ds.scored_regions()["code"])
    assert len({colors[c] for c in scored}) == len(scored)
    assert colors == report.region_colors(ds)


def test_ranking_table_sorted_with_contributions(ds, both):
    table = report.ranking_table(both[2024], ds)
    scores = table["score"].dropna()
    assert list(scores) == sorted(scores, reverse=True)
    unscored = int(table["score"].isna().sum())
    assert unscored >= 1 and table["score"].isna().iloc[-unscored:].all()  # unscored regions last
    contrib = table[[c for c in table.columns if c.startswith("contrib_")]].sum(axis=1)
    np.testing.assert_allclose(contrib[table["score"].notna()], table["score"].dropna())
    assert (table["low_coverage"] == (table["coverage"] < report.LOW_COVERAGE)).all()
    bpp = table.set_index("region_code").loc["64.71"]
    assert bpp["year_from"] == 2022 and bpp["year_to"] == 2024  # SPBE 2022 used within the window


def test_headline(ds, both):
    head = report.headline(both[2024], ds, both[2023])
    assert head["scored"] == 14 and head["total"] == 15  # Semarang has no 2024 figure
    assert head["previous_year"] == 2023
    scores = both[2024].scores_frame()["readiness"] - both[2023].scores_frame()["readiness"]
    assert head["improver"] == scores.idxmax()
    assert head["mean_ikn_buffer"] == pytest.approx(
        both[2024].scores_frame().loc[["64.71", "64.72", "64.74", "64.09", "64.02"], "readiness"].mean())


def test_strengths_and_weaknesses(ds, both):
    sw = report.strengths_weaknesses(both[2024], ds, "64.71", ["32.76", "36.71"])
    assert set(sw["kind"]) <= {"strength", "weakness"}
    assert (sw.loc[sw["kind"] == "strength", "difference"] > 0).all()
    spbe = sw.set_index("indicator").loc["spbe_index"]
    assert spbe["kind"] == "weakness"  # 3.05 vs Depok 4.32 and Tangerang 3.85
    assert report.strengths_weaknesses(both[2024], ds, "64.71", []).empty


def test_raw_values_have_sources_and_labels(ds):
    raw = report.raw_values(ds, "64.71")
    spbe = raw[(raw["indicator"] == "spbe_index") & (raw["year"] == 2022)].iloc[0]
    assert spbe["value"] == 3.05 and spbe["label"] == "Baik" and spbe["url"].startswith("https://")
    assert raw["title"].notna().all()
    assert (raw["indicator"] == "mpp_operating_years").sum() == 1  # one row for a years-since indicator


def test_published_years_and_trend_masks_derived_only_years(ds):
    years = report.published_years(ds, "64.71", list(range(2014, 2026)), window=3)
    assert years[0] == 2021  # first published Balikpapan figure: Ombudsman and SPBE 2021
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        results = readiness.score_years(ds.framework, ds.observations, regions=ds.regions, window=3,
                                        years=report.years_with_data(ds), normalise="goalposts")
    trend = report.node_trend(results, "64.71", ds, 3)
    assert trend.index[0] == 2021  # 2014-2020 scores rested on the derived MPP indicator alone
    table = report.trend_table(results, ["64.71", "32.76"], ds, 3)
    assert np.isnan(table.loc[2019, "64.71"]) and not np.isnan(table.loc[2015, "32.76"])


def test_comparability(both):
    table = report.comparability(both[2024]).set_index("indicator")
    assert table.loc["asn_trained_abroad", "status"] == "single"
    assert table.loc["asn_leadership_trained", "status"] == "none"
    assert table.loc["spbe_index", "status"] == "ok"


def test_views_have_localisable_columns(ds, both):
    from readiness.i18n import strings

    keys = {k.split(".", 1)[1] for k in strings("en") if k.startswith("columns.")}
    frames = [report.events_view(report.region_events(ds, "64.71"), "en"),
              report.raw_view(report.raw_values(ds, "64.71"), ds.framework, "en"),
              report.gap_view(readiness.explain_gap(both[2024], "64.71", "32.76"), ds.framework, "en"),
              report.framework_view(ds.framework, "en"), report.sources_view(ds), report.undated_view(ds, "en"),
              report.methods_view(both[2024], "en")]
    for frame in frames:
        assert set(frame.columns) <= keys, set(frame.columns) - keys
        assert len(frame)


def test_method_labels_are_translated():
    assert report.method_label("minmax (no goalposts)", "id") == "min-max (tanpa skala tetap)"
    assert report.method_label("goalposts", "en") == "goalposts (fixed official scale)"
    assert report.method_label("target 5", "en") == "distance to target 5"
