"""Import of figures from CSV or Excel: read safely, preview what would change, commit all or nothing.

Two layouts are read (the header row is row 1; names are case-insensitive):

* **long**: ``region_code, indicator, year, value`` plus optional ``source_id``, ``source_title``,
  ``source_publisher``, ``source_url``, ``source_date``, ``note``, ``region_name`` (ignored);
* **wide** (the template of :func:`write_template`): ``region_code, year`` and one column per indicator id, plus the
  same optional columns; an empty indicator cell means "no figure".

A workbook is read from its sheet named ``Data`` (else its first sheet). Every new or changed value needs a source:
an existing ``source_id``, the ``source_*`` columns (title, publisher and date required; URL optional, http(s) only,
for a printed document give its title), or a source for the whole file (``default_source``).

Nothing is written by :func:`preview_file`; :func:`commit` writes a preview in one transaction, and refuses a
preview with any rejected row or file problem, or whose records changed since it was made
(:class:`~readiness.store.errors.ConflictError`).

Limits keep time and memory bounded: the file size (:data:`MAX_BYTES`), the unpacked size of a workbook
(:data:`MAX_UNPACKED`), the number of rows (:data:`MAX_ROWS`) and columns (:data:`MAX_COLUMNS`), and the length of a
text cell (:data:`MAX_TEXT`). Workbooks are streamed (openpyxl ``read_only``).

Text is kept as text: HTML or script in a note or a source title is stored as typed, flagged in the preview, and
neutralised on export (:func:`neutralise`).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import hashlib
import io
import math
import os
import re
import tempfile
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pandas as pd

from readiness.errors import DataError
from readiness.io import neutralise
from readiness.model.derive import derive_rules
from readiness.model.framework import Framework
from readiness.store.store import Change

if TYPE_CHECKING:
    from readiness.store.access import Editor
    from readiness.store.store import Store

__all__ = [
    "MAX_BYTES",
    "ImportContext",
    "ImportPreview",
    "PreviewRow",
    "Source",
    "commit",
    "current_observations",
    "export_bytes",
    "export_frame",
    "export_observations",
    "neutralise",
    "preview_edit",
    "preview_file",
    "preview_upload",
    "template_bytes",
    "write_template",
]

#: Largest file accepted (bytes).
MAX_BYTES = 25 * 1024 * 1024
#: Largest unpacked size of a workbook's parts (guards against zip bombs).
MAX_UNPACKED = 250 * 1024 * 1024
#: Most data rows read from one file.
MAX_ROWS = 1_000_000
#: Most columns in the header.
MAX_COLUMNS = 300
#: Longest text cell.
MAX_TEXT = 4000

SOURCE_COLUMNS = ("source_id", "source_title", "source_publisher", "source_url", "source_date")
OPTIONAL_COLUMNS = (*SOURCE_COLUMNS, "note", "region_name")
LONG_REQUIRED = ("region_code", "indicator", "year", "value")
WIDE_REQUIRED = ("region_code", "year")
FIRST_YEAR = 1990

_CODE = re.compile(r"^\d{2}\.\d{2}$")
_CODE4 = re.compile(r"^\d{4}$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d+$|^[+-]?\d+,\d+$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_URL = re.compile(r"^https?://\S+$")
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript:|on[a-z]+\s*=", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)"')


# --------------------------------------------------------------------------------------------------------- sources
@dataclass(frozen=True)
class Source:
    """Where new figures come from: a publication's title, publisher, date (2024, 2024-05 or 2024-05-31) and URL
    (optional; for a printed or internal document give its title and leave the URL empty)."""

    title: str
    publisher: str
    date: str
    url: str = ""

    def problems(self) -> list[str]:
        """What is missing or malformed (empty list: fine)."""
        return [message for _, message in self.field_problems()]

    def field_problems(self) -> list[tuple[str, str]]:
        """(field, problem) pairs: what is missing or malformed."""
        out = []
        for name in ("title", "publisher", "date"):
            if not str(getattr(self, name) or "").strip():
                out.append((name, f"source {name} is empty but required / {name} sumber wajib diisi"))
        if self.date and not _DATE.match(self.date.strip()):
            out.append(("date", f"source date {self.date[:40]!r} must look like 2024-05-31, 2024-05 or 2024"))
        if self.url and not _URL.match(self.url.strip()):
            out.append(("url", f"source URL {self.url[:80]!r} must start with http:// or https:// (or leave it "
                               "empty for a document)"))
        for name in ("title", "publisher", "url", "date"):
            value = str(getattr(self, name) or "")
            if len(value) > MAX_TEXT:
                out.append((name, f"source {name} is longer than {MAX_TEXT} characters"))
            if _CONTROL.search(value):
                out.append((name, f"source {name} contains control characters"))
        return out

    def record(self, id_: str | None = None) -> dict[str, Any]:
        """The sources-table record of this source."""
        url = self.url.strip()
        return {"id": id_ or self.id, "title": self.title.strip(), "publisher": self.publisher.strip(),
                "url": url or None, "date": self.date.strip(), "accessed": None, "note": None}

    @property
    def id(self) -> str:
        """A stable id: the URL's host (or the publisher) and a hash of the fields, e.g. ``bps-go-id-3f2a1c``."""
        try:
            host = (urlsplit(self.url.strip()).hostname or "") if self.url else ""
        except ValueError:
            host = ""
        stem = re.sub(r"[^a-z0-9]+", "-", (host.removeprefix("www.") or self.publisher).lower()).strip("-")[:40]
        digest = hashlib.sha1("|".join((self.title.strip(), self.publisher.strip(), self.url.strip(),
                                        self.date.strip())).encode("utf-8")).hexdigest()[:6]
        return f"{stem or 'source'}-{digest}"


