"""Table validation: every problem at once, with file, row, column and reason."""

from __future__ import annotations

import pandas as pd
import pytest

import readiness
from readiness.errors import DataError
from readiness.model.schema import EVENTS, OBSERVATIONS, REGIONS, SOURCES, validate_table


def frame(rows, columns):
    return pd.DataFrame(rows, columns=columns, dtype=str)


OBS_COLS = ["region_code", "indicator", "year", "value", "source_id"]


def test_valid_observations_are_typed():
    out = validate_table(frame([["64.71", "spbe", "2022", "3.05", "s1"]], OBS_COLS), OBSERVATIONS, source="o.csv")
    assert str(out["year"].dtype) == "Int64" and out["value"].iloc[0] == pytest.approx(3.05)


def test_every_problem_reported_with_row_and_column():
    rows = [
        ["64.71", "spbe", "2022", "3.05", "s1"],
        ["64.71", "spbe", "2022", "3.10", "s1"],  # duplicate region/indicator/year
        ["6471", "spbe", "2023", "3.0", "s1"],  # bad code
        ["64.72", "", "2023", "3.0", "s1"],  # empty indicator
        ["64.72", "omb", "20x3", "abc", "s1"],  # bad year, bad value
        ["64.72", "omb", "1890", "80", "s1"],  # year out of range
    ]
    with pytest.raises(DataError) as info:
        validate_table(frame(rows, OBS_COLS), OBSERVATIONS, source="o.csv")
    text = str(info.value)
    assert "o.csv row 3: duplicate (region_code, indicator, year) combination" in text
    assert "o.csv row 4 column 'region_code': must be a Kemendagri code: 64, 64.71, 64.71.01 or 64.71.01.1001 (or ref.<name> for a reference place), got '6471'" in text
    assert "o.csv row 5 column 'indicator': is empty but required" in text
    assert "o.csv row 6 column 'year': must be a whole number, got '20x3'" in text
    assert "o.csv row 6 column 'value': must be a number, got 'abc'" in text
    assert "o.csv row 7 column 'year': must be a year between 1990 and 2100, got 1890" in text


def test_missing_required_column():
    with pytest.raises(DataError, match=r"o.csv: missing column\(s\) value"):
        validate_table(frame([["64.71", "spbe", "2022"]], ["region_code", "indicator", "year"]), OBSERVATIONS,
                       source="o.csv")


def test_regions_rules():
    cols = ["code", "name", "kind", "province", "group", "lat", "lon"]
    rows = [["64.71", "Kota Balikpapan", "kota", "Kaltim", "ikn_buffer", "-1.27", "116.83"],
            ["ref.ikn", "IKN", "reference", "Kaltim", "reference", "-0.96", "116.69"],
            ["64.72", "Kota Samarinda", "city", "Kaltim", "ikn_buffer", "-0.5", "200"],
            ["ref.x", "X", "kota", "Kaltim", "ikn_buffer", "", ""]]
    with pytest.raises(DataError) as info:
        validate_table(frame(rows, cols), REGIONS, source="r.csv")
    text = str(info.value)
    assert "r.csv row 4 column 'kind': must be one of kota, kabupaten, provinsi, kecamatan, kelurahan, desa, reference, got 'city'" in text
    assert "r.csv row 4 column 'lon': longitude 200.0 is outside Indonesia" in text
    assert "r.csv row 5 column 'code': code 'ref.x' does not fit kind 'kota'" in text


def test_sources_and_events_rules():
    s = frame([["s1", "T", "P", "ftp://x", "2024-13-45x"]], ["id", "title", "publisher", "url", "date"])
    with pytest.raises(DataError) as info:
        validate_table(s, SOURCES, source="s.csv")
    assert "column 'url': must be an http(s) URL" in str(info.value)
    assert "column 'date': must be a date like 2024-12-10" in str(info.value)
    e = frame([["e1", "64.71", "2023-03", "party", "T", "-3", ""]],
              ["id", "region_code", "date", "kind", "title", "count", "source_id"])
    with pytest.raises(DataError) as info:
        validate_table(e, EVENTS, source="e.csv")
    text = str(info.value)
    assert "e.csv row 2 column 'kind': must be one of overseas training" in text
    assert "e.csv row 2 column 'count': must be a count >= 0, got -3" in text
    assert "e.csv row 2 column 'source_id': is empty but required" in text


def test_load_from_excel_with_row_numbers(tmp_path):
    path = tmp_path / "obs.xlsx"
    frame([["64.71", "spbe", "2022", "3.05", "s1"], ["64.71", "spbe", "2023", "x", "s1"]], OBS_COLS).to_excel(
        path, index=False)
    with pytest.raises(DataError, match=r"obs.xlsx row 3 column 'value': must be a number, got 'x'"):
        readiness.load_observations(path)


def test_does_not_mutate_input():
    f = frame([["64.71", "spbe", "2022", " 3.05 ", "s1"]], OBS_COLS)
    before = f.copy()
    validate_table(f, OBSERVATIONS, source="o.csv")
    pd.testing.assert_frame_equal(f, before)
