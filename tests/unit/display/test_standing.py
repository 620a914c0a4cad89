"""Where one region stands ("my city", readiness.display.standing), on the hand-made fixture: what keeps a region out
of the ranking, which region it is compared with, and the comparison in words on the like-for-like basis only."""

from __future__ import annotations

import pandas as pd
import pytest

from readiness.analysis.compare import gap_table, like_for_like
from readiness.display import standing, tables


def _pairs(mini, res, region):
    return lambda other: like_for_like(mini.framework, mini.observations, res.spec, [region, other])


def test_missing_indicators_name_what_the_region_lacks(mini, mini_rule_res):
    # Bekasi has only the Ombudsman score and, in 2024, an IKD figure out of the window: four indicators missing
    assert standing.missing_indicators(mini_rule_res, "32.75") == ["spbe_index", "ikd_pct", "mpp_years", "asn_abroad"]
    assert standing.missing_indicators(mini_rule_res, "35.78") == list(mini.framework.indicators)  # no figure at all


def test_the_region_just_above_comes_first_then_the_one_below():
    table = pd.DataFrame({"region_code": list("abcde"), "name": list("ABCDE"),
                          "rank": [1.0, 2.0, 3.0, 4.0, float("nan")]})
    assert standing.comparison_targets(table, "c") == ["b", "d", "a"]  # above before below at the same distance
    assert standing.comparison_targets(table, "a") == ["b", "c", "d"]  # the first: the one just below
    assert standing.comparison_targets(table, "e") == ["d", "c", "b", "a"]  # unranked: from the last ranked up


def test_the_comparison_is_with_the_first_region_that_has_a_like_for_like_score(mini, mini_res):
    table = tables.ranking_table(mini_res, mini)
    other, pair = standing.pick_comparison(table, "64.71", _pairs(mini, mini_res, "64.71"))
    assert other == "32.76"  # Depok, ranked just above Balikpapan
    text = standing.comparison_text(pair, "64.71", other, mini.region_labels(), "en")
    shared = pair.result.score_of("64.71"), pair.result.score_of("32.76")
    assert text.startswith("Compared like for like with **Depok**")
    assert f"{shared[0]:.1f}" in text and f"{shared[1]:.1f}" in text  # the scores on the shared basis...
    assert f"{mini_res.score_of('64.71'):.1f}" not in text  # ...never the full-framework score
    gap = gap_table(pair, "64.71", "32.76")
    top = gap.loc[gap["contribution"].abs().idxmax()]
    assert mini.framework.node(top["indicator"]).name("en") in text and "Largest gap" in text
    indonesian = standing.comparison_text(pair, "64.71", other, mini.region_labels(), "id")
    assert indonesian.startswith("Dibandingkan setara dengan **Depok**") and "Selisih terbesar" in indonesian


def test_without_a_shared_score_the_comparison_says_so(mini, mini_rule_res):
    table = tables.ranking_table(mini_rule_res, mini)
    other, pair = standing.pick_comparison(table, "35.78", _pairs(mini, mini_rule_res, "35.78"))
    text = standing.comparison_text(pair, "35.78", other, mini.region_labels(), "id")
    assert "tidak punya cukup indikator bersama" in text  # Surabaya has no figure: nothing to compare


def test_no_ranked_region_no_comparison(mini, mini_res):
    table = tables.ranking_table(mini_res, mini).assign(rank=float("nan"))
    assert standing.pick_comparison(table, "64.71", _pairs(mini, mini_res, "64.71")) is None


@pytest.mark.parametrize(("lang", "ranked", "unranked"), [
    ("id", "Peringkat **2 dari 3**", "**data belum cukup**"),
    ("en", "Rank **2 of 3**", "**not enough data**"),
])
def test_standing_in_words(mini, mini_rule_res, lang, ranked, unranked):
    table = tables.ranking_table(mini_rule_res, mini)
    assert standing.standing_text(table, "64.71", lang).startswith(ranked)
    assert standing.standing_text(table, "64.71", lang, "X").endswith("; X")  # the interval follows the rank
    assert unranked in standing.standing_text(table, "32.75", lang)