# --------------------------------------------------------------------------------------------------------- preview
@dataclass(slots=True)
class PreviewRow:
    """One value of the file and what committing it would do: ``new``, ``changed``, ``unchanged`` or ``rejected``."""

    status: str
    at: Any
    region_code: str | None
    indicator: str | None
    year: int | None
    old: float | None = None
    new: float | None = None
    source_id: str | None = None
    note: str | None = None
    base_revision: int | None = None
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        """Where the value is: file, sheet, row and column (or the editor's region, indicator and year)."""
        return str(self.at)


@dataclass
class ImportPreview:
    """What importing a file would change. Nothing has been written. See :func:`commit`."""

    file: str
    layout: str | None
    rows: list[PreviewRow]
    errors: list[str]
    new_sources: dict[str, dict[str, Any]]

    @property
    def counts(self) -> dict[str, int]:
        """Number of rows per status (``new, changed, unchanged, rejected``)."""
        out = dict.fromkeys(("new", "changed", "unchanged", "rejected"), 0)
        for r in self.rows:
            out[r.status] += 1
        return out

    @property
    def ok(self) -> bool:
        """Whether the file can be committed: no file problem and no rejected row."""
        return not self.errors and not any(r.status == "rejected" for r in self.rows)

    def problems(self, limit: int | None = None) -> list[str]:
        """File problems and each rejected row's reasons, one line each, with file, sheet, row and column."""
        out = list(self.errors)
        for r in self.rows:
            if r.status == "rejected":
                out.extend(f"{r.where} {reason}" if reason.startswith("column ") else f"{r.where}: {reason}"
                           for reason in r.reasons)
                if limit is not None and len(out) >= limit:
                    break
        return out[:limit] if limit is not None else out

    def to_frame(self) -> pd.DataFrame:
        """The preview as a table: status, where, region_code, indicator, year, old, new, source_id, reasons,
        notes."""
        frame = pd.DataFrame(
            [(r.status, str(r.at), r.region_code, r.indicator, r.year, r.old, r.new, r.source_id, "; ".join(r.reasons),
              "; ".join(r.notes)) for r in self.rows],
            columns=["status", "where", "region_code", "indicator", "year", "old", "new", "source_id", "reasons",
                     "notes"],
        )
        frame["year"] = frame["year"].astype("Int64")
        return frame


@dataclass(frozen=True)
class ImportContext:
    """What a file is checked against: the framework, the known regions and sources, the current values."""

    framework: Framework
    regions: frozenset[str]
    sources: Mapping[str, Mapping[str, Any]]
    current: Mapping[str, tuple[int, float | None]]
    this_year: int

    @classmethod
    def from_store(cls, store: Store, *, today: dt.date | None = None) -> ImportContext:
        """Read the context from the store's current records."""
        regions = store.current_records("regions")
        return cls(
            framework=store.framework,
            regions=frozenset(r["code"] for _, r in regions.values() if r.get("kind") != "reference"),
            sources={k: rec for k, (_, rec) in store.current_records("sources").items()},
            current=store.current_values(),
            this_year=(today or dt.date.today()).year,
        )

    def importable(self) -> frozenset[str]:
        """Indicator ids that take imported values (framework indicators not derived from events)."""
        derived = derive_rules(self.framework)
        return frozenset(i for i in self.framework.indicators if i not in derived)


class _Formula(str):
    """A cell holding a formula (its text), rejected by the importer."""


class _ErrorValue(str):
    """A spreadsheet error value such as ``#N/A``."""


@dataclass
class _Table:
    file: str
    sheet: str | None
    header: list[str]
    rows: Iterator[tuple[int, Sequence[Any]]]
    close: Any = None


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


class _At:
    """A value's place, formatted only when a message needs it (a preview may hold 10^5 values)."""

    __slots__ = ("col", "row", "table")

    def __init__(self, table: _Table, row: int, col: int | None = None):
        self.table, self.row, self.col = table, row, col

    def __str__(self) -> str:
        return _where(self.table, self.row, self.col)


def _where(table: _Table, row: int, col: int | None = None) -> str:
    sheet = f" sheet '{table.sheet}'" if table.sheet else ""
    column = "" if col is None else f" column {_col(col)} ('{table.header[col]}')"
    return f"{table.file}{sheet} row {row}{column}"


# --------------------------------------------------------------------------------------------------------- reading
def _read_csv(path: Path, data: bytes) -> _Table:
    name = path.name
    if data.startswith(codecs.BOM_UTF8):
        raw, encoding = data[3:], "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raw, encoding = data, "utf-16"
    else:
        raw, encoding = data, "utf-8"
        head = data[:4096]
        if head and head.count(b"\x00") * 4 >= len(head):
            raise DataError(f"{name}: looks like UTF-16 text without a byte-order mark; save it as 'CSV UTF-8' / "
                            f"tampaknya teks UTF-16 tanpa BOM; simpan sebagai 'CSV UTF-8'")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        bad = raw[exc.start:exc.start + 1].hex()
        raise DataError(f"{name} row {line}: not UTF-8 text (byte 0x{bad}); the file looks like Windows-1252/ANSI. "
                        f"In Excel choose 'CSV UTF-8 (Comma delimited)' / bukan teks UTF-8; simpan sebagai "
                        f"'CSV UTF-8'") from None
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise DataError(f"{name} row {line}: contains NUL characters (a binary file?)")
    if not text.strip():
        raise DataError(f"{name}: the file is empty / berkas kosong")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise DataError(f"{name} row 1: cannot be read as CSV: {exc}") from None

    def rows() -> Iterator[tuple[int, Sequence[Any]]]:
        number = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise DataError(f"{name} row {number + 1}: cannot be read as CSV: {exc}") from None
            number += 1
            yield number, row

    return _Table(name, None, list(header), rows())


