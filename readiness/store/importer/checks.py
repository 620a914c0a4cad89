"""An import's table as candidate values, checked with the observations' contract (:mod:`readiness.model.schema`).

The file is read by :mod:`readiness.io` (every cell as text, rows indexed by their file row); this module finds the
layout from the header, turns the rows into one candidate per value, and checks the candidates with
:data:`readiness.model.schema.OBSERVATIONS` and :func:`readiness.model.schema.observation_checks`. What the
contract cannot know stays here: sources, duplicates named pairwise, and the comparison with the current values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from readiness.model.framework import Framework
from readiness.model.schema import OBSERVATIONS, check_table, codes_in_register, observation_checks
from readiness.store.importer.sources import SOURCE_COLUMNS, Source, SourceBook, markup_note

if TYPE_CHECKING:
    from readiness.store.importer.preview import ImportContext

__all__ = ["FIELDS", "Candidates", "Checked", "Places", "PreviewRow", "candidates", "check", "edit_candidates",
           "read_header"]

#: The fields of one candidate value (the long layout's columns, less ``region_name``).
FIELDS = ("region_code", "indicator", "year", "value", *SOURCE_COLUMNS, "note")
OPTIONAL_COLUMNS = (*SOURCE_COLUMNS, "note", "region_name")
LONG_REQUIRED = ("region_code", "indicator", "year", "value")
WIDE_REQUIRED = ("region_code", "year")
#: The observations' contract less its uniqueness (the preview names each duplicate's twin itself) and less the
#: register check: the store's regions are all in the register, and the preview names a code outside them with
#: :data:`REGION_HINT` (which would otherwise be said twice).
IMPORTED = dataclasses.replace(OBSERVATIONS, unique=(), frame_checks=tuple(
    c for c in OBSERVATIONS.frame_checks if c is not codes_in_register))
REGION_HINT = ("(not a kabupaten/kota of the store; see the Wilayah sheet of the template) / kode wilayah tidak "
               "dikenal")
MISSING_SOURCE = ("a source is required for a new value: fill source_title, source_publisher and source_date "
                  "(source_url if online), or source_id, or give a source for the whole file / sumber wajib untuk "
                  "nilai baru")


def _letter(column: int) -> str:
    # deferred: openpyxl: 0.06 s, 10.5 MB (benchmarks/bench_imports.py); only a workbook needs it
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


@dataclass
class Places:
    """Where things are in the file: its name and sheet, the layout, and each column's name and file column."""

    file: str
    layout: str | None
    sheet: str | None = None
    header_row: int = 1
    fixed: dict[str, int] = field(default_factory=dict)  # field -> file column (1-based)
    indicators: dict[str, int] = field(default_factory=dict)  # indicator id -> file column (wide layout)
    positions: dict[int, int] = field(default_factory=dict)  # file column -> the frame's column position

    def at(self, column: str | None) -> str:
        """Where a field's column is, for messages (empty for the wide layout's value cell and the editor)."""
        if column is None or column not in self.fixed:
            return ""
        return f"column {_letter(self.fixed[column])} ('{column}'): "

    def name_of(self, column: int) -> str:
        """The (normalised) header of a file column."""
        return next((n for n, c in (*self.fixed.items(), *self.indicators.items()) if c == column), "")


class _At:
    """A value's place, formatted only when a message needs it (a preview may hold 10^5 values)."""

    __slots__ = ("col", "places", "row")

    def __init__(self, places: Places, row: int, col: int | None = None):
        self.places, self.row, self.col = places, row, col

    def __str__(self) -> str:
        p = self.places
        sheet = f" {p.sheet}" if p.sheet else ""
        column = "" if self.col is None else f" column {_letter(self.col)} ('{p.name_of(self.col)}')"
        return f"{p.file}{sheet} row {self.row}{column}"


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


def _unknown_column(name: str, layout: str, framework: Framework, derived: Collection[str]) -> str:
    why = ""
    if name in derived:
        why = " (derived from events by code; record the event instead)"
    elif name in framework.aggregates:
        why = " (an aggregate of the framework, computed from its indicators)"
    elif layout == "wide":
        why = " (not an indicator of the framework; see the Indikator sheet of the template)"
    allowed = ", ".join((*LONG_REQUIRED, *OPTIONAL_COLUMNS)) if layout == "long" else \
        "region_code, year, the indicator ids, " + ", ".join(OPTIONAL_COLUMNS)
    return f"unknown column '{name}'{why}; allowed: {allowed} / kolom tidak dikenal"


