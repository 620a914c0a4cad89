"""Unit tests of readiness.geo.mapdata on hand-made tables (synthetic figures and band tables, not the bundled
data): the band of each region's latest published value through the dataset's one band lookup."""

from __future__ import annotations

import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.geo.mapdata import BAND_EXTRA, band_indicators, band_legend, band_values, score_values
from readiness.model.datasets import Dataset

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
#: Hand-made band tables (synthetic, for tests): spbe_index from 2018; ombudsman_score from 2022, whose method
#: changed in 2025 without a published band table.
BANDS = pd.DataFrame({
    "indicator": ["spbe_index"] * 5 + ["ombudsman_score"] * 2,
    "period_from_year": [2018] * 5 + [2022] * 2,
    "lower_bound": [0, 1.8, 2.6, 3.5, 4.2, 0, 78], "upper_bound": [1.79, 2.59, 3.49, 4.19, 5, 77.99, 100],
    "band_id": ["kurang", "cukup", "baik", "sangat_baik", "memuaskan", "C", "B"],
    "name_id": ["Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan", "Zona C", "Zona B"],
    "name_en": ["Poor", "Fair", "Good", "Very good", "Excellent", "C zone", "B zone"],
    "source_id": "s1",
})
PERIODS = pd.DataFrame({"indicator": ["ombudsman_score", "ombudsman_score"], "from_year": [2022, 2025],
                        "to_year": [2024, None], "source_id": ["s1", "s1"]})


@pytest.fixture
def dataset():
    observations = pd.DataFrame({
        "region_code": ["64.71", "64.71", "64.72", "32.76", "32.75", "64.71", "64.72", "32.76", "64.09"],
        "indicator": ["spbe_index", "spbe_index", "spbe_index", "spbe_index", "spbe_index", "ombudsman_score",
                      "ombudsman_score", "ombudsman_score", "spbe_index"],
        "year": [2021, 2023, 2019, 2024, 2021, 2024, 2023, 2025, 2024],
        "value": [2.0, 3.05, 3.9, 4.3, 1.5, 95.0, 70.0, 90.34, 4.5],
        "source_id": ["s1", "s2", "s1", "s2", "s1", "s1", "s1", "s2", "s1"],
        "derived": [False] * 8 + [True],
    })
    labels = pd.DataFrame({"region_code": ["64.71", "64.71"], "indicator": ["spbe_predikat", "spbe_predikat"],
                           "year": [2021, 2023], "label": ["Cukup", "Baik"], "source_id": ["s1", "s2"]})
    sources = pd.DataFrame({"id": ["s1", "s2"], "title": ["Decree", "News"], "publisher": ["KemenPANRB", None]})
    regions = pd.DataFrame({"code": ["64.71", "64.72", "32.76", "32.75", "64.09"],
                            "name": ["Kota A", "Kota B", "Kota C", "Kota D", "Kab E"],
                            "short_name": ["A", "B", "", "D", "E"]})
    empty = pd.DataFrame()
    return Dataset(readiness.load_framework(MINI / "framework.yaml"), empty, regions, observations, sources, empty,
                   labels, empty, PERIODS, BANDS)


def test_band_values_band_worked_out_from_the_latest_value_in_the_window(dataset):
    out = band_values(dataset, "spbe_index", year=2024, window=3, lang="id")
    # 64.72's 2019 value is outside 2021-2024; 64.71 takes 2023 over 2021; 32.75's 2021 value (year - window) counts,
    # as on the results board; 64.09's value is derived (not published): left out
    assert out[["code", "value", "band", "year", "source", "label", "published"]].to_dict("records") == [
        {"code": "32.75", "value": 1.5, "band": "Kurang", "year": 2021, "source": "Decree (KemenPANRB)",
         "label": "D", "published": None},
        {"code": "32.76", "value": 4.3, "band": "Memuaskan", "year": 2024, "source": "News", "label": "Kota C",
         "published": None},
        {"code": "64.71", "value": 3.05, "band": "Baik", "year": 2023, "source": "News", "label": "A",
         "published": "Baik"}]
    assert out["band_id"].tolist() == ["kurang", "memuaskan", "baik"]
    assert out["band_rank"].tolist() == [0, 4, 2] and out["n_bands"].tolist() == [5, 5, 5]