def _merged_ranges(wb: Any, ws: Any) -> list[str]:
    """The merged-cell ranges of a read-only sheet (read from its XML, which read-only mode does not expose)."""
    found: dict[str, None] = {}
    tail = b""
    with wb._archive.open(ws._worksheet_path) as fh:
        while chunk := fh.read(1 << 20):
            buf = tail + chunk
            for m in _MERGE.finditer(buf):
                found.setdefault(m.group(1).decode("ascii").upper(), None)
            tail = buf[-512:]
    return list(found)


def _read_xlsx(path: Path) -> tuple[_Table, list[str]]:
    name = path.name
    if not zipfile.is_zipfile(path):
        raise DataError(f"{name}: not an Excel .xlsx workbook (an old .xls or another file renamed?); save it as "
                        f".xlsx / bukan buku kerja .xlsx; simpan sebagai .xlsx")
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DataError(f"{name}: damaged workbook: {exc}") from None
    if unpacked > MAX_UNPACKED:
        raise DataError(f"{name}: the workbook unpacks to {unpacked / 1e6:.0f} MB, over the limit of "
                        f"{MAX_UNPACKED / 1e6:.0f} MB / buku kerja terlalu besar")
    import openpyxl
    from openpyxl.utils import range_boundaries

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
        names = wb.sheetnames
        sheet = next((s for s in names if s.strip().casefold() == "data"), names[0] if names else None)
        if sheet is None:
            raise DataError(f"{name}: the workbook has no sheet")
        ws = wb[sheet]
        merged = _merged_ranges(wb, ws)
    except DataError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise DataError(f"{name}: cannot be read as an Excel workbook ({type(exc).__name__}: {exc})") from None
    problems = []
    for ref in merged:
        try:
            _, min_row, _, _ = range_boundaries(ref)
        except ValueError:
            continue
        what = "header cells" if min_row == 1 else "cells"
        problems.append(f"{name} sheet '{sheet}' {ref}: merged {what}; unmerge them and give every column its own "
                        f"header and every cell its own value / sel digabung; pisahkan")
    cells = ws.iter_rows()

    def convert(cell: Any) -> Any:
        value = cell.value
        if value is None:
            return None
        kind = getattr(cell, "data_type", None)
        if kind == "f" or not isinstance(value, str | int | float | bool | dt.datetime | dt.date | dt.time):
            return _Formula(str(value))
        if kind == "e":
            return _ErrorValue(str(value))
        return value

    try:
        first = next(cells, None)
        header = [] if first is None else [convert(c) for c in first]
    except Exception as exc:
        raise DataError(f"{name} sheet '{sheet}': cannot be read ({type(exc).__name__}: {exc})") from None

    def rows() -> Iterator[tuple[int, Sequence[Any]]]:
        number = 1
        try:
            for row in cells:
                number += 1
                yield number, [convert(c) for c in row]
        except DataError:
            raise
        except Exception as exc:
            raise DataError(f"{name} sheet '{sheet}' row {number}: cannot be read "
                            f"({type(exc).__name__}: {exc})") from None

    if first is None:
        wb.close()
        raise DataError(f"{name} sheet '{sheet}': the sheet is empty / lembar kosong")
    header_text = []
    for i, h in enumerate(header):
        if isinstance(h, _Formula):
            problems.append(f"{name} sheet '{sheet}' row 1 column {_col(i)}: a formula in the header; type the "
                            "column name")
            header_text.append("")
        else:
            header_text.append("" if h is None else str(h))
    return _Table(name, sheet, header_text, rows(), wb.close), problems


def _open(path: Path, max_bytes: int) -> tuple[_Table, list[str]]:
    if not path.exists():
        raise DataError(f"{path.name}: file not found / berkas tidak ditemukan")
    size = path.stat().st_size
    if size > max_bytes:
        raise DataError(f"{path.name}: {size / 1e6:.1f} MB is over the limit of {max_bytes / 1e6:.1f} MB; split the "
                        f"file / berkas melebihi batas ukuran")
    if size == 0:
        raise DataError(f"{path.name}: the file is empty / berkas kosong")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(path, path.read_bytes()), []
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise DataError(f"{path.name}: unknown file type {suffix!r}; use .csv or .xlsx / jenis berkas tidak dikenal")


# ------------------------------------------------------------------------------------------------------- checking
def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date):
        value = value.isoformat()
    s = str(value).strip()
    return s or None


def _cell_error(value: Any) -> str | None:
    if isinstance(value, _Formula):
        return f"a formula ({str(value)[:40]!r}); type the value itself / rumus; ketik nilainya"
    if isinstance(value, _ErrorValue):
        return f"a spreadsheet error value {str(value)!r}"
    return None


def _region(value: Any) -> tuple[str | None, str | None]:
    if isinstance(value, bool):
        return None, f"region code must be a code like 64.71, got {value!r}"
    if isinstance(value, float):
        value = f"{value:.2f}"
    elif isinstance(value, int):
        value = str(value)
    s = _text(value)
    if s is None:
        return None, "region code is empty but required / kode wilayah wajib diisi"
    if _CODE4.match(s):
        s = f"{s[:2]}.{s[2:]}"
    if not _CODE.match(s):
        return None, f"region code must be a Kemendagri code like 64.71, got {s[:40]!r}"
    return s, None


def _year(value: Any, this_year: int) -> tuple[int | None, str | None]:
    if isinstance(value, bool | dt.date | dt.datetime | dt.time):
        return None, f"year must be a whole number like 2024, got {value!r}"
    if isinstance(value, float):
        if not value.is_integer():
            return None, f"year must be a whole number like 2024, got {value!r}"
        value = int(value)
    if isinstance(value, int):
        year = value
    else:
        s = _text(value)
        if s is None:
            return None, "year is empty but required / tahun wajib diisi"
        if not re.fullmatch(r"\d{4}(\.0+)?", s):
            return None, f"year must be a whole number like 2024, got {s[:40]!r}"
        year = int(s.split(".")[0])
    if year > this_year:
        return None, f"year {year} is in the future (this year is {this_year}) / tahun di masa depan"
    if year < FIRST_YEAR:
        return None, f"year {year} is before {FIRST_YEAR}"
    return year, None


