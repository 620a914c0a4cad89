"""Page-ready tables on the hand-made mini dataset (tests/fixtures/mini), with answers worked out by hand:
ranking, headlines, strengths and weaknesses, raw figures with sources, trends, comparability."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.analysis.compare import default_year_of
from readiness.display import board, tables
from readiness.display.i18n import strings
from readiness.pipeline.provenance import MethodUsed


@pytest.fixture(scope="module")
def both(mini_res, mini_res_2023):
    return {2023: mini_res_2023, 2024: mini_res}


def test_years_and_default_year(mini):
    assert mini.years_with_data() == [2022, 2023, 2024]  # derived MPP years do not add years
    assert default_year_of(mini) == 2024  # four regions with published figures


def test_ranking_table_sorted_with_contributions(mini, both):
    table = tables.ranking_table(both[2024], mini)
    assert list(table["region_code"]) == ["32.76", "64.71", "32.75", "64.72", "35.78"]
    assert list(table["score"].iloc[:4]) == pytest.approx([88.75, 65.625, 60.0, 55.0])
    assert np.isnan(table["score"].iloc[-1])  # Surabaya: no figure, last
    contrib = table[[c for c in table.columns if c.startswith("contrib_")]].sum(axis=1)
    np.testing.assert_allclose(contrib.iloc[:4], table["score"].iloc[:4])
    bpp = table.set_index("region_code").loc["64.71"]
    assert (bpp["year_from"], bpp["year_to"]) == (2022, 2024)  # SPBE 2022 used within the window; 2024 figures
    # coverage counts only available weight: asn_abroad (one region, no fixed scale) is set aside -> 0.775 / 0.9
    assert bpp["coverage"] == pytest.approx(0.775 / 0.9) and not bpp["low_coverage"]
    assert table.set_index("region_code").loc["32.75", "low_coverage"]  # 30 % coverage


def test_ranking_table_filters_groups(mini, both):
    table = tables.ranking_table(both[2024], mini, groups=["north"])
    assert list(table["region_code"]) == ["64.71", "64.72"]


def test_headline_uses_the_headline_groups_of_the_data(mini, both):
    head = tables.headline(both[2024], mini)
    assert head["scored"] == 4 and head["total"] == 5
    assert head["group_means"] == pytest.approx({"north": (65.625 + 55.0) / 2, "south": (88.75 + 60.0) / 2})
    assert "improver" not in head  # no difference of two years' indices: constant_basis_improver only


def test_raw_values_have_sources_and_labels(mini):
    raw = tables.raw_values(mini, "64.71")
    spbe = raw[(raw["indicator"] == "spbe_index") & (raw["year"] == 2022)].iloc[0]
    assert spbe["value"] == 3.0 and spbe["label"] == "Baik" and spbe["url"] == "https://example.org/a"
    ombudsman = raw[(raw["indicator"] == "ombudsman_score") & (raw["year"] == 2024)].iloc[0]
    assert ombudsman["label"] == "Hijau"  # the published label links come from the framework file
    assert (raw["indicator"] == "mpp_years").sum() == 1  # one row for a years-since indicator


def test_published_years_and_trend_mask_derived_only_years(mini):
    assert tables.published_years(mini, "64.71", [2021, 2022, 2023, 2024], window=0) == [2022, 2023, 2024]
    assert tables.published_years(mini, "32.75", [2022, 2023, 2024], window=0) == [2024]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        results = readiness.score_years(mini.framework, mini.observations, regions=mini.regions, window=0,
                                        years=[2022, 2023, 2024], normalise="goalposts",
                                        pillar_min_coverage=0, index_min_pillars=0)  # Bekasi: one pillar
    trends = board.basis_trends(results, mini, 0, {"32.75": ("32.75", None), "64.71": ("64.71", "digital")})
    bekasi = trends["32.75"].set_index("year")
    assert list(bekasi.index) == [2024] and bekasi.loc[2024, "score"] == pytest.approx(60.0)
    assert list(trends["64.71"]["year"]) == [2022, 2023, 2024]


def test_comparability_reads_the_engine_status(both):
    table = tables.comparability(both[2024]).set_index("indicator")
    assert table.loc["asn_abroad", "status"] == "single"  # only Balikpapan reports training abroad
    assert table.loc["spbe_index", "status"] == "ok" and table.loc["spbe_index", "n_regions"] == 3
    assert table.loc["ikd_pct", "method"] == MethodUsed("minmax", fallback="no_goalposts")


def test_views_have_localisable_columns(mini, both):
    keys = {k.split(".", 1)[1] for k in strings("en") if k.startswith("columns.")}
    frames = [tables.events_view(tables.region_events(mini, "64.71"), "en"),
              tables.raw_view(tables.raw_values(mini, "64.71"), mini.framework, "en"),
              tables.gap_view(readiness.explain_gap(both[2024], "64.71", "32.76"), mini.framework, "en"),
              tables.framework_view(mini.framework, "en"), tables.sources_view(mini), tables.undated_view(mini, "en"),
              tables.methods_view(both[2024], "en")]
    for frame in frames:
        assert set(frame.columns) <= keys, set(frame.columns) - keys
        assert len(frame)


def test_method_labels_are_translated_from_typed_records():
    assert tables.method_label(MethodUsed("minmax", fallback="no_goalposts"), "id") == "min-max (tanpa skala tetap)"
    assert tables.method_label(MethodUsed("goalposts"), "en") == "goalposts (fixed official scale)"
    assert tables.method_label(MethodUsed("target", target=5.0), "en") == "distance to target 5"


def test_map_view_table_names_groups_from_the_data(mini, mini_res):
    view = tables.map_view_table(tables.map_points(mini_res, mini), "en", mini.group_names("en"))
    assert view["region"].iloc[0] == "Balikpapan"  # nearest to IKN first
    assert set(view["group"]) == {"North group", "South group"}


def test_the_biggest_improver_is_a_real_increase_on_a_comparable_basis():
    import pandas as pd

    changes = pd.DataFrame({"region_code": ["a", "b", "c"], "change": [0.01, -3.0, 12.0],
                            "comparable": [True, True, False], "basis": ["x", "x", ""], "arrived": ["", "", ""]})
    assert tables.constant_basis_improver(changes) is None  # +0.01 reads as +0.0; c has no comparable basis
    changes.loc[0, "change"] = 2.5
    assert tables.constant_basis_improver(changes)["region_code"] == "a"


def test_the_biggest_improver_is_one_of_the_ranked_regions():
    """A benchmark's larger rise does not make it the improver when only the study regions are ranked."""
    import pandas as pd

    import readiness

    changes = pd.DataFrame({"region_code": ["a", "bench"], "change": [2.5, 20.0], "comparable": [True, True],
                            "basis": ["x", "x"], "arrived": ["", ""]})
    spec = readiness.ScoringSpec(study=("a",))
    assert tables.constant_basis_improver(changes, spec)["region_code"] == "a"
    assert tables.constant_basis_improver(changes, spec.but(rank_among="all"))["region_code"] == "bench"


