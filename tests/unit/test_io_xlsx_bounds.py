"""Known answers for workbooks: damaged, fake, old and chart-only files, formulas, far cells and zip bombs."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

import readiness
from readiness import io as rio
from readiness.errors import DataError, FrameworkError

ROWS = [["id", "parent", "weight", "direction"], ["r", None, None, None], ["a", "r", 1, 1], ["b", "r", 2.5, -1]]


def workbook(rows=ROWS, edit=None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if edit:
        edit(wb, ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_good_workbook_reads_like_the_csv(tmp_path):
    (tmp_path / "fw.xlsx").write_bytes(workbook())
    (tmp_path / "fw.csv").write_text("id,parent,weight,direction\nr,,,\na,r,1,1\nb,r,2.5,-1\n")
    assert rio.read_table(tmp_path / "fw.xlsx").equals(rio.read_table(tmp_path / "fw.csv"))
    assert readiness.load_framework(tmp_path / "fw.xlsx").indicators == ("a", "b")


@pytest.mark.parametrize("data,message", [
    (workbook()[:300], "the workbook is damaged or truncated"),
    (b"PK\x03\x04 not a zip", "the workbook is damaged or truncated"),
    (b"hello", "not an .xlsx workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, r"an old Excel \.xls file"),
])
def test_damaged_fake_and_old_files(data, message):
    with pytest.raises(DataError, match=message):
        rio.read_xlsx_bytes(data, "t.xlsx")


def test_xls_suffix_is_refused_with_advice(tmp_path):
    (tmp_path / "t.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(FrameworkError, match=r"old Excel \.xls files are not read; save it as \.xlsx"):
        readiness.load_framework(tmp_path / "t.xls")


def test_chart_sheet_first_is_refused():
    data = workbook(edit=lambda wb, ws: wb.create_chartsheet("Chart1", 0))
    with pytest.raises(DataError, match="chart sheet"):
        rio.read_xlsx_bytes(data, "t.xlsx")


def test_formulas_are_reported_by_cell():
    def add(wb, ws):
        ws["C3"] = "=1+1"

    with pytest.raises(DataError, match=r"t\.xlsx sheet 'Sheet' cell C3: holds a formula '=1\+1'; the project reads "
                                        "values only"):
        rio.read_xlsx_bytes(workbook(edit=add), "t.xlsx")


def test_one_far_cell_is_refused_without_building_the_grid():
    def far(wb, ws):
        ws["XFD1048576"] = "x"

    with pytest.raises(DataError, match="a cell in row 1,048,576; the limit is 100,000 rows"):
        rio.read_xlsx_bytes(workbook(edit=far), "t.xlsx")

    def wide(wb, ws):
        ws["XFD2"] = "x"

    with pytest.raises(DataError, match="cell XFD2: beyond the limit of 200 columns"):
        rio.read_xlsx_bytes(workbook(edit=wide), "t.xlsx")


def test_value_right_of_the_header_is_reported():
    def stray(wb, ws):
        ws["F3"] = "stray"

    with pytest.raises(DataError, match="cell F3: a value to the right of the header row's last column"):
        rio.read_xlsx_bytes(workbook(edit=stray), "t.xlsx")


def _rezip(data: bytes, extra: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, extra.pop(info.filename, src.read(info)))
        for name, body in extra.items():
            dst.writestr(name, body)
    return out.getvalue()


def test_a_string_bomb_is_refused_before_parsing():
    bomb = _rezip(workbook(), {"xl/sharedStrings.xml": b"<sst>" + b"A" * 80_000_000 + b"</sst>"})
    assert len(bomb) < 200_000
    with pytest.raises(DataError, match=r"the workbook unpacks to \d+ MB; the limit is 64 MB"):
        rio.read_xlsx_bytes(bomb, "t.xlsx")


def test_xml_doctype_is_refused():
    data = _rezip(workbook(), {"xl/sharedStrings.xml": b'<!DOCTYPE x [<!ENTITY a "b">]><sst>&a;</sst>'})
    with pytest.raises(DataError, match="declares a DOCTYPE"):
        rio.read_xlsx_bytes(data, "t.xlsx")


def test_a_crc_mismatch_is_damage():
    data = bytearray(workbook())
    at = data.find(b"xl/worksheets/sheet1.xml") + 40  # inside the compressed sheet
    data[at] ^= 0xFF
    with pytest.raises(DataError, match="damaged or truncated"):
        rio.read_xlsx_bytes(bytes(data), "t.xlsx")


def _shared_strings(count: int, prefix: bytes = b"") -> bytes:
    si = b"<" + prefix + b"si><" + prefix + b"t>a</" + prefix + b"t></" + prefix + b"si>"
    return b'<?xml version="1.0"?><' + prefix + b'sst xmlns="x">' + si * count + b"</" + prefix + b"sst>"


@pytest.mark.parametrize("prefix", [b"", b"x:"])
def test_too_many_shared_strings_are_refused_before_openpyxl_builds_them(prefix):
    limits = rio.Limits(shared_strings=1000)
    data = _rezip(workbook(), {"xl/sharedStrings.xml": _shared_strings(1001, prefix)})
    with pytest.raises(DataError, match="more than 1,000 distinct texts"):
        rio.read_xlsx_bytes(data, "t.xlsx", limits=limits)


def test_shared_strings_up_to_the_limit_are_counted_across_read_chunks():
    part = _shared_strings(1000) + b" " * (1 << 20)  # strings before and after a 1 MB read boundary
    part = part.replace(b"</sst>", b"") + _shared_strings(1000)[len(b'<?xml version="1.0"?><sst xmlns="x">'):]
    data = _rezip(workbook(), {"xl/sharedStrings.xml": part})
    with pytest.raises(DataError, match="more than 1,999 distinct texts"):
        rio.read_xlsx_bytes(data, "t.xlsx", limits=rio.Limits(shared_strings=1999))
    assert rio.read_xlsx_bytes(data, "t.xlsx", limits=rio.Limits(shared_strings=2000)).columns[0] == "id"


def test_reading_past_the_time_budget_stops_with_an_error():
    with pytest.raises(DataError, match=r"sheet 'Sheet' row 1: reading took longer than the time budget of 0 s"):
        rio.read_xlsx_bytes(workbook(), "t.xlsx", limits=rio.Limits(seconds=0))
    text = "a,b\n" + "1,2\n" * 5000
    with pytest.raises(DataError, match=r"t.csv line 4097: reading took longer than the time budget of 0 s"):
        rio.read_csv_text(text, "t.csv", limits=rio.Limits(seconds=0))