def _number(value: Any) -> tuple[float | None, str | None]:
    if isinstance(value, bool | dt.date | dt.datetime | dt.time):
        return None, f"value must be a number, got {value!r} / nilai harus angka"
    if isinstance(value, int | float):
        number = float(value)
    else:
        s = _text(value)
        if s is None:
            return None, "value is empty but required / nilai wajib diisi"
        s = s.replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
        if _DECIMAL_COMMA.match(s) and not _THOUSANDS.match(s):
            fixed = s.replace(".", "").replace(",", ".")
            return None, f"decimal comma in {s[:40]!r}: write {fixed} (a point as the decimal separator) / " \
                         f"koma desimal: tulis {fixed}"
        if _THOUSANDS.match(s):
            return None, f"thousands separators in {s[:40]!r}: write the number without them"
        if not _NUMBER.match(s):
            return None, f"value must be a number, got {s[:40]!r} / nilai harus angka"
        number = float(s)
    if not math.isfinite(number):
        return None, f"value must be a finite number, got {value!r}"
    return number, None


def _free_text(value: Any, what: str) -> tuple[str | None, str | None, str | None]:
    """(text, problem, note) of a free-text cell."""
    s = _text(value)
    if s is None:
        return None, None, None
    if len(s) > MAX_TEXT:
        return None, f"{what} is longer than {MAX_TEXT} characters", None
    if _CONTROL.search(s):
        return None, f"{what} contains control characters", None
    note = f"{what} contains HTML/script markup; it is stored and shown as plain text" if _MARKUP.search(s) else None
    return s, None, note


def _columns(table: _Table, ctx: ImportContext) -> tuple[str, dict[str, int], dict[str, int], list[str]]:
    """Layout, fixed column positions, indicator column positions (wide), file-level problems."""
    name = f"{table.file}" + (f" sheet '{table.sheet}'" if table.sheet else "")
    header = [("" if h is None else str(h)).strip().lstrip("\ufeff").casefold() for h in table.header]
    while header and header[-1] == "":
        header.pop()
    table.header = header
    problems: list[str] = []
    if not header:
        return "long", {}, {}, [f"{name}: no header row; row 1 must hold the column names / baris 1 harus berisi "
                                f"nama kolom"]
    if len(header) > MAX_COLUMNS:
        return "long", {}, {}, [f"{name}: {len(header)} columns, over the limit of {MAX_COLUMNS}"]
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        if h == "":
            problems.append(f"{name} row 1 column {_col(i)}: the header is empty (merged header cells?); every "
                            "column needs a name / judul kolom kosong")
        elif h in seen:
            problems.append(f"{name} row 1 column {_col(i)}: duplicate column '{h}' (also column {_col(seen[h])})")
        else:
            seen[h] = i
    layout = "long" if "indicator" in seen or "value" in seen else "wide"
    importable = ctx.importable()
    fixed: dict[str, int] = {}
    indicators: dict[str, int] = {}
    known = set(LONG_REQUIRED if layout == "long" else WIDE_REQUIRED) | set(OPTIONAL_COLUMNS)
    for h, i in seen.items():
        if h in known:
            fixed[h] = i
        elif layout == "wide" and h in importable:
            indicators[h] = i
        else:
            why = ""
            if h in derive_rules(ctx.framework):
                why = " (derived from events by code; record the event instead)"
            elif h in ctx.framework.aggregates:
                why = " (an aggregate of the framework, computed from its indicators)"
            elif layout == "wide":
                why = " (not an indicator of the framework; see the Indikator sheet of the template)"
            allowed = ", ".join((*LONG_REQUIRED, *OPTIONAL_COLUMNS)) if layout == "long" else \
                "region_code, year, the indicator ids, " + ", ".join(OPTIONAL_COLUMNS)
            problems.append(f"{name} row 1 column {_col(i)}: unknown column '{h}'{why}; allowed: {allowed} / "
                            "kolom tidak dikenal")
    required = LONG_REQUIRED if layout == "long" else WIDE_REQUIRED
    missing = [c for c in required if c not in seen]
    if missing:
        problems.append(f"{name}: missing column(s) {', '.join(missing)} / kolom wajib tidak ada")
    if layout == "wide" and not indicators and not missing:
        problems.append(f"{name}: no indicator columns; a long file needs 'indicator' and 'value' columns, a wide "
                        "one a column per indicator id")
    return layout, fixed, indicators, problems


def _candidates(table: _Table, layout: str, fixed: Mapping[str, int], indicators: Mapping[str, int]
                ) -> Iterator[tuple[int, dict[str, Any], list[tuple[int | None, Any, Any]]]]:
    """(row number, the row's cells by name, [(value column, indicator, value)]) per non-blank row."""
    width = len(table.header)
    count = 0
    wide = [(i, ind) for ind, i in indicators.items()]
    for number, cells in table.rows:
        count += 1
        if count > MAX_ROWS:
            raise DataError(f"{table.file}: more than {MAX_ROWS} rows; split the file")
        if not any(c is not None and (not isinstance(c, str) or c.strip()) for c in cells):
            continue
        n = len(cells)
        base = {k: cells[i] if i < n else None for k, i in fixed.items()}
        extra = next((j for j in range(width, n) if cells[j] is not None and str(cells[j]).strip()), None)
        if extra is not None:
            base["__extra__"] = extra
        if layout == "long":
            yield number, base, [(None, base.get("indicator"), base.get("value"))]
            continue
        values = []
        for i, ind in wide:
            v = cells[i] if i < n else None
            if v is None or (isinstance(v, str) and not v.strip()):
                continue
            values.append((i, ind, v))
        yield number, base, values


