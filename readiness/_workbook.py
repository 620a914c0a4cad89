"""The workbook half of :mod:`readiness.io` (private): the zip checked whole, then one sheet streamed cell by cell.

:func:`readiness.io.read_xlsx_bytes` is the entry point; it builds the table from the :class:`Sheet` read here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

from readiness.errors import ReadinessError, clip

__all__ = ["OLE_MAGIC", "ZIP_MAGIC", "Sheet", "check_zip", "column_letter", "read_sheet"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The start of one shared string (``<si>``, with or without a namespace prefix).
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
ZIP_MAGIC = b"PK\x03\x04"


def column_letter(index: int) -> str:
    """Spreadsheet column letters of a 1-based column index (1 -> A, 28 -> AB)."""
    letters = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def check_zip(data: bytes, source: str, error: type[ReadinessError], limits: Any) -> zipfile.ZipFile:
    """Open the workbook's zip and check it whole before any XML is parsed."""
    if data.startswith(OLE_MAGIC):
        raise error(f"{source}: an old Excel .xls file (or an encrypted workbook), which is not read; save it as "
                    ".xlsx (Excel Workbook) or CSV UTF-8")
    if not data.startswith(ZIP_MAGIC):
        raise error(f"{source}: not an .xlsx workbook (an .xlsx file is a zip archive; this one starts with "
                    f"{clip(data[:8])})")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise error(f"{source}: the workbook is damaged or truncated ({clip(str(exc), 80)})") from None
    if len(infos) > limits.xlsx_members:
        raise error(f"{source}: the workbook holds {len(infos):,} parts; the limit is {limits.xlsx_members:,}")
    total = sum(i.file_size for i in infos)
    if total > limits.xlsx_uncompressed:
        raise error(f"{source}: the workbook unpacks to {total / 2**20:.0f} MB; the limit is "
                    f"{limits.xlsx_uncompressed / 2**20:.0f} MB")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise error(f"{source}: not an Excel workbook (no xl/workbook.xml inside the zip)")
    try:
        for info in infos:  # reads every part: CRC checked; sizes cannot exceed the declared ones
            with archive.open(info) as part:
                head = part.read(4096)
                if info.filename.endswith((".xml", ".rels")) and b"<!DOCTYPE" in head.upper():
                    raise error(f"{source}: part {clip(info.filename, 60)} declares a DOCTYPE, which is not allowed")
                strings = info.filename.lower().endswith("sharedstrings.xml")
                count, tail, chunk = 0, b"", head
                while chunk:
                    if strings:  # openpyxl builds every shared string at load, beyond our reach: count them first
                        joined = tail + chunk
                        count += len(_SHARED_STRING.findall(joined)) - len(_SHARED_STRING.findall(tail))
                        tail = joined[-16:]
                        if count > limits.shared_strings:
                            raise error(f"{source}: the workbook holds more than {limits.shared_strings:,} distinct "
                                        "texts (shared strings); the limit keeps reading it within the time "
                                        "budget (save the sheet alone, as CSV UTF-8)")
                    chunk = part.read(1 << 20)
    except ReadinessError:
        raise
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise error(f"{source}: the workbook is damaged or truncated ({clip(str(exc), 80)})") from None
    return archive


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):  # a date typed in a cell: 2025-02-01, not 2025-02-01 00:00:00
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _pick_sheet(workbook: Any, source: str, error: type[ReadinessError], sheet: str | None) -> tuple[Any, str]:
    """The sheet called ``sheet`` (case and surrounding spaces ignored), else the first; and its name for messages."""
    # deferred: openpyxl: 0.06 s, 10.5 MB (benchmarks/bench_imports.py); only a workbook needs it
    from openpyxl.chartsheet import Chartsheet

    names = workbook.sheetnames
    if not names:
        raise error(f"{source}: the workbook has no sheets")
    wanted = (sheet or "").strip().casefold()
    name = next((n for n in names if wanted and n.strip().casefold() == wanted), names[0])
    chosen = workbook[name]
    if isinstance(chosen, Chartsheet) or not hasattr(chosen, "_get_source"):
        raise error(f"{source} sheet {clip(name, 40)}: a chart sheet, not a table; put the table on the "
                    f"{'sheet ' + clip(sheet, 40) if sheet else 'first sheet'}")
    return chosen, f"sheet {clip(name, 40)}"


