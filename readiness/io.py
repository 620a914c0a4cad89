"""One input layer for every file the project reads: bounded, iterative, and failing with the library's own errors.

Every reader here takes a path (or bytes), enforces a :class:`Limits` (file size, rows, columns, cells, cell length,
YAML depth and node count, workbook uncompressed size, number range) and raises a
:class:`~readiness.errors.ReadinessError` subclass (``DataError`` for tables, ``FrameworkError`` for frameworks) that
names the file, the sheet, the row or line, the column and the reason. Nothing recurses over user data, so a deep or
self-referencing file cannot exhaust the stack, and no step's cost grows faster than the file's size.

Rules
-----
* **Size**: a file larger than ``Limits.file_bytes`` is refused before it is read.
* **Encoding**: UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark. Anything else is refused
  with the byte offset and line of the first undecodable byte and a guess of the encoding (``cp1252`` for a
  Windows spreadsheet export, UTF-16 without a mark, or a binary file such as a workbook renamed ``.csv``).
* **YAML**: read as a stream of events and built with an explicit stack. Anchors, aliases (``&a``, ``*a``) and
  tags other than YAML's standard scalar ones are refused (this rules out "billion laughs" expansion); nesting
  deeper than ``Limits.yaml_depth`` and documents with more than ``Limits.yaml_nodes`` nodes are refused; a key
  given twice in one mapping is an error. Integers too long for Python (over 4,300 digits) stay text and fail
  the number check that follows.
* **CSV**: every cell is text; at most ``Limits.rows`` rows, ``Limits.columns`` columns, ``Limits.cells`` cells and
  ``Limits.cell_chars`` characters per cell. A row with more or fewer cells than the header is reported with its
  line number; header names must be unique (blank header names of empty columns are dropped).
* **XLSX**: the zip is checked first (readable, CRCs intact, at most ``Limits.xlsx_members`` members and
  ``Limits.xlsx_uncompressed`` bytes uncompressed, no XML ``<!DOCTYPE``), then the first sheet is streamed with
  openpyxl's read-only parser, cell by cell (no padding of sparse rows, so one far cell costs nothing). A cell
  beyond the row or column limit, a chart sheet, an old OLE ``.xls`` file and a formula are each refused with a
  clear message (the project reads values only: copy the cells and paste them as values). A workbook with more
  than ``Limits.shared_strings`` distinct texts is refused before openpyxl builds them.
* **Time**: reading one table (CSV, or a workbook's sheet) stops with an error past ``Limits.seconds``.
* **Numbers**: finite and within ``+-NUMBER_LIMIT`` (1e15, above any budget in rupiah a region publishes); see
  :func:`check_number`.
* **Messages**: every value quoted in a message is clipped (:func:`clip`) and
  :class:`~readiness.errors.ReadinessError` keeps at most a bounded number of problems, so stderr stays small.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import tempfile
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from readiness._workbook import OLE_MAGIC, ZIP_MAGIC, check_zip, read_sheet
from readiness.errors import DataError, ReadinessError, clip

__all__ = [
    "DEFAULT_LIMITS",
    "FORMULA_PREFIXES",
    "MB",
    "NUMBER_LIMIT",
    "Limits",
    "check_number",
    "check_output_path",
    "clip",
    "decode_text",
    "first_problems",
    "neutralise",
    "neutralise_cells",
    "parse_yaml",
    "read_bytes",
    "read_csv_text",
    "read_table",
    "read_table_bytes",
    "read_text",
    "read_xlsx_bytes",
    "read_yaml",
    "write_atomic",
]

MB = 1024 * 1024
#: Largest absolute value accepted for any number read from a file (values, weights, goalposts, targets).
NUMBER_LIMIT = 1e15


@dataclass(frozen=True)
class Limits:
    """Bounds applied while reading a file. The defaults are generous for the project's real files.

    Attributes
    ----------
    file_bytes
        Largest file read (bytes).
    rows, columns, cells, cell_chars
        Largest table: data rows, columns, cells (rows x columns) and characters in one cell.
    yaml_depth, yaml_nodes
        Deepest nesting of YAML mappings/sequences and most YAML nodes in a document.
    xlsx_uncompressed, xlsx_members
        Largest total uncompressed size of a workbook's zip members, and most members.
    problems
        Most problems collected from one file before reading stops.
    shared_strings
        Most distinct texts (shared strings) in a workbook: openpyxl builds them all before the first cell is read.
    seconds
        The time budget for reading one table (CSV or a workbook's sheet), checked as it streams.
    """

    file_bytes: int = 20 * MB
    rows: int = 100_000
    columns: int = 200
    cells: int = 2_000_000
    cell_chars: int = 10_000
    yaml_depth: int = 64
    yaml_nodes: int = 200_000
    xlsx_uncompressed: int = 64 * MB
    xlsx_members: int = 2_000
    problems: int = 50
    shared_strings: int = 250_000
    seconds: float = 30.0


DEFAULT_LIMITS = Limits()

def _name(path: Path | str) -> str:
    return Path(path).name or str(path)


# ---------------------------------------------------------------------------------------------------------------
# Bytes and text


def read_bytes(path: str | Path, *, error: type[ReadinessError] = DataError,
               limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of ``path``, refusing a missing path, a folder and a file over ``limits.file_bytes``."""
    p = Path(path)
    try:
        if not p.exists():
            raise error(f"{p}: file not found")
        if not p.is_file():
            raise error(f"{_name(p)}: not a regular file (a folder or device?)")
        size = p.stat().st_size
        if size > limits.file_bytes:
            raise error(f"{_name(p)}: file is {size / MB:.1f} MB; the limit is {limits.file_bytes / MB:.0f} MB")
        with p.open("rb") as fh:
            data = fh.read(limits.file_bytes + 1)
    except OSError as exc:
        raise error(f"{_name(p)}: cannot be read ({exc.strerror or type(exc).__name__})") from None
    if len(data) > limits.file_bytes:
        raise error(f"{_name(p)}: file is larger than the limit of {limits.file_bytes / MB:.0f} MB")
    return data




def _guess_encoding(data: bytes, offset: int) -> str:
    """A short guess at what a non-UTF-8 byte string is."""
    if data.startswith(ZIP_MAGIC):
        return "a zip file (an .xlsx workbook?), not text"
    if data.startswith(OLE_MAGIC):
        return "an old Excel .xls (OLE) file, not text"
    sample = data[:4096]
    if sample and sample.count(0) * 4 >= len(sample):
        return "UTF-16 without a byte-order mark"
    if 0 in sample:
        return "a binary file, not text"
    if offset < len(data) and 0x80 <= data[offset] <= 0xFF:
        return "cp1252 (Windows-1252, Excel's 'CSV' on Windows) or ISO-8859-1"
    return "not UTF-8"


def decode_text(data: bytes, source: str, *, error: type[ReadinessError] = DataError) -> str:
    """Decode ``data`` as UTF-8 (optional BOM) or UTF-16 with a BOM; refuse anything else naming a guess.

    The message names the byte offset and line of the first byte that does not decode, and the likely encoding.
    A NUL character (binary data) is refused too.
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise error(f"{source}: text is UTF-32; save it as UTF-8")
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8", data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", data
    else:
        encoding, body = "utf-8", data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        start = exc.start + (len(data) - len(body))
        line = data.count(b"\n", 0, start) + 1
        guess = _guess_encoding(data, start) if encoding == "utf-8" else "damaged UTF-16"
        raise error(f"{source}: not {encoding.upper()} text: byte 0x{data[start]:02X} at offset {start} (line {line}) "
                    f"does not decode; the file looks like {guess}. Save it as UTF-8 (Excel: 'CSV UTF-8').") from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise error(f"{source}: holds a NUL character at line {line}; the file looks like {_guess_encoding(data, 0)}. "
                    "Save it as UTF-8 text.")
    return text.removeprefix("\ufeff")


def read_text(path: str | Path, *, error: type[ReadinessError] = DataError, limits: Limits = DEFAULT_LIMITS) -> str:
    """Read ``path`` as text under ``limits`` (see :func:`decode_text` for the encodings accepted)."""
    return decode_text(read_bytes(path, error=error, limits=limits), _name(path), error=error)


# ---------------------------------------------------------------------------------------------------------------
# Numbers


def check_number(value: float, *, limit: float = NUMBER_LIMIT) -> str | None:
    """Why ``value`` is not an acceptable number (None when it is): NaN, infinite, or beyond ``+-limit``."""
    if isinstance(value, bool):
        return f"must be a number, got {value!r}"
    if math.isnan(value):
        return "must be a number, got NaN"
    if not math.isfinite(value):
        return f"must be a finite number, got {value!r}"
    if abs(value) > limit:
        return f"must be between {-limit:g} and {limit:g}, got {value:g}"
    return None


# ---------------------------------------------------------------------------------------------------------------
# YAML


_SCALAR_TAGS = {
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp",
}
_CONTAINER_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_NO_KEY = object()
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _where(event: Any) -> str:
    mark = getattr(event, "start_mark", None)
    return f"line {mark.line + 1}" if mark is not None else "?"


def parse_yaml(text: str, source: str, *, error: type[ReadinessError] = DataError,
               limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse one YAML document from ``text`` into plain dicts, lists and scalars, without recursion.

    Anchors, aliases, non-standard tags, complex keys, duplicate keys, several documents, nesting deeper than
    ``limits.yaml_depth`` and more than ``limits.yaml_nodes`` nodes are refused with ``error``.
    """
    loader = _YAML_LOADER(text)
    stack: list[list[Any]] = []  # [container, pending key] per open mapping/sequence
    root: Any = _NO_KEY
    nodes = 0
    documents = 0

    def attach(value: Any, event: Any, hashable: bool) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, list):
            container.append(value)
        elif frame[1] is _NO_KEY:
            if not hashable:
                raise error(f"{source} {_where(event)}: a mapping key must be plain text, not a mapping or list")
            if value in container:
                raise error(f"{source} {_where(event)}: key {clip(value)} is given twice in the same mapping")
            frame[1] = value
        else:
            container[frame[1]] = value
            frame[1] = _NO_KEY

    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise error(f"{source} {_where(event)}: holds several YAML documents; keep one")
                continue
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise error(f"{source} {_where(event)}: YAML anchors and aliases (&name, *name) are not allowed; "
                            "write the values out")
            if isinstance(event, yaml.ScalarEvent | yaml.MappingStartEvent | yaml.SequenceStartEvent):
                nodes += 1
                if nodes > limits.yaml_nodes:
                    raise error(f"{source} {_where(event)}: more than {limits.yaml_nodes:,} YAML nodes")
                tag = event.tag
                if tag not in (None, "!") and tag not in _SCALAR_TAGS | _CONTAINER_TAGS:
                    raise error(f"{source} {_where(event)}: YAML tag {clip(tag, 40)} is not allowed")
            if isinstance(event, yaml.ScalarEvent):
                attach(_scalar(loader, event, source, error), event, True)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if len(stack) >= limits.yaml_depth:
                    raise error(f"{source} {_where(event)}: nested deeper than {limits.yaml_depth} levels")
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                attach(container, event, False)
                stack.append([container, _NO_KEY])
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                stack.pop()
    except yaml.YAMLError as exc:
        raise error(f"{source}: not valid YAML: {clip(str(exc), 300)}") from None
    finally:
        loader.dispose()
    return None if root is _NO_KEY else root