def preview_file(path: str | Path, store_or_context: Store | ImportContext, *,
                 default_source: Source | None = None, max_bytes: int = MAX_BYTES,
                 display_name: str | None = None) -> ImportPreview:
    """Read a CSV or .xlsx file and say what importing it would change; write nothing.

    Parameters
    ----------
    path
        The file (``.csv`` UTF-8 with or without BOM, or UTF-16 with BOM; ``.xlsx``).
    store_or_context
        The store whose current data the file is compared with (or a prepared :class:`ImportContext`).
    default_source
        The source of every value whose row names none.
    max_bytes
        Size limit of the file.
    display_name
        The name used in messages (default: the file's name; the app passes the uploaded name).

    Returns
    -------
    ImportPreview
        Per value: new, changed, unchanged or rejected (with reasons naming file, sheet, row, column). File-level
        problems (encoding, size, columns, merged cells...) are in ``errors``; such a preview has no rows.
    """
    path = Path(path)
    ctx = store_or_context if isinstance(store_or_context, ImportContext) else \
        ImportContext.from_store(store_or_context)
    name = display_name or path.name
    try:
        table, problems = _open(path, max_bytes)
    except DataError as exc:
        return ImportPreview(name, None, [], [p.replace(path.name, name, 1) for p in exc.problems], {})
    table.file = name
    try:
        layout, fixed, indicators, more = _columns(table, ctx)
        problems = [p.replace(path.name, name, 1) for p in problems] + more
        if problems:
            return ImportPreview(name, layout, [], problems, {})
        return _check(table, layout, _candidates(table, layout, fixed, indicators), ctx, default_source)
    finally:
        if table.close is not None:
            with contextlib.suppress(Exception):
                table.close()


def preview_edit(store_or_context: Store | ImportContext, region_code: str, values: Mapping[tuple[str, int], Any],
                 *, source: Source | None = None, source_id: str | None = None,
                 note: str | None = None) -> ImportPreview:
    """Preview an in-page edit of one region's figures, checked exactly as an imported file is.

    ``values`` maps (indicator, year) to the new value (text or number). The source is ``source`` (new) or
    ``source_id`` (existing).
    """
    ctx = store_or_context if isinstance(store_or_context, ImportContext) else \
        ImportContext.from_store(store_or_context)
    table = _Table("editor", None, [], iter(()))
    rows = ((n + 2, {"region_code": region_code, "year": year, "source_id": source_id, "note": note,
                     "__where__": f"{region_code} {ind} {year}"}, [(None, ind, value)])
            for n, ((ind, year), value) in enumerate(values.items()))
    return _check(table, "long", rows, ctx, source)


