"""Import commits on SQLite and PostgreSQL: all or nothing, stale previews, the template round trip, exports."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import pytest

from readiness.errors import DataError
from readiness.io import FORMULA_PREFIXES
from readiness.store import Change, ConflictError
from readiness.store.importer import (
    Source,
    commit,
    export_frame,
    export_observations,
    preview_edit,
    preview_file,
    write_template,
)

SRC = "source_title,source_publisher,source_url,source_date"
SRC_VALUES = "Laporan uji,Dinas Uji,https://example.org/r,2025-02-01"
HOSTILE = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\ry", "=HYPERLINK(\"http://evil\",\"x\")"]


def test_commit_writes_new_values_and_their_source(store, editor, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(f"region_code,indicator,year,value,{SRC}\n64.71,spbe_index,2024,4.1,{SRC_VALUES}\n"
                    f"64.71,spbe_index,2023,3.6,{SRC_VALUES}\n", encoding="utf-8")
    preview = preview_file(path, store)
    assert preview.counts == {"new": 1, "changed": 1, "unchanged": 0, "rejected": 0}
    count = store.revision_count()
    ids = commit(store, preview, editor=editor, reason="SPBE 2024")
    assert len(ids) == 3  # the source, then two values
    assert store.revision_count() == count + 3
    ds = store.load_dataset()
    obs = ds.observations
    row = obs[(obs["region_code"] == "64.71") & (obs["year"] == 2024) & (obs["indicator"] == "spbe_index")]
    assert row["value"].tolist() == [4.1]
    sid = row["source_id"].iloc[0]
    assert ds.sources.set_index("id").loc[sid, "title"] == "Laporan uji"
    assert set(store.revisions(batch=store.revisions().iloc[-1]["batch"])["editor"]) == {"Tester"}


def test_a_file_with_one_bad_row_writes_nothing(store, editor, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(f"region_code,indicator,year,value,{SRC}\n64.71,spbe_index,2024,4.1,{SRC_VALUES}\n"
                    f"64.71,spbe_index,2025,9,{SRC_VALUES}\n", encoding="utf-8")
    preview = preview_file(path, store)
    count, version = store.revision_count(), store.data_version()
    with pytest.raises(DataError, match=r"f\.csv row 3 column D \('value'\): value 9 is outside"):
        commit(store, preview, editor=editor)
    assert (store.revision_count(), store.data_version()) == (count, version)


def test_a_stale_preview_is_a_conflict(store, editor, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(f"region_code,indicator,year,value,{SRC}\n64.71,spbe_index,2023,3.6,{SRC_VALUES}\n",
                    encoding="utf-8")
    preview = preview_file(path, store)
    rev = store.current_records("observations")["64.71|spbe_index|2023"][0]
    store.write([Change("observations", "64.71|spbe_index|2023",
                        {"region_code": "64.71", "indicator": "spbe_index", "year": 2023, "value": 3.7,
                         "source_id": "src-a"}, rev)], editor=editor)
    count = store.revision_count()
    with pytest.raises(ConflictError, match="changed since it was read"):
        commit(store, preview, editor=editor)
    assert store.revision_count() == count


def test_html_in_text_is_stored_exactly_as_text(store, editor, tmp_path):
    note = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    title = "<b>Laporan</b> & \"kutipan\""
    path = tmp_path / "f.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["region_code", "indicator", "year", "value", *SRC.split(","), "note"])
        w.writerow(["64.72", "ikd_activation_pct", "2024", "20", title, "Dinas", "", "2025", note])
    commit(store, preview_file(path, store), editor=editor)
    ds = store.load_dataset()
    row = ds.observations[(ds.observations["year"] == 2024) & (ds.observations["region_code"] == "64.72")]
    assert row["note"].tolist() == [note]
    assert ds.sources.set_index("id").loc[row["source_id"].iloc[0], "title"] == title


def test_editor_path_uses_the_same_checks(store, editor):
    bad = preview_edit(store, "64.71", {("spbe_index", 2024): "3,9"}, source_id="src-a")
    assert bad.problems() == ["64.71 spbe_index 2024: decimal comma in '3,9': write 3.9 (a point as the decimal "
                              "separator) / koma desimal: tulis 3.9"]
    good = preview_edit(store, "64.71", {("spbe_index", 2024): "3.9", ("spbe_index", 2023): 3.5},
                        source_id="src-a")
    assert [r.status for r in good.rows] == ["new", "unchanged"]
    assert len(commit(store, good, editor=editor, reason="typed in")) == 1


def test_template_round_trip_import_then_revert(store, editor, tmp_path):
    year = dt.date.today().year - 1
    template = write_template(tmp_path / "template.xlsx", store, year=year)
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["Petunjuk", "Data", "Wilayah", "Indikator", "Sumber"]
    guide = [c.value for c in wb["Petunjuk"]["A"]] + [c.value for c in wb["Petunjuk"]["B"]]
    assert "Bahasa Indonesia" in guide and "English" in guide
    data = wb["Data"]
    header = [c.value for c in data[1]]
    assert header[:3] == ["region_code", "region_name", "year"]
    assert "asn_trained_abroad" not in header  # derived indicators are not typed in
    codes = [data.cell(r, 1).value for r in range(2, data.max_row + 1)]
    assert codes == ["64.71", "64.72", "32.76"]  # reference places are not scored
    validations = {str(dv.sqref).split(":")[0]: dv for dv in data.data_validations.dataValidation}
    spbe_col = openpyxl.utils.get_column_letter(header.index("spbe_index") + 1)
    assert validations[f"{spbe_col}2"].formula1 == "0" and validations[f"{spbe_col}2"].formula2 == "5"
    assert validations["A2"].type == "list"
    indicators = {r[0].value: r for r in wb["Indikator"].iter_rows(min_row=2)}
    assert indicators["spbe_index"][3].value == "indeks 0-5"

    # fill it in as a user would
    data.cell(2, header.index("spbe_index") + 1, 4.25)
    data.cell(3, header.index("ikd_activation_pct") + 1, 33.3)
    for col, value in zip(SRC.split(","), SRC_VALUES.split(","), strict=True):
        data.cell(2, header.index(col) + 1, value)
        data.cell(3, header.index(col) + 1, value)
    wb.save(tmp_path / "filled.xlsx")

    preview = preview_file(tmp_path / "filled.xlsx", store)
    assert preview.ok, preview.problems()
    assert preview.counts["new"] == 2
    ids = commit(store, preview, editor=editor, reason="template")
    obs = store.load_dataset().observations
    assert obs[(obs["region_code"] == "64.71") & (obs["year"] == year)]["value"].tolist() == [4.25]
    store.revert(ids[-2], editor=editor)  # the 64.71 value
    obs = store.load_dataset().observations
    assert obs[(obs["region_code"] == "64.71") & (obs["year"] == year)].empty
    assert obs[(obs["region_code"] == "64.72") & (obs["year"] == year)]["value"].tolist() == [33.3]


def _text_cells_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def _text_cells_xlsx(path):
    wb = openpyxl.load_workbook(path)
    return [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_exports_neutralise_formula_characters(store, editor, tmp_path):
    rows = [["region_code", "indicator", "year", "value", *SRC.split(","), "note"]]
    for i, text in enumerate(HOSTILE):
        rows.append(["64.71", "ikd_activation_pct", str(2010 + i), str(10 + i), f"{text} title", "P", "", "2024",
                     text])
    path = tmp_path / "hostile.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    preview = preview_file(path, store)
    assert preview.ok, preview.problems()
    commit(store, preview, editor=editor)

    csv_cells = _text_cells_csv(export_observations(store, tmp_path / "out.csv"))
    xlsx_cells = _text_cells_xlsx(export_observations(store, tmp_path / "out.xlsx"))
    for cells in (csv_cells, xlsx_cells):
        assert not [c for c in cells if c.startswith(FORMULA_PREFIXES)]
        assert {"'=1+2", "'+SUM(A1)", "'-2+3", "'@cmd"} <= set(cells)  # (tab and CR are stripped on import)
    # numbers stay numbers
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    header = [c.value for c in wb["data"][1]]
    values = [r[header.index("value")].value for r in wb["data"].iter_rows(min_row=2)]
    assert all(isinstance(v, float | int) for v in values) and 16 in values


def test_export_frame_keeps_negative_numbers_and_neutralises_text(tmp_path):
    import pandas as pd

    frame = pd.DataFrame({"name": ["-minus", "ok", "=x", "\tt", "\rr"], "value": [-1.5, 2.0, None, 1.0, 1.0]})
    export_frame(frame, tmp_path / "t.xlsx")
    export_frame(frame, tmp_path / "t.csv")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    got = [[c.value for c in r] for r in ws.iter_rows()]
    assert got[:5] == [["name", "value"], ["'-minus", -1.5], ["ok", 2], ["'=x", None], ["'\tt", 1]]
    assert got[5][0][0] == "'" and got[5][0][2:] == "r"  # (a reader may turn the stored CR into LF)
    with open(tmp_path / "t.csv", encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh)) == [["name", "value"], ["'-minus", "-1.5"], ["ok", "2.0"], ["'=x", ""],
                                        ["'\tt", "1.0"], ["'\rr", "1.0"]]


def test_default_source_document_without_url(store, editor, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("region_code,indicator,year,value\n32.76,asn_count,2024,150\n", encoding="utf-8")
    preview = preview_file(path, store, default_source=Source("Laporan tahunan BKPSDM 2024 (cetak)", "BKPSDM", "2025"))
    commit(store, preview, editor=editor)
    sources = store.load_dataset().sources
    assert sources.iloc[-1]["title"] == "Laporan tahunan BKPSDM 2024 (cetak)"
    assert sources.iloc[-1]["url"] is pd_na()


def pd_na():
    import pandas as pd

    return pd.NA