def _scalar(loader: Any, event: Any, source: str, error: type[ReadinessError]) -> Any:
    """A plain scalar resolved as YAML's safe loader would (null, bool, int, float, timestamp, text)."""
    if len(event.value) > DEFAULT_LIMITS.cell_chars * 10:
        raise error(f"{source} {_where(event)}: a value of {len(event.value):,} characters is too long")
    tag = event.tag
    if tag in (None, "!"):
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
    build = yaml.SafeLoader.yaml_constructors.get(tag)
    if build is None:
        return event.value
    try:
        return build(loader, node)
    except (ValueError, OverflowError, yaml.YAMLError):
        return event.value  # e.g. an int of over 4,300 digits: kept as text, refused by the number checks


def read_yaml(path: str | Path, *, error: type[ReadinessError] = DataError, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Read one YAML document from ``path`` under ``limits`` (see :func:`parse_yaml`)."""
    return parse_yaml(read_text(path, error=error, limits=limits), _name(path), error=error, limits=limits)


# ---------------------------------------------------------------------------------------------------------------
# Tables


def _frame(header: list[str], rows: list[list[str]], source: str, error: type[ReadinessError],
           where: str, numbers: list[int] | None = None) -> pd.DataFrame:
    """Check header names and build an all-text frame (blank header of an empty column is dropped).

    ``frame.attrs["columns"]`` holds the file column (1-based) of each frame column; with ``numbers`` (the file row
    of each row) the index is those row numbers, named ``row``.
    """
    problems: list[str] = []
    keep: list[int] = []
    seen: dict[str, int] = {}
    for k, name in enumerate(header):
        if not name.strip():
            if any(k < len(r) and r[k].strip() for r in rows):
                problems.append(f"{source} {where} column {k + 1}: the header is empty but the column has values")
            continue
        if name in seen:
            problems.append(f"{source} {where}: duplicate column name {clip(name, 40)} (columns {seen[name] + 1} "
                            f"and {k + 1})")
            if len(problems) >= 20:
                break
            continue
        seen[name] = k
        keep.append(k)
    if problems:
        raise error(problems)
    names = [header[k] for k in keep]
    data = [[r[k] for k in keep] for r in rows] if len(keep) != len(header) else rows
    frame = pd.DataFrame(data, columns=names, dtype=object) if data else pd.DataFrame(columns=names, dtype=object)
    frame = frame.astype(str) if len(frame.columns) else frame
    if numbers is not None:
        frame.index = pd.Index(numbers, dtype="int64", name="row")
    frame.attrs["columns"] = [k + 1 for k in keep]
    return frame


def _delimiter(text: str, delimiters: str) -> str:
    """The one of ``delimiters`` used most in the first non-blank line (the first of them on a tie)."""
    if len(delimiters) == 1:
        return delimiters
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max(delimiters, key=first.count)


def read_csv_text(text: str, source: str, *, error: type[ReadinessError] = DataError,
                  limits: Limits = DEFAULT_LIMITS, delimiters: str = ",", row_numbers: bool = False) -> pd.DataFrame:
    """Parse CSV ``text`` into an all-text frame under ``limits``; ragged rows are reported with their line.

    ``delimiters``: the cell separator, or several to choose from by the first line (``",;\\t"`` reads a
    spreadsheet's export in a locale that separates with semicolons). ``row_numbers``: index the rows by their file
    line (the header is line 1), for messages.
    """
    deadline = time.monotonic() + limits.seconds
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, delimiters), strict=False)
    problems: list[str] = []
    header: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    cells = header_line = 0
    try:
        start = 1
        for record in reader:
            line, start = start, reader.line_num + 1
            if not record:
                continue  # blank line
            if header is None:
                if len(record) > limits.columns:
                    raise error(f"{source} line {line}: {len(record):,} columns; the limit is {limits.columns}")
                header, header_line = record, line
                for k, cell in enumerate(header):
                    if len(cell) > 200:
                        raise error(f"{source} line {line} column {k + 1}: a header of {len(cell):,} characters")
                continue
            if len(record) != len(header):
                extra = record[len(header):]
                if len(record) > len(header) and not any(c.strip() for c in extra):
                    record = record[: len(header)]  # trailing empty cells (a spreadsheet's stray commas)
                else:
                    problems.append(f"{source} line {line}: {len(record)} cells but the header has {len(header)}")
                    if len(problems) >= limits.problems:
                        break
                    continue
            for k, cell in enumerate(record):
                if len(cell) > limits.cell_chars:
                    problems.append(f"{source} line {line} column {clip(header[k], 40)}: a cell of {len(cell):,} "
                                    f"characters; the limit is {limits.cell_chars:,}")
                    record[k] = ""
            rows.append(record)
            numbers.append(line)
            cells += len(record)
            if not len(rows) % 4096 and time.monotonic() > deadline:
                raise error(f"{source} line {line}: reading took longer than the time budget of {limits.seconds:g} s")
            if len(rows) > limits.rows:
                raise error(f"{source} line {line}: more than {limits.rows:,} rows")
            if cells > limits.cells:
                raise error(f"{source} line {line}: more than {limits.cells:,} cells")
            if len(problems) >= limits.problems:
                break
    except csv.Error as exc:
        problems.append(f"{source} line {reader.line_num}: {clip(str(exc), 120)}")
    if problems:
        raise error(problems)
    if header is None:
        raise error(f"{source}: the file is empty (no header row)")
    frame = _frame(header, rows, source, error, "line 1", numbers if row_numbers else None)
    frame.attrs["header_row"] = header_line
    return frame


def read_xlsx_bytes(data: bytes, source: str, *, error: type[ReadinessError] = DataError,
                    limits: Limits = DEFAULT_LIMITS, sheet: str | None = None,
                    row_numbers: bool = False) -> pd.DataFrame:
    """Read one sheet of an ``.xlsx`` workbook into an all-text frame under ``limits``.

    The sheet is the one called ``sheet`` (case and surrounding spaces ignored), else the first. Its first non-empty
    row is the header; fully empty rows are skipped. Formulas, merged cells, chart sheets, cells beyond the limits
    and cells to the right of the header are refused, each naming the sheet and cell. ``row_numbers``: index the
    rows by their sheet row number, for messages.
    """
    deadline = time.monotonic() + limits.seconds
    archive = check_zip(data, source, error, limits)
    names = archive.namelist()
    archive.close()
    # deferred: openpyxl: 0.06 s, 10.5 MB (benchmarks/bench_imports.py); only a workbook needs it
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                got = read_sheet(workbook, source, error, limits, sheet, deadline)
            finally:
                workbook.close()
    except ReadinessError:
        raise
    except Exception as exc:  # openpyxl raises many types (KeyError, IndexError, XML errors...) for bad parts
        if any(n.startswith("xl/chartsheets/") for n in names):
            raise error(f"{source}: the workbook holds a chart sheet, which cannot be read; copy the table into a new "
                        "workbook without charts") from None
        raise error(f"{source}: cannot be read as a workbook ({type(exc).__name__}: {clip(str(exc), 80)})") from None
    if got.problems:
        raise error(got.problems)
    if got.header is None:
        raise error(f"{source} {got.where}: the sheet is empty (no header row)")
    frame = _frame(got.header, got.rows, source, error, "header row", got.numbers if row_numbers else None)
    frame.attrs["sheet"] = got.where
    frame.attrs["header_row"] = got.header_row
    return frame


def read_table_bytes(data: bytes, name: str, *, error: type[ReadinessError] = DataError,
                     limits: Limits = DEFAULT_LIMITS, sheet: str | None = None, delimiters: str = ",",
                     row_numbers: bool = False) -> pd.DataFrame:
    """Read a CSV or Excel table from its bytes (an upload), ``name`` giving the format by its suffix and naming
    the file in messages. See :func:`read_table`."""
    suffix = Path(name).suffix.lower()
    source = _name(name)
    if suffix == ".xls":
        raise error(f"{source}: old Excel .xls files are not read; save it as .xlsx (Excel Workbook) or CSV UTF-8")
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise error(f"{source}: unknown table format {clip(suffix, 20)}; use .csv or .xlsx")
    if len(data) > limits.file_bytes:
        raise error(f"{source}: file is {len(data) / MB:.1f} MB; the limit is {limits.file_bytes / MB:.0f} MB")
    if suffix == ".csv":
        if data.startswith((ZIP_MAGIC, OLE_MAGIC)):
            raise error(f"{source}: this is {_guess_encoding(data, 0)}, not a CSV file")
        return read_csv_text(decode_text(data, source, error=error), source, error=error, limits=limits,
                             delimiters=delimiters, row_numbers=row_numbers)
    return read_xlsx_bytes(data, source, error=error, limits=limits, sheet=sheet, row_numbers=row_numbers)


def read_table(path: str | Path, *, error: type[ReadinessError] = DataError, limits: Limits = DEFAULT_LIMITS,
               sheet: str | None = None, delimiters: str = ",", row_numbers: bool = False) -> pd.DataFrame:
    """Read a CSV (``.csv``) or Excel (``.xlsx``/``.xlsm``) table with every cell as text (empty cells as ``""``).

    Raises ``error`` naming the file, sheet, row or line, column and reason for every problem found. ``sheet``,
    ``delimiters`` and ``row_numbers`` are those of :func:`read_xlsx_bytes` and :func:`read_csv_text`.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".xls":
        raise error(f"{_name(p)}: old Excel .xls files are not read; save it as .xlsx (Excel Workbook) or CSV UTF-8")
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise error(f"{_name(p)}: unknown table format {clip(suffix, 20)}; use .csv or .xlsx")
    return read_table_bytes(read_bytes(p, error=error, limits=limits), _name(p), error=error, limits=limits,
                            sheet=sheet, delimiters=delimiters, row_numbers=row_numbers)


# ---------------------------------------------------------------------------------------------------------------
# Exports


#: What a spreadsheet reads as the start of a formula (OWASP's CSV-injection list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """One cell made safe to open in a spreadsheet: a text starting with ``= + - @``, tab or carriage return gets a
    leading ``'``; numbers and other values are returned unchanged. The one rule every download and export uses."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` safe to open in a spreadsheet: text cells that begin with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return get a leading apostrophe, so that Excel or LibreOffice shows them instead of running
    them as formulas (CSV injection). Numeric cells and columns are unchanged; column names are treated the same.

    Parameters
    ----------
    frame
        Any table about to be downloaded or exported. It is not modified.

    Returns
    -------
    pandas.DataFrame
        The neutralised copy.
    """
    out = frame.copy()
    fix = neutralise
    for k in range(out.shape[1]):
        column = out.iloc[:, k]
        if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
            continue
        out.isetitem(k, column.map(fix, na_action="ignore").astype(column.dtype, errors="ignore")
                     if isinstance(column.dtype, pd.StringDtype) else column.map(fix, na_action="ignore"))
    out.columns = [fix(c) for c in out.columns]
    return out


def first_problems(problems: Iterable[str], limit: int) -> list[str]:
    """At most ``limit`` problems, with a last line saying how many were left out."""
    problems = list(problems)
    if len(problems) <= limit:
        return problems
    return [*problems[:limit], f"... and {len(problems) - limit:,} more problem(s) not shown"]


# ---------------------------------------------------------------------------------------------------------------
# Writing


def check_output_path(path: str | Path | None, *, overwrite: bool, error: type[ReadinessError] = DataError,
                      option: str = "--out", parent_may_be_missing: bool = False) -> Path:
    """Check that ``path`` names a file that may be written: not empty, not a folder, not a symbolic link, its folder
    existing (or, with ``parent_may_be_missing``, creatable later), and (unless ``overwrite``) not already there.
    Returns it as a :class:`~pathlib.Path`."""
    if path is None or not str(path).strip():
        raise error(f"{option} is empty; give a file path")
    target = Path(path)
    if str(path).endswith(("/", "\\")) or target.is_dir():
        raise error(f"{option} {clip(str(path), 120)} is a folder; give a file path")
    if target.is_symlink():
        raise error(f"{option} {clip(str(path), 120)} is a symbolic link; refusing to write through it")
    if target.parent.exists() and not target.parent.is_dir():
        raise error(f"{option} {clip(str(path), 120)}: {clip(str(target.parent), 120)} is not a folder")
    if not parent_may_be_missing and not target.parent.is_dir():
        raise error(f"{option} {clip(str(path), 120)}: folder {clip(str(target.parent), 120)} does not exist")
    if target.exists() and not overwrite:
        raise error(f"{option} {clip(str(path), 120)} exists; add --force to replace it")
    return target


def _umask() -> int:
    """The process's file-creation mask: read from ``/proc/self/status`` where there is one (setting and restoring
    it with :func:`os.umask` would change it for a moment for every thread), else that round trip."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: bytes, *, error: type[ReadinessError] = DataError) -> None:
    """Write ``data`` to a temporary file beside ``path`` and move it into place with :func:`os.replace`.

    The file gets the permissions of a file created the ordinary way (``0o666`` less the umask, so usually 644:
    readable by the group), not the owner-only 600 of the temporary file it starts as.

    The move replaces the directory entry itself, so a symbolic link at ``path`` is never followed (it is refused
    before by :func:`check_output_path`); readers never see a half-written file, and on any failure the temporary
    file is removed and ``path`` is unchanged.
    """
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise error(f"cannot write in {clip(str(target.parent), 120)} ({exc.strerror or type(exc).__name__})") from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if target.is_symlink():
            raise error(f"{clip(str(target), 120)} became a symbolic link; refusing to write through it")
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise error(f"cannot write {clip(str(target), 120)} ({exc.strerror or type(exc).__name__})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