def _check(table: _Table, layout: str,
           candidates: Iterable[tuple[int, dict[str, Any], list[tuple[int | None, Any, Any]]]],
           ctx: ImportContext, default_source: Source | None) -> ImportPreview:
    importable = ctx.importable()
    nodes = ctx.framework.nodes
    goal = {i: (nodes[i].goal_min, nodes[i].goal_max) for i in importable if nodes[i].has_goalposts}
    pos = {h: i for i, h in enumerate(table.header)}

    def at(col: str) -> str:
        """Where a column is, for messages (the wide layout's value and indicator are the row's cell)."""
        if layout == "wide" and col in ("value", "indicator"):
            return ""
        return f"column {_col(pos[col])} ('{col}'): " if col in pos else ""

    def indicator_problem(ind: str | None) -> str | None:
        if ind is None:
            return f"{at('indicator')}indicator is empty but required"
        if ind in importable:
            return None
        if ind in derive_rules(ctx.framework):
            why = "is derived from events by code; record the event instead"
        elif ind in ctx.framework.aggregates:
            why = "is an aggregate of the framework, computed from its indicators"
        else:
            why = "is not an indicator of the framework"
        return f"{at('indicator')}indicator {ind[:60]!r} {why} / indikator tidak dikenal"

    rows: list[PreviewRow] = []
    first_row: dict[str, int] = {}
    new_sources: dict[str, dict[str, Any]] = {}
    source_memo: dict[tuple[Any, ...], tuple[str | None, list[str], list[str]]] = {}
    default_problems = default_source.problems() if default_source is not None else []
    default_id = _source_id(default_source, ctx, new_sources) if default_source and not default_problems else None
    missing_source = ("a source is required for a new value: fill source_title, source_publisher and source_date "
                      "(source_url if online), or source_id, or give a source for the whole file / sumber wajib "
                      "untuk nilai baru")
    try:
        for number, cells, values in candidates:
            override = cells.pop("__where__", None)
            row_where = override or _At(table, number)
            # checks of the row's own cells, once per row (a wide row holds many values)
            row_reasons: list[str] = []
            row_notes: list[str] = []
            for col, v in cells.items():
                if col != "__extra__" and (err := _cell_error(v)):
                    row_reasons.append(f"{at(col)}{err}")
            if "__extra__" in cells:
                row_reasons.append(f"column {_col(cells['__extra__'])}: a value in a column without a header")
            if row_reasons:
                rows.append(PreviewRow("rejected", row_where, None, None, None, reasons=row_reasons))
                continue
            code, err = _region(cells.get("region_code"))
            if err:
                row_reasons.append(f"{at('region_code')}{err}")
            elif code not in ctx.regions:
                row_reasons.append(f"{at('region_code')}unknown region code {code!r} (not a kabupaten/kota of the "
                                   "store; see the Wilayah sheet of the template) / kode wilayah tidak dikenal")
            year, err = _year(cells.get("year"), ctx.this_year)
            if err:
                row_reasons.append(f"{at('year')}{err}")
            note, err, flag = _free_text(cells.get("note"), "note")
            if err:
                row_reasons.append(f"{at('note')}{err}")
            if flag:
                row_notes.append(flag)
            memo_key = tuple(cells.get(c) for c in SOURCE_COLUMNS)
            if memo_key not in source_memo:
                source_memo[memo_key] = _row_source(cells, ctx, new_sources, at)
            source_id, source_reasons, source_notes = source_memo[memo_key]
            row_reasons += source_reasons
            row_notes += source_notes
            for vcol, raw_ind, raw_value in values:
                where = override or (row_where if vcol is None else _At(table, number, vcol))
                reasons = list(row_reasons)
                if vcol is not None and (err := _cell_error(raw_value)):
                    rows.append(PreviewRow("rejected", where, code, raw_ind, year, reasons=[*reasons, err]))
                    continue
                ind = _text(raw_ind)
                ind = ind.casefold() if ind else ind
                if (problem := indicator_problem(ind)) is not None:
                    reasons.append(problem)
                value, err = _number(raw_value)
                if err:
                    reasons.append(f"{at('value')}{err}")
                elif ind in goal and not goal[ind][0] <= value <= goal[ind][1]:
                    lo, hi = goal[ind]
                    reasons.append(f"{at('value')}value {value:g} is outside the valid range {lo:g} to {hi:g} of "
                                   f"{ind} ({nodes[ind].unit}) / nilai di luar rentang")
                key = f"{code}|{ind}|{year}"
                if not reasons:
                    other = first_row.get(key)
                    if other is not None:
                        reasons.append(f"duplicate of {rows[other].where} ({code}, {ind}, {year}) / baris ganda")
                        rows[other].status = "rejected"
                        rows[other].reasons.append(f"duplicate of {where} ({code}, {ind}, {year}) / baris ganda")
                    else:
                        first_row[key] = len(rows)
                notes = list(row_notes)
                if reasons:
                    rows.append(PreviewRow("rejected", where, code, ind, year, new=value, reasons=reasons,
                                           notes=notes))
                    continue
                cur = ctx.current.get(key)
                base, old = (cur[0], cur[1]) if cur else (None, None)
                if cur is not None and old is not None and float(old) == value:
                    rows.append(PreviewRow("unchanged", where, code, ind, year, old, value, base_revision=base,
                                           notes=notes))
                    continue
                sid = source_id
                if sid is None:
                    if default_problems:
                        reasons += [f"the file's source: {p}" for p in default_problems]
                    elif default_id is None:
                        reasons.append(missing_source)
                    sid = default_id
                status = "rejected" if reasons else ("new" if cur is None else "changed")
                rows.append(PreviewRow(status, where, code, ind, year, old, value, sid, note, base, reasons, notes))
    except DataError as exc:
        return ImportPreview(table.file, layout, [], list(exc.problems), {})
    if not rows:
        return ImportPreview(table.file, layout, [], [f"{table.file}: no values found below the header / tidak ada "
                                                      "nilai"], {})
    used = {r.source_id for r in rows if r.status in ("new", "changed")}
    return ImportPreview(table.file, layout, rows, [], {k: v for k, v in new_sources.items() if k in used})


def _source_id(source: Source, ctx: ImportContext, new_sources: dict[str, dict[str, Any]]) -> str:
    record = source.record()
    sid = record["id"]
    for length in (6, 12, 40):
        if length > 6:
            sid = f"{sid.rsplit('-', 1)[0]}-{hashlib.sha1(repr(record).encode()).hexdigest()[:length]}"
        have = ctx.sources.get(sid) or new_sources.get(sid)
        if have is None:
            new_sources[sid] = {**record, "id": sid}
            return sid
        if all(have.get(k) == record[k] for k in ("title", "publisher", "url", "date")):
            return sid
    raise DataError(f"cannot make a unique id for source {source.title!r}")  # pragma: no cover


def _row_source(cells: Mapping[str, Any], ctx: ImportContext, new_sources: dict[str, dict[str, Any]],
                at: Any) -> tuple[str | None, list[str], list[str]]:
    reasons: list[str] = []
    notes: list[str] = []
    texts: dict[str, str | None] = {}
    for col in SOURCE_COLUMNS:
        value, err, flag = _free_text(cells.get(col), col.replace("_", " "))
        if err:
            reasons.append(f"{at(col)}{err}")
        if flag:
            notes.append(flag)
        texts[col] = value
    if reasons:
        return None, reasons, notes
    given = [c for c in SOURCE_COLUMNS[1:] if texts[c]]
    if texts["source_id"]:
        if given:
            return None, [f"{at('source_id')}give either source_id or the source_* details, not both"], notes
        sid = texts["source_id"]
        if sid not in ctx.sources and sid not in new_sources:
            return None, [f"{at('source_id')}unknown source_id {sid[:60]!r} / sumber tidak dikenal"], notes
        return sid, [], notes
    if not given:
        return None, [], notes
    source = Source(title=texts["source_title"] or "", publisher=texts["source_publisher"] or "",
                    date=texts["source_date"] or "", url=texts["source_url"] or "")
    problems = source.field_problems()
    if problems:
        return None, [f"{at('source_' + f)}{p}" for f, p in problems], notes
    return _source_id(source, ctx, new_sources), [], notes


