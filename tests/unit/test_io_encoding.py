"""Known answers for encodings: UTF-8 (BOM or not) and UTF-16 with a BOM are read; anything else is refused by name."""

from __future__ import annotations

import pytest

from readiness import io as rio
from readiness.errors import DataError, FrameworkError
from readiness.model.framework import load_framework

TABLE = "id,parent,weight,direction\nr,,,\na,r,1,1\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_accepted_encodings_read_the_same_table(tmp_path, encoding):
    path = tmp_path / "fw.csv"
    path.write_bytes(TABLE.encode(encoding))
    frame = rio.read_table(path)
    assert list(frame.columns) == ["id", "parent", "weight", "direction"]
    assert frame["id"].tolist() == ["r", "a"]


def test_cp1252_is_refused_naming_the_encoding_offset_and_line(tmp_path):
    path = tmp_path / "fw.yaml"
    path.write_bytes("id: r\nname_en: caf\u00e9\n".encode("cp1252"))
    with pytest.raises(FrameworkError, match=r"fw\.yaml: not UTF-8 text: byte 0xE9 at offset 18 \(line 2\).*cp1252"):
        load_framework(path)


def test_utf16_without_bom_and_nul_bytes_are_refused(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(TABLE.encode("utf-16-le"))
    with pytest.raises(DataError, match="UTF-16 without a byte-order mark"):
        rio.read_table(path)
    path.write_bytes(b"id,parent\x00\n")
    with pytest.raises(DataError, match="NUL character at line 1"):
        rio.read_table(path)


def test_utf32_and_workbook_renamed_csv_are_refused(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(TABLE.encode("utf-32"))
    with pytest.raises(DataError, match="UTF-32"):
        rio.read_table(path)
    path.write_bytes(b"PK\x03\x04rest")
    with pytest.raises(DataError, match=r"zip file \(an \.xlsx workbook\?\), not text, not a CSV"):
        rio.read_table(path)


def test_size_limit_and_folder(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(TABLE.encode() * 10)
    with pytest.raises(DataError, match=r"file is 0\.0 MB; the limit is 0 MB"):
        rio.read_table(path, limits=rio.Limits(file_bytes=100))
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(DataError, match=r"folder\.csv: not a regular file"):
        rio.read_table(tmp_path / "folder.csv")
