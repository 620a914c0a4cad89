"""The gap register and the national context tables (readiness/model/context.py): schema errors that name the file,
row and column; cross-checks against the band table in force; the cells a register must cover. Hand-made fixtures
(a copy of tests/fixtures/mini with the two tables added)."""

from __future__ import annotations

import pandas as pd
import pytest
from context_fixture import CONTEXT, GAPS, folder

import readiness
from readiness.errors import DataError
from readiness.model.context import band_ids, gap_cells, register_problems
from readiness.model.datasets import load_table


def test_a_folder_with_both_tables_loads_them_typed(tmp_path):
    ds = readiness.load_dataset(folder(tmp_path))
    assert list(ds.gaps["status"]) == ["not_found", "not_published", "not_found"]
    assert ds.context.set_index("id").loc["omb-2023-kota-hijau", "count"] == 53
    assert ds.context.set_index("id").loc["spbe-2022-all", "value"] == pytest.approx(2.5)


def test_a_folder_without_them_has_empty_tables(tmp_path):
    ds = readiness.load_dataset(folder(tmp_path, context=None, gaps=None))
    assert ds.gaps.empty and ds.context.empty
    assert {"status", "searched"} <= set(ds.gaps.columns)


def test_gap_rows_need_a_source_or_where_searched(tmp_path):
    bad = GAPS.replace("not_found,,\"pages: 'SPBE Balikpapan 2023'\"", "not_found,,") \
              .replace("not_published,src-a", "not_published,")
    path = folder(tmp_path, gaps=bad) / "gaps.csv"
    with pytest.raises(DataError) as err:
        load_table(path, "gaps")
    text = str(err.value)
    assert "gaps.csv row 2 column 'searched'" in text and "where it was searched" in text
    assert "gaps.csv row 3 column 'source_id'" in text and "the source that says so" in text


def test_a_gap_status_outside_the_list_is_named(tmp_path):
    path = folder(tmp_path, gaps=GAPS.replace("not_published", "missing")) / "gaps.csv"
    with pytest.raises(DataError, match=r"gaps.csv row 3 column 'status'.*not_published, not_found"):
        load_table(path, "gaps")


def test_context_rows_are_checked_cell_by_cell(tmp_path):
    bad = (CONTEXT.replace(",53,98,", ",99,98,").replace("kota,national,distribution,C", "kecamatan,national,"
                                                                                       "distribution,C")
           .replace(",600,,2.5,", ",600,,,"))
    path = folder(tmp_path, context=bad) / "context.csv"
    with pytest.raises(DataError) as err:
        load_table(path, "context")
    text = str(err.value)
    assert "context.csv row 2 column 'count'" in text and "more than the 98 assessed" in text
    assert "context.csv row 3 column 'level'" in text
    assert "context.csv row 5 column 'value'" in text and "an average needs its value" in text


def test_a_context_row_without_its_quote_is_an_error(tmp_path):
    path = folder(tmp_path, context=CONTEXT.replace('"42 kuning"', "")) / "context.csv"
    with pytest.raises(DataError, match=r"context.csv row 3 column 'quote'"):
        load_table(path, "context")


def test_context_bands_must_be_bands_in_force_that_year(tmp_path):
    with pytest.raises(DataError) as err:
        readiness.load_dataset(folder(tmp_path, context=CONTEXT.replace("A+B,zona hijau", "A+Z,zona hijau")
                                      .replace("2023,kota,national,distribution,C", "2021,kota,national,"
                                                                                    "distribution,C")))
    text = str(err.value)
    assert "context.csv row 2 column 'band_ids': 'Z' not among the bands in force in 2023: D, C, B, A" in text
    assert "context.csv row 3 column 'band_ids': no band table of 'ombudsman_score' is in force in 2021" in text


def test_register_rows_name_known_regions_indicators_and_sources(tmp_path):
    bad = GAPS.replace("64.72,ombudsman_score", "64.09,ombudsman_scor").replace("not_published,src-a", "not_published,"
                                                                                "src-x")
    with pytest.raises(DataError) as err:
        readiness.load_dataset(folder(tmp_path, gaps=bad))
    text = str(err.value)
    assert "gaps.csv row 4 column 'region_code': unknown region code (not in the regions table) '64.09'" in text
    assert "gaps.csv row 4 column 'indicator': unknown indicator (not in the framework) 'ombudsman_scor'" in text
    assert "gaps.csv row 3 column 'source_id': unknown source id 'src-x'" in text


def test_band_ids_split_on_plus():
    assert band_ids("A+B") == ("A", "B")
    assert band_ids(" C ") == ("C",)
    assert band_ids(None) == () and band_ids(pd.NA) == ()


def test_gap_cells_are_the_cells_without_a_value():
    obs = pd.DataFrame({"region_code": ["a", "a", "b"], "indicator": ["x", "x", "y"], "year": [2022, 2023, 2023]})
    cells = gap_cells(obs, ["a", "b"], ["x", "y"], [2022, 2023])
    got = set(map(tuple, cells.to_numpy().tolist()))
    assert got == {("a", "y", 2022), ("a", "y", 2023), ("b", "x", 2022), ("b", "x", 2023), ("b", "y", 2022)}


def test_register_problems_name_missing_cells_and_claimed_gaps_with_values():
    obs = pd.DataFrame({"region_code": ["a"], "indicator": ["x"], "year": [2023]})
    expected = gap_cells(obs, ["a"], ["x"], [2022, 2023])
    gaps = pd.DataFrame({"region_code": ["a"], "indicator": ["x"], "year": [2023]})
    problems = register_problems(gaps, obs, expected)
    assert problems[0] == "gaps row 2: a x 2023 has a value in the observations; remove the row"
    assert problems[1].startswith("gaps: no row for a x 2022")
    assert len(problems) == 2
    full = pd.DataFrame({"region_code": ["a"], "indicator": ["x"], "year": [2022]})
    assert register_problems(full, obs, expected) == []