# ---------------------------------------------------------------------------------------------------------- commit
def commit(store: Store, preview: ImportPreview, *, editor: Editor, reason: str | None = None) -> list[int]:
    """Write a preview's new and changed values (and their new sources) in one transaction.

    Returns
    -------
    list of int
        The new revision ids (empty when nothing changes).

    Raises
    ------
    DataError
        The preview has file problems or rejected rows (nothing written).
    ConflictError
        A value changed in the store after the preview was made (nothing written; preview again).
    AccessError
        ``editor`` is not logged in.
    """
    if not preview.ok:
        raise DataError(preview.problems())
    changes = []
    for r in preview.rows:
        if r.status not in ("new", "changed"):
            continue
        record = {"region_code": r.region_code, "indicator": r.indicator, "year": r.year, "value": r.new,
                  "source_id": r.source_id, "note": r.note, "confidence": None, "quote": None}
        changes.append(Change("observations", f"{r.region_code}|{r.indicator}|{r.year}", record, r.base_revision,
                              r.source_id))
    if not changes:
        return []
    return store.write(changes, editor=editor, reason=reason or f"import of {preview.file}",
                       new_sources=list(preview.new_sources.values()))


# ---------------------------------------------------------------------------------------------------------- export
def _atomic(path: Path, write: Any) -> None:
    if not path.parent.exists():
        raise DataError(f"{path}: folder {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_frame(frames: pd.DataFrame | Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write a table (or several, as sheets) to CSV or .xlsx with text cells neutralised (:func:`neutralise`).

    A CSV gets the first table only, in UTF-8 with a BOM (so that Excel reads the accents). Written atomically.
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    path = Path(path)
    sheets = {"data": frames} if isinstance(frames, pd.DataFrame) else dict(frames)

    def safe(frame: pd.DataFrame) -> list[list[Any]]:
        out = []
        for row in frame.astype(object).itertuples(index=False):
            cells = []
            for v in row:
                if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
                    cells.append(None)
                elif hasattr(v, "item") and not isinstance(v, str):
                    cells.append(v.item())
                else:
                    cells.append(neutralise(v))
            out.append(cells)
        return out

    if path.suffix.lower() == ".csv":
        frame = next(iter(sheets.values()))

        def write_csv(tmp: Path) -> None:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow([neutralise(str(c)) for c in frame.columns])
                for cells in safe(frame):
                    w.writerow(["" if c is None else repr(c) if isinstance(c, float) else c for c in cells])

        _atomic(path, write_csv)
        return path
    if path.suffix.lower() != ".xlsx":
        raise DataError(f"{path.name}: export to .csv or .xlsx")

    def write_xlsx(tmp: Path) -> None:
        wb = Workbook(write_only=True)
        for name, frame in sheets.items():
            ws = wb.create_sheet(title=str(name)[:31])
            ws.append([neutralise(str(c)) for c in frame.columns])
            for cells in safe(frame):
                ws.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in cells])
        wb.save(tmp)

    _atomic(path, write_xlsx)
    return path


def current_observations(store: Store) -> pd.DataFrame:
    """The store's current (not derived) observations with their sources and revision, for export."""
    obs = store.table("observations")
    sources = store.table("sources").set_index("id")
    names = {r["code"]: r["name"] for _, r in store.table("regions").iterrows()}
    fw = store.framework
    out = pd.DataFrame({
        "region_code": obs["region_code"],
        "region_name": obs["region_code"].map(names),
        "indicator": obs["indicator"],
        "indicator_name_id": obs["indicator"].map(lambda i: fw.nodes[i].name_id if i in fw.nodes else None),
        "indicator_name_en": obs["indicator"].map(lambda i: fw.nodes[i].name_en if i in fw.nodes else None),
        "unit": obs["indicator"].map(lambda i: fw.nodes[i].unit if i in fw.nodes else None),
        "year": obs["year"].astype("Int64"),
        "value": obs["value"].astype("Float64"),
        "source_id": obs["source_id"],
        "note": obs["note"],
    })
    for col in ("title", "publisher", "url", "date"):
        out[f"source_{col}"] = obs["source_id"].map(sources[col]) if len(sources) else None
    out["revision_id"] = obs["revision_id"].astype("int64")
    return out


def export_observations(store: Store, path: str | Path) -> Path:
    """Export the current figures with their sources to CSV or .xlsx (workbook: sheets data and sources)."""
    path = Path(path)
    data = current_observations(store)
    if path.suffix.lower() == ".xlsx":
        sources = store.table("sources").drop(columns="revision_id")
        return export_frame({"data": data, "sources": sources}, path)
    return export_frame(data, path)


