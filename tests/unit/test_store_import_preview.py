"""The importer's preview on small hand-made files: every kind of bad input gets a precise message (no database)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import openpyxl
import pytest

import readiness
from readiness import io as rio
from readiness.store.importer import ImportContext, Source, preview_file

SEED = Path(__file__).resolve().parents[1] / "store" / "seed_fixture"
SRC = "source_title,source_publisher,source_url,source_date"
SRC_VALUES = "Laporan uji,Dinas Uji,https://example.org/r,2025-02-01"


@pytest.fixture(scope="module")
def ctx() -> ImportContext:
    ds = readiness.load_dataset(SEED)
    return ImportContext(
        framework=ds.framework,
        regions=frozenset({"64.71", "64.72", "32.76"}),
        sources={"src-a": {"id": "src-a", "title": "Synthetic source A", "publisher": "Publisher A",
                           "url": "https://example.org/a", "date": "2024-01-31"}},
        current={"64.71|spbe_index|2023": (7, 3.5), "64.72|spbe_index|2023": (8, 2.44)},
        this_year=2026,
    )


def _csv(tmp_path: Path, body: str, name: str = "f.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(body.encode(encoding))
    return path


def _xlsx(tmp_path: Path, rows: list[list], name: str = "f.xlsx", edit=None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in rows:
        ws.append(row)
    if edit:
        edit(ws)
    path = tmp_path / name
    wb.save(path)
    return path


def test_long_csv_new_changed_unchanged(tmp_path, ctx):
    path = _csv(tmp_path, f"region_code,indicator,year,value,{SRC}\n"
                          f"64.71,spbe_index,2023,3.5,{SRC_VALUES}\n"
                          f"64.72,spbe_index,2023,2.6,{SRC_VALUES}\n"
                          f"32.76,ikd_activation_pct,2024,40,{SRC_VALUES}\n")
    p = preview_file(path, ctx)
    assert p.ok, p.problems()
    assert [r.status for r in p.rows] == ["unchanged", "changed", "new"]
    assert p.rows[1].old == 2.44 and p.rows[1].new == 2.6 and p.rows[1].base_revision == 8
    assert list(p.new_sources) == [p.rows[1].source_id]
    assert p.new_sources[p.rows[1].source_id]["title"] == "Laporan uji"


@pytest.mark.parametrize(("body", "message"), [
    ("region_code,indicator,year\n64.71,spbe_index,2023\n", r"f\.csv: missing column\(s\) value"),
    ("region_code,indicator,year,value,colour\n64.71,spbe_index,2023,3,red\n",
     r"f\.csv row 1 column E: unknown column 'colour'"),
    ("region_code,indicator,year,value\n64.71,spbe_index,20x3,3\n",
     r"f\.csv row 2 column C \('year'\): must be a whole number, got '20x3'"),
    ("region_code,indicator,year,value\n64.71,spbe_index,2023,n/a\n",
     r"f\.csv row 2 column D \('value'\): must be a number, got 'n/a'"),
    ('region_code,indicator,year,value\n64.71,spbe_index,2023,"3,45"\n',
     r"f\.csv row 2 column D \('value'\): decimal comma in '3,45': write 3\.45"),
    ("region_code;indicator;year;value\n64.71;spbe_index;2023;3,45\n",
     r"f\.csv row 2 column D \('value'\): decimal comma in '3,45'"),
    ('region_code,indicator,year,value\n32.76,asn_count,2023,"1,234"\n', r"thousands separators in '1,234'"),
    ("region_code,indicator,year,value\n99.99,spbe_index,2023,3\n",
     r"f\.csv row 2 column A \('region_code'\): unknown region code '99\.99'"),
    ("region_code,indicator,year,value\nKota Satu,spbe_index,2023,3\n",
     r"f\.csv row 2 column A \('region_code'\): must be a Kemendagri code: 64, 64\.71"),
    ("region_code,indicator,year,value\n64.71,happiness,2023,3\n",
     r"f\.csv row 2 column B \('indicator'\): indicator 'happiness' is not an indicator of the framework"),
    ("region_code,indicator,year,value\n64.71,digital,2023,3\n", r"'digital' is an aggregate"),
    ("region_code,indicator,year,value\n64.71,asn_trained_abroad,2023,3\n", r"is derived from events"),
    ("region_code,indicator,year,value\n64.71,spbe_index,2023,5.01\n",
     r"f\.csv row 2 column D \('value'\): value 5\.01 is outside the valid range 0 to 5 of spbe_index"),
    ("region_code,indicator,year,value\n64.71,ikd_activation_pct,2023,-1\n", r"outside the valid range 0 to 100"),
    ("region_code,indicator,year,value\n64.71,spbe_index,2027,3\n",
     r"f\.csv row 2 column C \('year'\): year 2027 is in the future \(this year is 2026\)"),
    ("region_code,indicator,year,value\n64.71,spbe_index,1989,3\n", r"column C \('year'\): must be a year between 1990 and 2100, got 1989$"),
    ("region_code,indicator,year,value\n64.71,spbe_index,2023,inf\n", r"column D \('value'\): must be a number, got 'inf'"),
    ("region_code,indicator,year,value\n64.71,spbe_index,2024,3\n", r"f\.csv row 2: a source is required"),
    ("region_code,indicator,year,value,source_id\n64.71,spbe_index,2024,3,nope\n",
     r"column E \('source_id'\): unknown source_id 'nope'"),
    (f"region_code,indicator,year,value,{SRC}\n64.71,spbe_index,2024,3,T,P,javascript:alert(1),2024\n",
     r"column G \('source_url'\): source URL 'javascript:alert\(1\)' must start with http"),
    (f"region_code,indicator,year,value,{SRC}\n64.71,spbe_index,2024,3,T,,,2024\n",
     r"column F \('source_publisher'\): source publisher is empty but required"),
    (f"region_code,indicator,year,value,{SRC}\n64.71,spbe_index,2024,3,T,P,,31/12/2024\n",
     r"column H \('source_date'\): source date '31/12/2024' must look like"),
    ("region_code,indicator,year,value,note\n64.71,spbe_index,2024,3,a\x01b\n", r"note contains control characters"),
    ("region_code,,indicator,year,value\n64.71,x,spbe_index,2024,3\n", r"f\.csv line 1 column 2: the header is empty but the column has values"),
    ("region_code,indicator,year,value,value\n64.71,spbe_index,2024,3,3\n", r"f\.csv line 1: duplicate column name 'value' \(columns 4 and 5\)"),
    ("region_code,indicator,year,value\n64.71,spbe_index,2024,3,extra\n", r"f\.csv line 2: 5 cells but the header has 4"),
    ("region_code,indicator,year,value\n", r"f\.csv: no values found"),
    ("\n\n  \n", r"f\.csv: the file is empty"),
    ("region_code,year,spbe_index,happiness\n64.71,2024,3,1\n", r"unknown column 'happiness'"),
])
def test_bad_csv_gets_a_precise_message(tmp_path, ctx, body, message):
    p = preview_file(_csv(tmp_path, body), ctx)
    assert not p.ok
    assert any(re.search(message, line) for line in p.problems()), p.problems()


def test_duplicate_rows_are_both_rejected_naming_each_other(tmp_path, ctx):
    body = f"region_code,indicator,year,value,{SRC}\n" + f"64.71,spbe_index,2024,3,{SRC_VALUES}\n" * 2
    p = preview_file(_csv(tmp_path, body), ctx)
    assert [r.status for r in p.rows] == ["rejected", "rejected"]
    assert p.problems() == [
        "f.csv row 2: duplicate of f.csv row 3 (64.71, spbe_index, 2024) / baris ganda",
        "f.csv row 3: duplicate of f.csv row 2 (64.71, spbe_index, 2024) / baris ganda",
    ]


def test_windows_1252_is_refused_naming_the_row(tmp_path, ctx):
    body = f"region_code,indicator,year,value,{SRC},note\n64.71,spbe_index,2024,3,{SRC_VALUES},ok\n" \
           f"64.72,spbe_index,2024,3,{SRC_VALUES},Kota Sérang\n"
    p = preview_file(_csv(tmp_path, body, encoding="cp1252"), ctx)
    assert p.rows == []
    assert len(p.errors) == 1
    assert p.errors[0].startswith("f.csv: not UTF-8 text: byte 0xE9 at offset 258 (line 3) does not decode; the file "
                                  "looks like cp1252 (Windows-1252")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_utf8_with_bom_and_utf16_with_bom_are_read(tmp_path, ctx, encoding):
    body = f"region_code,indicator,year,value,{SRC},note\n64.71,spbe_index,2024,3,{SRC_VALUES},Kota Sérang\n"
    p = preview_file(_csv(tmp_path, body, encoding=encoding), ctx)
    assert p.ok, p.problems()
    assert p.rows[0].note == "Kota Sérang"


def test_utf16_without_bom_is_refused(tmp_path, ctx):
    path = tmp_path / "f.csv"
    path.write_bytes("region_code,indicator,year,value\n64.71,spbe_index,2024,3\n".encode("utf-16-le"))
    assert not path.read_bytes().startswith(codecs.BOM_UTF16_LE)
    p = preview_file(path, ctx)
    assert p.errors == ["f.csv: holds a NUL character at line 1; the file looks like UTF-16 without a byte-order "
                        "mark. Save it as UTF-8 text."]


def test_empty_and_oversized_files(tmp_path, ctx):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert preview_file(empty, ctx).errors == ["empty.csv: the file is empty (no header row)"]
    big = _csv(tmp_path, "region_code,indicator,year,value\n" + "64.71,spbe_index,2024,3\n" * 50, "big.csv")
    errors = preview_file(big, ctx, limits=rio.Limits(file_bytes=1000)).errors
    assert errors == ["big.csv: file is 0.0 MB; the limit is 0 MB"]


def test_unknown_file_type_and_fake_workbook(tmp_path, ctx):
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    assert preview_file(xls, ctx).errors == ["old.xls: old Excel .xls files are not read; save it as .xlsx (Excel "
                                             "Workbook) or CSV UTF-8"]
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"region_code,indicator\n")
    assert preview_file(fake, ctx).errors[0].startswith("fake.xlsx: not an .xlsx workbook")


def test_html_and_script_are_kept_as_text_and_flagged(tmp_path, ctx):
    note = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    body = f"region_code,indicator,year,value,{SRC},note\n64.71,spbe_index,2024,3,{SRC_VALUES},\"{note}\"\n"
    p = preview_file(_csv(tmp_path, body), ctx)
    assert p.ok
    assert p.rows[0].note == note
    assert p.rows[0].notes == ["note contains HTML/script markup; it is stored and shown as plain text"]


def test_default_source_covers_rows_without_one(tmp_path, ctx):
    path = _csv(tmp_path, "region_code,indicator,year,value\n64.71,spbe_index,2024,3\n")
    p = preview_file(path, ctx, default_source=Source("Laporan", "Dinas", "2025", ""))
    assert p.ok, p.problems()
    assert p.new_sources[p.rows[0].source_id]["url"] is None
    bad = preview_file(path, ctx, default_source=Source("", "Dinas", "2025"))
    assert bad.problems() == ["f.csv row 2: the file's source: source title is empty but required / title sumber "
                              "wajib diisi"]


def test_xlsx_merged_header_cells(tmp_path, ctx):
    path = _xlsx(tmp_path, [["region_code", None, "year", "value"], ["64.71", "spbe_index", 2024, 3]],
                 edit=lambda ws: ws.merge_cells("A1:B1"))
    p = preview_file(path, ctx)
    assert "f.xlsx sheet 'Data' A1:B1: merged header cells; unmerge them and give every column its own header " \
           "and every cell its own value" in p.errors
    assert p.rows == []


def test_xlsx_formula_cells_are_rejected(tmp_path, ctx):
    path = _xlsx(tmp_path, [["region_code", "indicator", "year", "value"], ["64.71", "spbe_index", 2024, "=1+2"]])
    p = preview_file(path, ctx)
    assert p.problems() == ["f.xlsx sheet 'Data' cell D2: holds a formula '=1+2'; the project reads values only "
                            "(copy the cells and paste them as values)"]


def test_xlsx_wide_layout_numbers_and_codes(tmp_path, ctx):
    rows = [["region_code", "region_name", "year", "spbe_index", "ikd_activation_pct", *SRC.split(",")],
            [64.71, "Satu", 2024, 3.25, None, *SRC_VALUES.split(",")],
            ["6472", "Dua", 2024.0, None, 55, *SRC_VALUES.split(",")],
            [64.7, "?", 2024, 1, None, *SRC_VALUES.split(",")]]
    p = preview_file(_xlsx(tmp_path, rows), ctx)
    assert p.layout == "wide"
    assert [(r.status, r.region_code, r.indicator, r.new) for r in p.rows[:2]] == [
        ("new", "64.71", "spbe_index", 3.25), ("new", "64.72", "ikd_activation_pct", 55.0)]
    assert p.problems() == ["f.xlsx sheet 'Data' row 4 column D ('spbe_index') column A ('region_code'): unknown "
                            "region code '64.70' (not a kabupaten/kota of the store; see the Wilayah sheet of the "
                            "template) / kode wilayah tidak dikenal"]


def test_xlsx_empty_sheet(tmp_path, ctx):
    p = preview_file(_xlsx(tmp_path, []), ctx)
    assert p.errors == ["f.xlsx sheet 'Data': the sheet is empty (no header row)"]
