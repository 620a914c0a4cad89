"""Loading the dataset: cross-table checks name file, row and column; nothing partial is returned."""

from __future__ import annotations

import shutil

import pytest

import readiness
from readiness.errors import DataError
from readiness.model.coverage import coverage_markdown, coverage_years, indicators_markdown, sources_markdown, year_runs


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(readiness.DATA_DIR, target)
    return target


def append(path, line):
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def test_unknown_region_source_and_derived_indicator_reported_together(copy):
    n = sum(1 for _ in (copy / "observations.csv").open(encoding="utf-8"))
    append(copy / "observations.csv", "99.99,spbe_index,2024,3.1,nope,,,")
    append(copy / "observations.csv", "64.71,mpp_in_operation,2024,3,seed-000,,,")
    with pytest.raises(DataError) as info:
        readiness.load_dataset(copy)
    text = str(info.value)
    assert f"observations.csv row {n + 1} column 'region_code': unknown region code" in text
    assert f"observations.csv row {n + 1} column 'source_id': unknown source id 'nope'" in text
    assert f"observations.csv row {n + 2} column 'indicator': 'mpp_in_operation' is derived" in text


def test_bad_cells_in_several_files_all_reported(copy):
    append(copy / "events.csv", "ev-x,64.71,someday,award,Title,,,,,,,,reported,seed-000,,")
    append(copy / "sources.csv", "s-x,Title,Pub,not-a-url,2024,,")
    with pytest.raises(DataError) as info:
        readiness.load_dataset(copy)
    text = str(info.value)
    assert "events.csv row" in text and "column 'date': must be a date" in text
    assert "sources.csv row" in text and "column 'url': must be an http(s) URL" in text


def test_year_runs():
    assert year_runs([2021, 2022, 2024, 2019]) == "2019, 2021-2022, 2024"
    assert year_runs([]) == ""


def test_coverage_table_of_bundled_data():
    ds = readiness.load_dataset()
    table = coverage_years(ds)
    assert table.loc["64.71", "spbe_index"] == "2021-2022"
    assert table.loc["64.71", "asn_leadership_trained"] == ""
    assert list(table.columns) == list(ds.framework.indicators)


@pytest.mark.parametrize("build", [coverage_markdown, indicators_markdown, sources_markdown])
def test_data_readme_generated_sections_are_current(build):
    ds = readiness.load_dataset()
    readme = (readiness.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert build(ds) in readme, "run: .venv/bin/python scripts/catalogue.py"