def test_band_names_in_the_reader_language(dataset):
    assert band_values(dataset, "spbe_index", 2024, 3, "en")["band"].tolist() == ["Poor", "Excellent", "Good"]
    legend = band_legend(dataset, "spbe_index", band_values(dataset, "spbe_index", 2024, 3, "en"), 2024, "en")
    assert legend["band"].tolist() == ["Poor", "Fair", "Good", "Very good", "Excellent"]
    assert legend["rank"].tolist() == [0, 1, 2, 3, 4] and set(legend["n_bands"]) == {5}


def test_no_band_after_a_method_break_without_a_band_table(dataset):
    out = band_values(dataset, "ombudsman_score", year=2025, window=3, lang="en").set_index("code")
    assert out.loc["64.71", "band"] == "B zone" and out.loc["64.72", "band"] == "C zone"
    assert out.loc["32.76", "band"] is None and out.loc["32.76", "value"] == 90.34  # kept, drawn grey
    assert np.isnan(out.loc["32.76", "band_rank"])
    legend = band_legend(dataset, "ombudsman_score", out.reset_index(), 2025, "en")
    assert legend["band"].tolist() == ["C zone", "B zone"]  # the table the values were looked up in
    only_2025 = band_values(dataset, "ombudsman_score", year=2025, window=0)
    assert only_2025["band"].tolist() == [None]
    assert band_legend(dataset, "ombudsman_score", only_2025, 2025).empty  # no table in force in 2025


def test_band_legend_without_banded_values_is_the_table_in_force(dataset):
    none = band_values(dataset, "spbe_index", year=2016, window=1)
    assert len(none) == 0
    assert list(none.columns) == ["code", "value", "band", "year", "source", "label", "published", *BAND_EXTRA]
    assert band_legend(dataset, "spbe_index", none, 2020, "id")["band"].tolist() == [
        "Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan"]
    assert band_legend(dataset, "spbe_index", none, 2016, "id").empty  # before the first table


def test_band_indicators_follow_the_framework_order(dataset):
    assert band_indicators(dataset) == ["spbe_index", "ombudsman_score"]


def test_score_values_index_and_indicator():
    fw = readiness.framework_from_frame(pd.DataFrame({
        "id": ["index", "x", "y"], "parent": ["", "index", "index"], "weight": ["", "1", "1"],
        "direction": ["", "1", "1"], "goal_min": ["", "0", "0"], "goal_max": ["", "10", "10"],
    }))
    obs = pd.DataFrame({"region_code": ["64.71", "64.72", "64.71"], "indicator": ["x", "x", "y"],
                        "year": [2023, 2024, 2024], "value": [5.0, 10.0, 2.0], "source_id": ["s1", "s2", "s1"]})
    sources = pd.DataFrame({"id": ["s1", "s2"], "title": ["A", "B"], "publisher": ["P", "Q"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = readiness.score(fw, obs, year=2024, window=2, normalise="goalposts", regions=["64.71", "64.72", "32.76"],
                              pillar_min_coverage=0, index_min_pillars=0)  # the rule is tested elsewhere
    ds = SimpleNamespace(sources=sources, regions=pd.DataFrame({"code": ["64.71", "64.72"], "name": ["Kota A", "Kota B"],
                                                                "short_name": ["A", ""]}))
    x = score_values(res, ds, "x")
    assert x["code"].tolist() == ["64.71", "64.72"]  # 32.76 has no figure: left out, not 0
    assert x["value"].tolist() == pytest.approx([50.0, 100.0])
    assert x["year"].tolist() == [2023, 2024]
    assert x["source"].tolist() == ["A (P)", "B (Q)"]
    assert x["label"].tolist() == ["A", "Kota B"]  # short name, else the name
    index = score_values(res, ds, "index")
    assert index["year"].tolist() == [2024, 2024]
    assert index["value"].tolist() == pytest.approx([35.0, 100.0])
