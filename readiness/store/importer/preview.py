"""What an import would change (:class:`ImportPreview`, written nowhere) and its all-or-nothing :func:`commit`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from readiness import io as rio
from readiness.errors import DataError
from readiness.model.datasets import load_rules
from readiness.model.derive import derive_rules
from readiness.model.framework import Framework
from readiness.store.importer import checks
from readiness.store.importer.checks import PreviewRow
from readiness.store.importer.sources import Source
from readiness.store.store import Change

if TYPE_CHECKING:
    from readiness.store.access import Editor
    from readiness.store.store import Store

__all__ = ["ImportContext", "ImportPreview", "PreviewRow", "commit", "preview_edit", "preview_file",
           "preview_upload"]


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
    """What a file is checked against: the framework, the known regions and sources, the current values, this
    year, and the method periods (whose published scales are the valid ranges, :func:`readiness.model.schema.
    valid_range`)."""

    framework: Framework
    regions: frozenset[str]
    sources: Mapping[str, Mapping[str, Any]]
    current: Mapping[str, tuple[int, float | None]]
    this_year: int
    periods: pd.DataFrame | None = None

    @classmethod
    def from_store(cls, store: Store, *, today: dt.date | None = None) -> ImportContext:
        """Read the context from the store's current records (and the method periods of its seed folder)."""
        regions = store.current_records("regions")
        return cls(
            framework=store.framework,
            regions=frozenset(r["code"] for _, r in regions.values() if r.get("kind") != "reference"),
            sources={k: rec for k, (_, rec) in store.current_records("sources").items()},
            current=store.current_values(),
            this_year=(today or dt.date.today()).year,
            periods=load_rules(store.seed_dir)["method_periods"],
        )

    def derived(self) -> frozenset[str]:
        """Indicator ids computed from events by code: not imported."""
        return frozenset(derive_rules(self.framework))

    def importable(self) -> frozenset[str]:
        """Indicator ids that take imported values (framework indicators not derived from events)."""
        derived = self.derived()
        return frozenset(i for i in self.framework.indicators if i not in derived)


def _context(store_or_context: Store | ImportContext) -> ImportContext:
    if isinstance(store_or_context, ImportContext):
        return store_or_context
    return ImportContext.from_store(store_or_context)


def preview_file(path: str | Path, store_or_context: Store | ImportContext, *,
                 default_source: Source | None = None, limits: rio.Limits = rio.DEFAULT_LIMITS,
                 display_name: str | None = None) -> ImportPreview:
    """Read a CSV or .xlsx file through :mod:`readiness.io` and say what importing it would change; write nothing.

    Parameters
    ----------
    path
        The file (``.csv`` UTF-8 with or without BOM, or UTF-16 with BOM, separated by commas, semicolons or tabs;
        ``.xlsx``: the sheet named ``Data``, else the first).
    store_or_context
        The store whose current data the file is compared with (or a prepared :class:`ImportContext`).
    default_source
        The source of every value whose row names none.
    limits
        The reading limits (:data:`readiness.io.DEFAULT_LIMITS`, the same as every other file's).
    display_name
        The name used in messages (default: the file's name; the app passes the uploaded name).

    Returns
    -------
    ImportPreview
        Per value: new, changed, unchanged or rejected (with reasons naming file, sheet, row, column). File-level
        problems (encoding, size, columns, merged cells, formulas...) are in ``errors``; such a preview has no rows.
    """
    path = Path(path)
    name = display_name or path.name
    try:
        data = rio.read_bytes(path, limits=limits)
    except DataError as exc:
        return ImportPreview(name, None, [], [p.replace(path.name, name, 1) for p in exc.problems], {})
    return preview_upload(data, name, store_or_context, default_source=default_source, limits=limits)


def preview_upload(data: bytes, name: str, store_or_context: Store | ImportContext, *,
                   default_source: Source | None = None, limits: rio.Limits = rio.DEFAULT_LIMITS) -> ImportPreview:
    """:func:`preview_file` for an uploaded file's bytes (``name`` gives the format and names the file)."""
    ctx = _context(store_or_context)
    try:
        frame = rio.read_table_bytes(data, name, limits=limits, sheet="Data", delimiters=",;\t", row_numbers=True)
    except DataError as exc:
        return ImportPreview(name, None, [], list(exc.problems), {})
    places, problems = checks.read_header(frame, name, ctx.framework, ctx.derived())
    if problems:
        return ImportPreview(name, places.layout, [], problems, {})
    workbook = Path(name).suffix.lower() != ".csv"
    return _preview(name, places, checks.candidates(frame, places, workbook=workbook), ctx, default_source)


def preview_edit(store_or_context: Store | ImportContext, region_code: str, values: Mapping[tuple[str, int], Any],
                 *, source: Source | None = None, source_id: str | None = None,
                 note: str | None = None) -> ImportPreview:
    """Preview an in-page edit of one region's figures, checked exactly as an imported file is.

    ``values`` maps (indicator, year) to the new value (text or number). The source is ``source`` (new) or
    ``source_id`` (existing).
    """
    ctx = _context(store_or_context)
    cands = checks.edit_candidates(region_code, values, source_id=source_id, note=note)
    return _preview("editor", checks.Places("editor", "long"), cands, ctx, source)


def _preview(name: str, places: checks.Places, cands: checks.Candidates, ctx: ImportContext,
             default_source: Source | None) -> ImportPreview:
    if not len(cands.frame):
        return ImportPreview(name, places.layout, [], [f"{name}: no values found below the header / tidak ada "
                                                       "nilai"], {})
    checked = checks.check(cands, places, ctx, default_source)
    used = {r.source_id for r in checked.rows if r.status in ("new", "changed")}
    return ImportPreview(name, places.layout, checked.rows, [],
                         {k: v for k, v in checked.new_sources.items() if k in used})


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
