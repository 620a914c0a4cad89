"""Unit tests of readiness.geo.mapdata on hand-made tables (synthetic figures, not the bundled data)."""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.geo.mapdata import BAND_MEASURES, band_values, score_values


@pytest.mark.parametrize(("measure", "label", "band"), [
    ("spbe_predikat", "Sangat Baik", "Sangat Baik"), ("spbe_predikat", "baik", "Baik"),
    ("spbe_predikat", "Memuaskan", "Memuaskan"), ("spbe_predikat", "Excellent", None),
    ("ombudsman_zone", "Zona Hijau", "Hijau"), ("ombudsman_zone", "Kuning", "Kuning"),
    ("ombudsman_zone", "biru", None),
    ("ombudsman_opini", "A", "A"), ("ombudsman_opini", "Kualitas Tinggi (B)", "B"),
    ("ombudsman_opini", "B (Kualitas Tinggi)", "B"), ("ombudsman_opini", "Kualitas Tertinggi", "A"),
    ("ombudsman_opini", "Kualitas Tertinggi Tanpa Maladministrasi", "A"), ("ombudsman_opini", "Baik", None),
])
def test_published_labels_read_as_official_bands(measure, label, band):
    assert BAND_MEASURES[measure].read(label) == band


@pytest.fixture
def dataset():
    labels = pd.DataFrame({
        "region_code": ["64.71", "64.71", "64.72", "32.76", "32.75"],
        "indicator": ["spbe_predikat", "spbe_predikat", "spbe_predikat", "spbe_predikat", "ombudsman_zone"],
        "year": [2021, 2023, 2019, 2024, 2024],
        "label": ["Cukup", "Baik", "Baik", "Excellent", "Hijau"],
        "source_id": ["s1", "s2", "s1", "s2", "s1"],
    })
    observations = pd.DataFrame({"region_code": ["64.71", "64.71"], "indicator": ["spbe_index", "spbe_index"],
                                 "year": [2023, 2021], "value": [3.05, 2.0]})
    sources = pd.DataFrame({"id": ["s1", "s2"], "title": ["Decree", "News"], "publisher": ["KemenPANRB", None]})
    regions = pd.DataFrame({"code": ["64.71", "64.72", "32.76", "32.75"], "name": ["Kota A", "Kota B", "Kota C", "Kota D"],
                            "short_name": ["A", "B", "", "D"]})
    return SimpleNamespace(labels=labels, observations=observations, sources=sources, regions=regions)


def test_band_values_latest_within_window(dataset):
    out = band_values(dataset, "spbe_predikat", year=2024, window=3)
    # 64.72's 2019 label is outside 2022-2024; 32.76's label reads as no band; 64.71 takes 2023 over 2021
    assert out.to_dict("records") == [{"code": "64.71", "value": 3.05, "band": "Baik", "year": 2023,
                                       "source": "News", "label": "A", "published": "Baik"}]


def test_band_values_without_a_same_year_figure_has_nan_value(dataset):
    out = band_values(dataset, "spbe_predikat", year=2021, window=1)
    assert out["band"].tolist() == ["Cukup"]
    assert out["value"].tolist() == [2.0]
    out = band_values(dataset, "ombudsman_zone", year=2024, window=1)
    assert out["code"].tolist() == ["32.75"]
    assert np.isnan(out["value"].iloc[0])
    assert out["source"].tolist() == ["Decree (KemenPANRB)"]


def test_band_values_empty(dataset):
    out = band_values(dataset, "ombudsman_opini", year=2024)
    assert len(out) == 0
    assert list(out.columns) == ["code", "value", "band", "year", "source", "label", "published"]


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
