"""Known answers for CSV: ragged rows with line numbers, duplicate headers, limits on rows, columns and cells."""

from __future__ import annotations

import pytest

import readiness
from readiness import io as rio
from readiness.errors import DataError, FrameworkError


def test_ragged_rows_are_reported_with_their_lines():
    text = "a,b,c\n1,2,3\n1,2\n\n1,2,3,4\n1,2,3,,\n"
    with pytest.raises(DataError) as err:
        rio.read_csv_text(text, "t.csv")
    assert err.value.problems == ("t.csv line 3: 2 cells but the header has 3",
                                  "t.csv line 5: 4 cells but the header has 3")


def test_trailing_empty_cells_quoted_newlines_and_blank_lines_are_fine():
    frame = rio.read_csv_text('a,b\n1,"x\ny"\n\n2,3,,\n', "t.csv")
    assert frame.to_dict("list") == {"a": ["1", "2"], "b": ["x\ny", "3"]}


def test_duplicate_header_names_are_an_error():
    with pytest.raises(DataError, match=r"t\.csv line 1: duplicate column name 'id' \(columns 1 and 3\)"):
        rio.read_csv_text("id,parent,id\n1,2,3\n", "t.csv")


def test_a_header_of_a_million_repeated_names_is_refused_at_once(tmp_path):
    path = tmp_path / "fw.csv"
    path.write_text(",".join(["x"] * 500_000) + "\n")
    with pytest.raises(FrameworkError, match="500,000 columns; the limit is 200"):
        readiness.load_framework(path)


def test_limits_on_rows_cells_and_cell_length():
    limits = rio.Limits(rows=3, cell_chars=5, cells=100)
    with pytest.raises(DataError, match="line 5: more than 3 rows"):
        rio.read_csv_text("a\n1\n2\n3\n4\n", "t.csv", limits=limits)
    with pytest.raises(DataError, match="line 2 column 'a': a cell of 6 characters; the limit is 5"):
        rio.read_csv_text("a\n123456\n", "t.csv", limits=limits)
    with pytest.raises(DataError, match="more than 4 cells"):
        rio.read_csv_text("a,b\n1,2\n3,4\n5,6\n", "t.csv", limits=rio.Limits(cells=4))


def test_empty_file_and_empty_header_column_with_values():
    with pytest.raises(DataError, match="the file is empty"):
        rio.read_csv_text("", "t.csv")
    with pytest.raises(DataError, match="column 2: the header is empty but the column has values"):
        rio.read_csv_text("a,\n1,2\n", "t.csv")
    assert list(rio.read_csv_text("a,\n1,\n", "t.csv").columns) == ["a"]


def test_error_lists_are_bounded():
    text = "a,b\n" + "1\n" * 10_000
    with pytest.raises(DataError) as err:
        rio.read_csv_text(text, "t.csv")
    assert len(err.value.problems) == rio.DEFAULT_LIMITS.problems
    assert len(str(err.value)) < 5_000
