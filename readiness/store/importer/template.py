"""The Excel import template: instructions, a wide ``Data`` sheet with drop-downs and range checks, and the lists of
regions, indicators (with their valid ranges) and sources to pick from."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from readiness.io import neutralise, write_atomic
from readiness.model.datasets import load_rules
from readiness.model.derive import derive_rules
from readiness.model.rules import method_period
from readiness.model.schema import valid_range

if TYPE_CHECKING:
    from readiness.store.store import Store

__all__ = ["INSTRUCTIONS", "template_bytes", "write_template"]

#: The first year a figure may be for (the observations' contract, :data:`readiness.model.schema.OBSERVATIONS`).
FIRST_YEAR = 1990
#: Rows below the regions that keep the drop-downs and range checks, for regions or years added by hand.
_SPARE_ROWS = 500

INSTRUCTIONS = (
    ("Templat impor data Kesiapan Penyangga IKN", "IKN buffer-city readiness: data import template"),
    ("", ""),
    ("1. Isi lembar 'Data': satu baris per wilayah, satu kolom per indikator, untuk tahun di kolom 'year'.",
     "1. Fill in the 'Data' sheet: one row per region, one column per indicator, for the year in column 'year'."),
    ("2. Biarkan sel kosong bila tidak ada angka. Jangan menghapus atau mengganti nama judul kolom (baris 1).",
     "2. Leave a cell empty when there is no figure. Do not delete or rename the column headers (row 1)."),
    ("3. Pakai titik sebagai pemisah desimal (3.45, bukan 3,45), tanpa pemisah ribuan, tanpa rumus.",
     "3. Use a point as the decimal separator (3.45, not 3,45), no thousands separators, no formulas."),
    ("4. Nilai harus dalam rentang yang sah (lembar 'Indikator'); kode wilayah dari lembar 'Wilayah'. Nilai di atas "
     "target sah dan mendapat skor tertinggi.",
     "4. Values must be within the valid range (sheet 'Indikator'); region codes from sheet 'Wilayah'. A value above "
     "the target is valid and scores at the top."),
    ("5. Setiap angka baru wajib bersumber: isi source_title, source_publisher, source_date (tahun atau tanggal) "
     "dan source_url bila daring; atau source_id dari lembar 'Sumber'.",
     "5. Every new figure needs a source: fill source_title, source_publisher, source_date (year or date) and "
     "source_url if online; or a source_id from sheet 'Sumber'."),
    ("6. Jangan menggabungkan sel (merge). Tahun tidak boleh di masa depan.",
     "6. Do not merge cells. The year must not be in the future."),
    ("7. Unggah berkas di halaman 'Data' atau jalankan: python -m readiness db import BERKAS.xlsx. Pratinjau "
     "menunjukkan nilai baru, berubah, tetap dan ditolak sebelum ada yang disimpan.",
     "7. Upload the file on the 'Data' page or run: python -m readiness db import FILE.xlsx. A preview shows new, "
     "changed, unchanged and rejected values before anything is saved."),
    ("8. Format panjang juga diterima (CSV UTF-8 atau .xlsx): kolom region_code, indicator, year, value dan kolom "
     "sumber yang sama.",
     "8. The long format is accepted too (CSV UTF-8 or .xlsx): columns region_code, indicator, year, value and the "
     "same source columns."),
)


def _bold_header(ws: Any, rows: int = 1) -> None:
    # deferred: openpyxl: 0.06 s, 10.5 MB (benchmarks/bench_imports.py); only a workbook needs it
    from openpyxl.styles import Font

    for r in range(1, rows + 1):
        for cell in ws[r]:
            cell.font = Font(bold=True)


def _guide(wb: Any) -> None:
    guide = wb.active
    guide.title = "Petunjuk"
    guide.append(["Bahasa Indonesia", "English"])
    for id_text, en_text in INSTRUCTIONS:
        guide.append([id_text, en_text])
    guide.column_dimensions["A"].width = 90
    guide.column_dimensions["B"].width = 90
    _bold_header(guide, 2)


def _range_validation(node: Any, bounds: tuple[float | None, float | None]) -> Any:
    """Excel's check of a value cell: the indicator's valid range (not its goalposts), else any number."""
    # deferred: openpyxl: 0.06 s, 10.5 MB (benchmarks/bench_imports.py); only a workbook needs it
    from openpyxl.worksheet.datavalidation import DataValidation

    lo, hi = bounds
    common = {"type": "decimal", "allow_blank": True, "showErrorMessage": True}
    if lo is not None and hi is not None:
        return DataValidation(operator="between", formula1=f"{lo:g}", formula2=f"{hi:g}",
                              errorTitle="Di luar rentang / Out of range", error=f"{lo:g} - {hi:g} ({node.unit})",
                              **common)
    if lo is not None or hi is not None:
        operator, bound = ("greaterThanOrEqual", lo) if lo is not None else ("lessThanOrEqual", hi)
        return DataValidation(operator=operator, formula1=f"{bound:g}", errorTitle="Di luar rentang / Out of range",
                              error=f"{bound:g} ({node.unit})", **common)
    return DataValidation(operator="between", formula1="-1E15", formula2="1E15", errorTitle="Angka / Number",
                          error=node.unit, **common)


def _data_sheet(wb: Any, store: Store, indicators: list[str], ranges: dict[str, tuple], regions: pd.DataFrame,
                year: int, this_year: int) -> None:
    # deferred: openpyxl: 0.06 s, 10.5 MB (benchmarks/bench_imports.py); only a workbook needs it
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    fw = store.framework
    data = wb.create_sheet("Data")
    data.append(["region_code", "region_name", "year", *indicators, "source_title", "source_publisher",
                 "source_url", "source_date", "source_id", "note"])
    _bold_header(data)
    for cell in data[1]:
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for _, r in regions.iterrows():
        data.append([r["code"], neutralise(r["name"]), year])
    last = max(data.max_row, 2) + _SPARE_ROWS
    for j, ind in enumerate(indicators):
        node, col = fw.nodes[ind], get_column_letter(4 + j)
        lo, hi = ranges[ind]
        span = f" ({'' if lo is None else f'{lo:g}'}-{'' if hi is None else f'{hi:g}'})" if (lo, hi) != (None, None) \
            else ""
        data[f"{col}1"].comment = Comment(f"{node.name_id} / {node.name_en}\n{node.unit}{span}", "readiness")
        dv = _range_validation(node, ranges[ind])
        dv.add(f"{col}2:{col}{last}")
        data.add_data_validation(dv)
    code_dv = DataValidation(type="list", formula1=f"=Wilayah!$A$2:$A${len(regions) + 1}", allow_blank=False,
                             showErrorMessage=True, errorTitle="Kode wilayah / Region code",
                             error="Pilih dari lembar Wilayah / Choose from sheet Wilayah")
    code_dv.add(f"A2:A{last}")
    year_dv = DataValidation(type="whole", operator="between", formula1=str(FIRST_YEAR), formula2=str(this_year),
                             showErrorMessage=True, errorTitle="Tahun / Year", error=f"{FIRST_YEAR} - {this_year}")
    year_dv.add(f"C2:C{last}")
    data.add_data_validation(code_dv)
    data.add_data_validation(year_dv)
    data.column_dimensions["A"].number_format = "@"  # codes as text: 64.10 must not become 64.1
    for row in data.iter_rows(min_row=2, max_row=max(data.max_row, 2), min_col=1, max_col=1):
        row[0].number_format = "@"
    data.freeze_panes = "D2"
    data.column_dimensions["B"].width = 32


def _lists(wb: Any, store: Store, indicators: list[str], ranges: dict[str, tuple], regions: pd.DataFrame) -> None:
    fw = store.framework
    regions_ws = wb.create_sheet("Wilayah")
    regions_ws.append(["code", "name", "province", "kind", "group"])
    for _, r in regions.iterrows():
        regions_ws.append([r["code"], neutralise(r["name"]), neutralise(r["province"]), r["kind"], r["group"]])
    ind_ws = wb.create_sheet("Indikator")
    ind_ws.append(["id", "name_id", "name_en", "unit", "valid_min", "valid_max", "direction", "pillar", "goal_min",
                   "goal_max"])
    for ind in indicators:
        n = fw.nodes[ind]
        ind_ws.append([ind, n.name_id, n.name_en, n.unit, *ranges[ind], n.direction, n.parent, n.goal_min,
                       n.goal_max])
    src_ws = wb.create_sheet("Sumber")
    src_ws.append(["id", "title", "publisher", "url", "date"])
    for _, s in store.table("sources").iterrows():
        src_ws.append([neutralise(None if pd.isna(s[c]) else s[c]) for c in ("id", "title", "publisher", "url",
                                                                             "date")])
    for ws in (regions_ws, ind_ws, src_ws):
        _bold_header(ws)


def _template(store: Store, year: int | None, regions: Sequence[str] | None) -> bytes:
    # deferred: openpyxl: 0.06 s, 10.5 MB (benchmarks/bench_imports.py); only a workbook needs it
    from openpyxl import Workbook

    this_year = dt.date.today().year
    year = year or this_year - 1
    fw = store.framework
    derived = derive_rules(fw)
    indicators = [i for i in fw.indicators if i not in derived]
    periods = load_rules(store.seed_dir)["method_periods"]
    ranges = {i: valid_range(fw.nodes[i], method_period(periods, i, year)) for i in indicators}
    region_table = store.table("regions")
    region_table = region_table[region_table["kind"] != "reference"]
    if regions is not None:
        region_table = region_table[region_table["code"].isin(list(regions))]
    wb = Workbook()
    _guide(wb)
    _data_sheet(wb, store, indicators, ranges, region_table, year, this_year)
    _lists(wb, store, indicators, ranges, region_table)
    wb.active = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_template(path: str | Path, store: Store, *, year: int | None = None,
                   regions: Sequence[str] | None = None) -> Path:
    """Write the Excel import template (wide layout) for ``year`` (default: last year), atomically.

    Sheets: ``Petunjuk`` (instructions in Bahasa Indonesia and English), ``Data`` (one row per scored region with
    code, name and year filled in; one column per importable indicator; drop-down lists for region codes; checks of
    each indicator's valid range, :func:`readiness.model.schema.valid_range`, never its goalposts; year checks),
    ``Wilayah`` (regions), ``Indikator`` (ids, names, units, valid ranges, goalposts), ``Sumber`` (existing sources
    and their ids).
    """
    path = Path(path)
    write_atomic(path, _template(store, year, regions))
    return path


def template_bytes(store: Store, *, year: int | None = None) -> bytes:
    """The Excel import template (:func:`write_template`) as bytes, for a download button."""
    return _template(store, year, None)