def read_header(frame: pd.DataFrame, name: str, framework: Framework,
                derived: Collection[str]) -> tuple[Places, list[str]]:
    """The layout (``long`` when there is an ``indicator`` or ``value`` column, else ``wide``) and the places of
    the columns of a table read by :func:`readiness.io.read_table_bytes`; and the header's problems."""
    sheet = frame.attrs.get("sheet")
    places = Places(name, None, sheet, frame.attrs.get("header_row") or 1)
    label = f"{name} {sheet}" if sheet else name
    columns = frame.attrs.get("columns") or list(range(1, len(frame.columns) + 1))
    if not len(frame.columns):
        return places, [f"{label}: the file is empty (no column names in the header row) / berkas kosong"]
    seen: dict[str, int] = {}
    problems: list[str] = []
    for pos, (header, col) in enumerate(zip(frame.columns, columns, strict=True)):
        h = str(header).strip().lstrip("\ufeff").casefold()
        if h in seen:
            problems.append(f"{label} row {places.header_row} column {_letter(col)}: duplicate column '{h}' (also "
                            f"column {_letter(seen[h])})")
        else:
            seen[h] = col
            places.positions[col] = pos
    places.layout = layout = "long" if "indicator" in seen or "value" in seen else "wide"
    importable = {i for i in framework.indicators if i not in derived}
    known = set(LONG_REQUIRED if layout == "long" else WIDE_REQUIRED) | set(OPTIONAL_COLUMNS)
    for h, col in seen.items():
        if h in known:
            places.fixed[h] = col
        elif layout == "wide" and h in importable:
            places.indicators[h] = col
        else:
            problems.append(f"{label} row {places.header_row} column {_letter(col)}: "
                            f"{_unknown_column(h, layout, framework, derived)}")
    missing = [c for c in (LONG_REQUIRED if layout == "long" else WIDE_REQUIRED) if c not in seen]
    if missing:
        problems.append(f"{label}: missing column(s) {', '.join(missing)} / kolom wajib tidak ada")
    if layout == "wide" and not places.indicators and not missing:
        problems.append(f"{label}: no indicator columns; a long file needs 'indicator' and 'value' columns, a wide "
                        "one a column per indicator id")
    return places, problems


@dataclass
class Candidates:
    """One row per value: the fields as text (:data:`FIELDS`), and where each value is in the file (its row and,
    in the wide layout, the column of its cell) or, for the editor, a label."""

    frame: pd.DataFrame
    rows: list[int]
    cols: list[int | None]
    labels: list[str] | None = None


def _normalise(frame: pd.DataFrame, workbook: bool) -> pd.DataFrame:
    """Codes typed as numbers (``6471``; in a workbook ``64.7`` for 64.70) as codes, indicator ids in lower case."""
    code = frame["region_code"].str.replace(r"^(\d{2})(\d{2})$", r"\1.\2", regex=True)
    if workbook:
        code = code.str.replace(r"^(\d{2})\.(\d)$", r"\1.\g<2>0", regex=True)
    frame["region_code"] = code
    frame["indicator"] = frame["indicator"].str.casefold()
    return frame


def candidates(frame: pd.DataFrame, places: Places, *, workbook: bool) -> Candidates:
    """The values of a table: one per row (long layout) or one per non-empty indicator cell (wide), in file order.
    Rows with every cell empty are skipped."""
    cells = frame.apply(lambda s: s.str.strip()) if len(frame.columns) else frame
    keep = (cells != "").any(axis=1).to_numpy()

    def field_of(name: str, mask: Any) -> Any:
        col = places.fixed.get(name)
        return cells.iloc[:, places.positions[col]].to_numpy()[mask] if col is not None else None

    numbers = frame.index.to_numpy()
    if places.layout == "long":
        out = pd.DataFrame({f: field_of(f, keep) for f in FIELDS}, dtype="string")
        return Candidates(_normalise(out, workbook), numbers[keep].tolist(), [None] * len(out))
    parts = []
    for ind, col in places.indicators.items():
        cell = cells.iloc[:, places.positions[col]].to_numpy()
        mask = keep & (cell != "")
        part = pd.DataFrame({f: field_of(f, mask) for f in FIELDS}, dtype="string")
        part["indicator"], part["value"] = ind, pd.array(cell[mask], dtype="string")
        part["_row"], part["_col"] = numbers[mask], col
        parts.append(part)
    out = pd.concat(parts, ignore_index=True).sort_values(["_row", "_col"], kind="stable", ignore_index=True)
    rows, cols = out.pop("_row").tolist(), out.pop("_col").tolist()
    return Candidates(_normalise(out, workbook), rows, cols)