def test_framework_view_gives_the_core_weights_when_the_index_is_the_core(mini):
    frame = mini.framework.to_frame()
    chosen = [mini.framework.indicators[0], mini.framework.indicators[-1]]  # one per pillar
    frame["core"] = ["true" if i in chosen else "" for i in frame["id"]]
    frame["core_rationale"] = ["passes the screen" if i in chosen else "" for i in frame["id"]]
    fw = readiness.framework_from_frame(frame, source="mini with a core")
    core_share = dict(zip(fw.indicators, fw.core_weights(), strict=True))
    extended = tables.framework_view(fw, "en").set_index(pd.Index(fw.indicators))["effective_weight"]
    core = tables.framework_view(fw, "en", core=True).set_index(pd.Index(fw.indicators))["effective_weight"]
    assert fw.core and set(fw.core) < set(fw.indicators)
    for ind in fw.indicators:
        assert extended[ind] == f"{fw.effective_weight(ind) * 100:.1f}%"
        assert core[ind] == (f"{core_share[ind] * 100:.1f}%" if ind in fw.core else "–")
    assert sum(float(core[i].rstrip("%")) for i in fw.core) == pytest.approx(100, abs=0.1)
    # the weights come right after the names, so they are in sight at 1280 px
    assert list(tables.framework_view(fw, "en").columns[:4]) == ["pillar", "indicator", "weight", "effective_weight"]


@pytest.mark.parametrize(("value", "lang", "shown"), [("3.72", "id", "3,72"), ("3.72", "en", "3.72"),
                                                       ("4041", "id", "4.041"), ("4041", "en", "4,041"),
                                                       ("3.8", "id", "3,8"), ("Sangat Baik", "id", "Sangat Baik"),
                                                       ("Hijau", "en", "Hijau")])
def test_an_undated_figure_is_shown_in_the_readers_convention_with_its_published_decimals(value, lang, shown):
    assert tables.published_text(value, lang) == shown
