"""Data texts in the chosen language: ``localised`` picks a table's ``_id``/``_en`` column and falls back to the
sourced column; ``Node.unit_in`` picks the unit of the language; ``measure_name`` never returns a raw id of a known
measure."""

from __future__ import annotations

import pandas as pd

from readiness.display.i18n import localised
from readiness.display.tables import measure_name
from readiness.model.framework import framework_from_frame


def test_localised_picks_the_language_and_falls_back_to_the_source():
    frame = pd.DataFrame({"title": ["MPP opened", "Award"], "title_id": ["MPP dibuka", None],
                          "title_en": ["MPP opened", ""]})
    assert list(localised(frame, "title", "id")) == ["MPP dibuka", "Award"]
    assert list(localised(frame, "title", "en")) == ["MPP opened", "Award"]
    assert list(localised(frame.drop(columns=["title_id", "title_en"]), "title", "id")) == ["MPP opened", "Award"]


def _framework(**unit_columns: str):
    rows = [{"id": "root", "parent": None, "weight": None, "direction": None, "unit": "", "name_id": "Indeks",
             "name_en": "Index"},
            {"id": "ind_a", "parent": "root", "weight": 1, "direction": 1, "unit": "indeks 0-100",
             "name_id": "Indikator A", "name_en": "Indicator A", **unit_columns}]
    return framework_from_frame(pd.DataFrame(rows))


def test_unit_in_each_language_with_the_published_unit_as_fallback():
    fw = _framework(unit_id="indeks 0-100", unit_en="index 0-100")
    assert fw.node("ind_a").unit_in("id") == "indeks 0-100"
    assert fw.node("ind_a").unit_in("en") == "index 0-100"
    assert _framework().node("ind_a").unit_in("en") == "indeks 0-100"
    assert "unit_en" in fw.to_frame().columns
    assert fw.node("ind_a").extra == {}  # unit_id/unit_en are known fields, not extras


def test_measure_name_of_indicators_labels_and_unknown_measures():
    fw = _framework()
    assert measure_name(fw, "ind_a", "en") == "Indicator A"
    assert measure_name(fw, "spbe_predikat", "id") == "Predikat SPBE"
    assert measure_name(fw, "spbe_predikat", "en") == "SPBE rating (predikat)"
    assert measure_name(fw, "not_a_measure", "en") == "not_a_measure"