def edit_candidates(region_code: str, values: Mapping[tuple[str, int], Any], *, source_id: str | None,
                    note: str | None) -> Candidates:
    """The candidates of an in-page edit of one region's figures, labelled ``region indicator year``."""
    def text(v: Any) -> str:
        return "" if v is None else str(v)

    records = [{"region_code": text(region_code), "indicator": text(ind), "year": text(year), "value": text(value),
                "source_id": text(source_id), "note": text(note)} for (ind, year), value in values.items()]
    frame = pd.DataFrame(records, columns=list(FIELDS), dtype="string")
    labels = [f"{region_code} {ind} {year}" for ind, year in values]
    return Candidates(_normalise(frame, False), list(range(2, len(frame) + 2)), [None] * len(frame), labels)


@dataclass
class Checked:
    """The checked values, in file order, and the sources they introduce."""

    rows: list[PreviewRow]
    new_sources: dict[str, dict[str, Any]]


def _reasons(cands: Candidates, places: Places, ctx: ImportContext) -> tuple[pd.DataFrame, list[list[str]]]:
    """The typed candidates and each one's problems under the observations' contract, with their columns."""
    checks = observation_checks(ctx.framework, derived=ctx.derived(), regions=ctx.regions, region_hint=REGION_HINT,
                                this_year=ctx.this_year, periods=ctx.periods, require_range=True)
    typed, problems = check_table(cands.frame, IMPORTED, checks=checks)
    reasons: list[list[str]] = [[] for _ in range(len(typed))]
    wide_cell = places.layout == "wide" and cands.labels is None
    for p in problems:
        if p.row is None:
            continue  # (the candidates have every column)
        at = "" if wide_cell and p.column in ("value", "indicator") else places.at(p.column)
        reasons[p.row].append(f"{at}{p.reason}")
    return typed, reasons


def _column(frame: pd.DataFrame, name: str) -> list[Any]:
    return [None if v is pd.NA else v for v in frame[name].astype(object).tolist()]


def check(cands: Candidates, places: Places, ctx: ImportContext, default_source: Source | None) -> Checked:
    """Check every candidate and compare it with the store's current value: ``new``, ``changed``, ``unchanged``
    or ``rejected`` (with every reason, naming file, sheet, row and column)."""
    typed, reasons = _reasons(cands, places, ctx)
    book = SourceBook(ctx.sources)
    default_problems = default_source.problems() if default_source is not None else []
    default_id = book.add(default_source) if default_source is not None and not default_problems else None
    cols = {name: _column(typed, name) for name in FIELDS}
    rows: list[PreviewRow] = []
    first: dict[str, int] = {}
    for i in range(len(typed)):
        where = cands.labels[i] if cands.labels else _At(places, cands.rows[i], cands.cols[i])
        code, ind, year, value, note = (cols[k][i] for k in ("region_code", "indicator", "year", "value", "note"))
        year = None if year is None else int(year)
        value = None if value is None else float(value)
        sid, source_reasons, notes = book.of_row({c: cols[c][i] for c in SOURCE_COLUMNS}, places.at)
        why = reasons[i] + source_reasons
        notes = [n for n in (markup_note(note, "note"), *notes) if n]
        key = f"{code}|{ind}|{year}"
        if not why:
            other = first.get(key)
            if other is not None:
                why.append(f"duplicate of {rows[other].where} ({code}, {ind}, {year}) / baris ganda")
                rows[other].status = "rejected"
                rows[other].reasons.append(f"duplicate of {where} ({code}, {ind}, {year}) / baris ganda")
            else:
                first[key] = len(rows)
        if why:
            rows.append(PreviewRow("rejected", where, code, ind, year, new=value, reasons=why, notes=notes))
            continue
        cur = ctx.current.get(key)
        base, old = (cur[0], cur[1]) if cur else (None, None)
        if cur is not None and old is not None and float(old) == value:
            rows.append(PreviewRow("unchanged", where, code, ind, year, old, value, base_revision=base, notes=notes))
            continue
        if sid is None:
            if default_problems:
                why += [f"the file's source: {p}" for p in default_problems]
            elif default_id is None:
                why.append(MISSING_SOURCE)
            sid = default_id
        status = "rejected" if why else ("new" if cur is None else "changed")
        rows.append(PreviewRow(status, where, code, ind, year, old, value, sid, note, base, why, notes))
    return Checked(rows, book.new)
