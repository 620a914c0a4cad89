"""A valid range is not a goalpost: the importer accepts a value above an indicator's target (IKD activation 35.2 %
against a goalpost and national target of 30 %), and that value scores at the top of the goalpost scale. The valid
range is the indicator's physical one (published scale, the unit's scale, 0-100 for a percentage)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import readiness
from readiness.model.datasets import load_rules
from readiness.model.schema import valid_range
from readiness.store.importer import ImportContext, Source, preview_edit, preview_file

DATA = Path(__file__).resolve().parents[2] / "data"
SOURCE = Source("Laporan uji (synthetic)", "Dinas Uji", "2025")


@pytest.fixture(scope="module")
def ctx() -> ImportContext:
    fw = readiness.load_framework(DATA / "framework.yaml")
    return ImportContext(framework=fw, regions=frozenset({"64.71", "64.72"}), sources={}, current={},
                         this_year=2026, periods=load_rules(DATA)["method_periods"])


def test_ikd_above_its_target_is_valid(ctx):
    node = ctx.framework.nodes["ikd_activation_pct"]
    assert (node.goal_max, node.target) == (30, 30)  # the goalpost is the national target
    preview = preview_edit(ctx, "64.71", {("ikd_activation_pct", 2025): "35.2"}, source=SOURCE)
    assert preview.ok, preview.problems()
    assert [(r.status, r.new) for r in preview.rows] == [("new", 35.2)]


def test_the_valid_range_is_the_physical_one(ctx, tmp_path):
    nodes = ctx.framework.nodes
    assert valid_range(nodes["ikd_activation_pct"]) == (0.0, 100.0)  # a percentage
    assert valid_range(nodes["spbe_index"]) == (0.0, 5.0)  # the unit's scale, "indeks 0-5"
    assert valid_range(nodes["ipp_score"]) == (1.0, 5.0)  # "indeks 1-5"
    assert valid_range(nodes["asn_leadership_trained"]) == (0.0, 100000.0)  # a count: the framework's stated range
    assert valid_range(nodes["spbe_index"], {"scale_min": 0, "scale_max": 4}) == (0.0, 4.0)  # the published scale
    path = tmp_path / "f.csv"
    path.write_text("region_code,indicator,year,value\n64.71,ikd_activation_pct,2025,100.5\n"
                    "64.72,ikd_activation_pct,2025,-0.1\n64.71,spbe_index,2024,5.2\n", encoding="utf-8")
    preview = preview_file(path, ctx, default_source=SOURCE)
    assert preview.problems() == [
        "f.csv row 2 column D ('value'): value 100.5 is outside the valid range 0 to 100 of ikd_activation_pct "
        "(% wajib KTP)",
        "f.csv row 3 column D ('value'): value -0.1 is outside the valid range 0 to 100 of ikd_activation_pct "
        "(% wajib KTP)",
        "f.csv row 4 column D ('value'): value 5.2 is outside the valid range 0 to 5 of spbe_index (indeks 0-5)",
    ]


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "NaN", "1e309", "-Infinity", "2e15"])
def test_non_finite_values_are_still_refused(ctx, value):
    preview = preview_edit(ctx, "64.71", {("asn_leadership_trained", 2024): value}, source=SOURCE)
    assert not preview.ok
    assert preview.problems() == [f"64.71 asn_leadership_trained 2024: must be a number, got {value!r} (finite, "
                                  "within +-1e+15)"]
    assert [r.status for r in preview.rows] == ["rejected"]


def test_a_value_above_the_target_scores_at_the_top(ctx):
    fw = ctx.framework
    obs = pd.DataFrame({"region_code": ["64.71", "64.72"], "indicator": ["ikd_activation_pct"] * 2,
                        "year": [2025, 2025], "value": [35.2, 15.0]})
    result = readiness.score(fw, obs, readiness.ScoringSpec(year=2025, normalise="goalposts"))
    scores = result.scores_frame()["ikd_activation_pct"]
    assert scores["64.71"] == 100.0  # above the goalpost of 30: capped at the top of the scale
    assert scores["64.72"] == pytest.approx(50.0)


def test_an_indicator_without_goalposts_or_range_takes_no_value(tmp_path):
    fw_path = tmp_path / "framework.csv"
    fw_path.write_text("id,parent,weight,direction,goal_min,goal_max,unit,name_id,name_en\n"
                       "index,,1,,,,,Indeks,Index\n"
                       "bounded,index,1,1,0,10,skor,Terbatas,Bounded\n"
                       "open,index,1,1,,,orang,Terbuka,Open\n", encoding="utf-8")
    ctx = ImportContext(framework=readiness.load_framework(fw_path), regions=frozenset({"64.71"}), sources={},
                        current={}, this_year=2026)
    preview = preview_edit(ctx, "64.71", {("open", 2024): "-5", ("open", 2025): "1e14", ("bounded", 2024): "12"},
                           source=SOURCE)
    reasons = {(r.indicator, r.year): r.reasons for r in preview.rows}
    assert reasons[("open", 2024)] == reasons[("open", 2025)] == [
        "open has no goalposts and no valid range; state its plausible range (valid_min, valid_max) in the "
        "framework before importing values / indikator ini belum punya rentang wajar (valid_min, valid_max) di "
        "kerangka"]
    assert reasons[("bounded", 2024)] == []  # goalposts are no limit: 12 against 0-10 is a valid value