def _row_values(row_cells: Any, source: str, where: str, error: type[ReadinessError], limits: Any,
                problems: list[str]) -> dict[int, str]:
    """The non-empty cells of one parsed row as text by column; formulas and over-long cells go to ``problems``."""
    values: dict[int, str] = {}
    for cell in row_cells:
        col = cell["column"]
        ref = f"{column_letter(col)}{cell['row']}"
        if col > limits.columns:
            raise error(f"{source} {where} cell {ref}: beyond the limit of {limits.columns} columns (delete the far "
                        "columns)")
        if cell["data_type"] == "f":
            problems.append(f"{source} {where} cell {ref}: holds a formula {clip(str(cell['value']), 40)}; the "
                            "project reads values only (copy the cells and paste them as values)")
            continue
        text = _cell_text(cell["value"])
        if len(text) > limits.cell_chars:
            problems.append(f"{source} {where} cell {ref}: {len(text):,} characters; the limit is "
                            f"{limits.cell_chars:,}")
            continue
        if text:
            values[col] = text
    return values


@dataclass
class Sheet:
    """What one sheet holds: its header, its data rows as text and their row numbers, and the problems found."""

    where: str
    header: list[str] | None = None
    header_row: int | None = None
    rows: list[list[str]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_sheet(workbook: Any, source: str, error: type[ReadinessError], limits: Any,
               sheet: str | None, deadline: float | None = None) -> Sheet:
    """Stream one sheet cell by cell (no padding of sparse rows); merged cells are problems. Past ``deadline``
    (``time.monotonic()``), the read stops with an error naming the time budget."""
    # deferred: openpyxl: 0.06 s, 10.5 MB (benchmarks/bench_imports.py); only a workbook needs it
    from openpyxl.utils import range_boundaries
    from openpyxl.worksheet._reader import WorkSheetParser

    chosen, where = _pick_sheet(workbook, source, error, sheet)
    out = Sheet(where)
    cells = 0
    with chosen._get_source() as src:
        parser = WorkSheetParser(src, chosen._shared_strings, data_only=False, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
        for row_number, row_cells in parser.parse():
            if row_number > limits.rows + 1:
                raise error(f"{source} {where}: a cell in row {row_number:,}; the limit is {limits.rows:,} rows "
                            "(delete the far rows)")
            if deadline is not None and time.monotonic() > deadline:
                raise error(f"{source} {where} row {row_number:,}: reading took longer than the time budget of "
                            f"{limits.seconds:g} s; split the file or save it as CSV UTF-8")
            values = _row_values(row_cells, source, where, error, limits, out.problems)
            if len(out.problems) >= limits.problems:
                return out
            if not values:
                continue
            if out.header is None:
                out.header = [values.get(k, "") for k in range(1, max(values) + 1)]
                out.header_row = row_number
                continue
            beyond = [k for k in values if k > len(out.header)]
            if beyond:
                out.problems.append(f"{source} {where} cell {column_letter(beyond[0])}{row_number}: a value to the "
                                    "right of the header row's last column")
                if len(out.problems) >= limits.problems:
                    return out
                continue
            out.rows.append([values.get(k, "") for k in range(1, len(out.header) + 1)])
            out.numbers.append(row_number)
            cells += len(out.header)
            if cells > limits.cells:
                raise error(f"{source} {where} row {row_number:,}: more than {limits.cells:,} cells")
        merged = parser.merged_cells.mergeCell if parser.merged_cells is not None else []
    for cr in merged[: limits.problems]:
        ref = str(cr.ref)[:30]
        try:
            top = range_boundaries(ref)[1]
        except ValueError:
            top = None
        what = "header cells" if top is not None and top == out.header_row else "cells"
        out.problems.append(f"{source} {where} {ref}: merged {what}; unmerge them and give every column its own "
                            "header and every cell its own value")
    return out