# -------------------------------------------------------------------------------------------------------- template
INSTRUCTIONS = (
    ("Templat impor data Kesiapan Penyangga IKN", "IKN buffer-city readiness: data import template"),
    ("", ""),
    ("1. Isi lembar 'Data': satu baris per wilayah, satu kolom per indikator, untuk tahun di kolom 'year'.",
     "1. Fill in the 'Data' sheet: one row per region, one column per indicator, for the year in column 'year'."),
    ("2. Biarkan sel kosong bila tidak ada angka. Jangan menghapus atau mengganti nama judul kolom (baris 1).",
     "2. Leave a cell empty when there is no figure. Do not delete or rename the column headers (row 1)."),
    ("3. Pakai titik sebagai pemisah desimal (3.45, bukan 3,45), tanpa pemisah ribuan, tanpa rumus.",
     "3. Use a point as the decimal separator (3.45, not 3,45), no thousands separators, no formulas."),
    ("4. Nilai harus dalam rentang yang sah (lembar 'Indikator'); kode wilayah dari lembar 'Wilayah'.",
     "4. Values must be within the valid range (sheet 'Indikator'); region codes from sheet 'Wilayah'."),
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


def write_template(path: str | Path, store: Store, *, year: int | None = None,
                   regions: Sequence[str] | None = None) -> Path:
    """Write the Excel import template (wide layout) for ``year`` (default: last year).

    Sheets: ``Petunjuk`` (instructions in Bahasa Indonesia and English), ``Data`` (one row per scored region with
    code, name and year filled in; one column per importable indicator; drop-down lists for region codes; range
    checks on every indicator with goalposts; year checks), ``Wilayah`` (regions), ``Indikator`` (ids, names, units,
    valid ranges), ``Sumber`` (existing sources and their ids).
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    this_year = dt.date.today().year
    year = year or this_year - 1
    fw = store.framework
    derived = derive_rules(fw)
    indicators = [i for i in fw.indicators if i not in derived]
    region_table = store.table("regions")
    region_table = region_table[region_table["kind"] != "reference"]
    if regions is not None:
        region_table = region_table[region_table["code"].isin(list(regions))]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")

    wb = Workbook()
    guide = wb.active
    guide.title = "Petunjuk"
    guide.append(["Bahasa Indonesia", "English"])
    for id_text, en_text in INSTRUCTIONS:
        guide.append([id_text, en_text])
    guide.column_dimensions["A"].width = 90
    guide.column_dimensions["B"].width = 90
    for cell in guide[1] + guide[2]:
        cell.font = bold

    data = wb.create_sheet("Data")
    header = ["region_code", "region_name", "year", *indicators, "source_title", "source_publisher", "source_url",
              "source_date", "source_id", "note"]
    data.append(header)
    for cell in data[1]:
        cell.font = bold
        cell.fill = fill
    for _, r in region_table.iterrows():
        data.append([r["code"], neutralise(r["name"]), year])
    last = max(data.max_row, 2)
    for j, ind in enumerate(indicators):
        node = fw.nodes[ind]
        col = get_column_letter(4 + j)
        rng = f" ({node.goal_min:g}-{node.goal_max:g})" if node.has_goalposts else ""
        data[f"{col}1"].comment = Comment(f"{node.name_id} / {node.name_en}\n{node.unit}{rng}", "readiness")
        if node.has_goalposts:
            dv = DataValidation(type="decimal", operator="between", formula1=f"{node.goal_min:g}",
                                formula2=f"{node.goal_max:g}", allow_blank=True, showErrorMessage=True,
                                errorTitle="Di luar rentang / Out of range",
                                error=f"{node.goal_min:g} - {node.goal_max:g} ({node.unit})")
        else:
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                showErrorMessage=True, errorTitle="Angka / Number", error=node.unit)
        dv.add(f"{col}2:{col}{last + 500}")
        data.add_data_validation(dv)
    n_regions = len(region_table)
    code_dv = DataValidation(type="list", formula1=f"=Wilayah!$A$2:$A${n_regions + 1}", allow_blank=False,
                             showErrorMessage=True, errorTitle="Kode wilayah / Region code",
                             error="Pilih dari lembar Wilayah / Choose from sheet Wilayah")
    code_dv.add(f"A2:A{last + 500}")
    year_dv = DataValidation(type="whole", operator="between", formula1=str(FIRST_YEAR), formula2=str(this_year),
                             showErrorMessage=True, errorTitle="Tahun / Year",
                             error=f"{FIRST_YEAR} - {this_year}")
    year_dv.add(f"C2:C{last + 500}")
    data.add_data_validation(code_dv)
    data.add_data_validation(year_dv)
    data.column_dimensions["A"].number_format = "@"  # codes as text: 64.10 must not become 64.1
    for row in data.iter_rows(min_row=2, max_row=last, min_col=1, max_col=1):
        row[0].number_format = "@"
    data.freeze_panes = "D2"
    data.column_dimensions["B"].width = 32

    regions_ws = wb.create_sheet("Wilayah")
    regions_ws.append(["code", "name", "province", "kind", "group"])
    for _, r in region_table.iterrows():
        regions_ws.append([r["code"], neutralise(r["name"]), neutralise(r["province"]), r["kind"], r["group"]])
    ind_ws = wb.create_sheet("Indikator")
    ind_ws.append(["id", "name_id", "name_en", "unit", "valid_min", "valid_max", "direction", "pillar"])
    for ind in indicators:
        n = fw.nodes[ind]
        ind_ws.append([ind, n.name_id, n.name_en, n.unit, n.goal_min, n.goal_max, n.direction, n.parent])
    src_ws = wb.create_sheet("Sumber")
    src_ws.append(["id", "title", "publisher", "url", "date"])
    for _, s in store.table("sources").iterrows():
        src_ws.append([neutralise(None if pd.isna(s[c]) else s[c]) for c in ("id", "title", "publisher", "url",
                                                                             "date")])
    for ws in (regions_ws, ind_ws, src_ws):
        for cell in ws[1]:
            cell.font = bold
    wb.active = 1
    _atomic(path, wb.save)
    return path


def _as_bytes(write: Any, suffix: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"file{suffix}"
        write(path)
        return path.read_bytes()


def template_bytes(store: Store, *, year: int | None = None) -> bytes:
    """The Excel import template (:func:`write_template`) as bytes, for a download button."""
    return _as_bytes(lambda p: write_template(p, store, year=year), ".xlsx")


def export_bytes(store: Store, suffix: str) -> bytes:
    """The current figures with their sources (:func:`export_observations`) as ``.csv`` or ``.xlsx`` bytes."""
    if suffix not in (".csv", ".xlsx"):
        raise DataError(f"export to .csv or .xlsx, not {suffix!r}")
    return _as_bytes(lambda p: export_observations(store, p), suffix)


def preview_upload(data: bytes, name: str, store: Store, *, default_source: Source | None = None,
                   max_bytes: int = MAX_BYTES) -> ImportPreview:
    """:func:`preview_file` for an uploaded file's bytes (messages name the uploaded file)."""
    suffix = Path(name).suffix.lower()
    if len(data) > max_bytes:
        return ImportPreview(name, None, [], [f"{name}: {len(data) / 1e6:.1f} MB is over the limit of "
                                              f"{max_bytes / 1e6:.1f} MB; split the file / berkas melebihi batas "
                                              "ukuran"], {})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        return preview_file(path, store, default_source=default_source, max_bytes=max_bytes, display_name=name)
