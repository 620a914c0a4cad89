"""Exports of the store's figures (and any table) to CSV or Excel, with text cells made safe to open."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from readiness.errors import DataError
from readiness.io import neutralise, write_atomic

if TYPE_CHECKING:
    from readiness.store.store import Store

__all__ = ["current_observations", "export_bytes", "export_frame", "export_observations", "frame_bytes"]


def _safe(frame: pd.DataFrame) -> list[list[Any]]:
    """The rows of ``frame`` as plain Python values, text neutralised, missing values as None."""
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


def frame_bytes(frames: pd.DataFrame | Mapping[str, pd.DataFrame], suffix: str) -> bytes:
    """A table (or several, as sheets) as ``.csv`` or ``.xlsx`` bytes with text cells neutralised
    (:func:`~readiness.io.neutralise`). A CSV gets the first table only, in UTF-8 with a BOM (so that Excel reads
    the accents)."""
    sheets = {"data": frames} if isinstance(frames, pd.DataFrame) else dict(frames)
    if suffix == ".csv":
        frame = next(iter(sheets.values()))
        text = io.StringIO(newline="")
        w = csv.writer(text)
        w.writerow([neutralise(str(c)) for c in frame.columns])
        for cells in _safe(frame):
            w.writerow(["" if c is None else repr(c) if isinstance(c, float) else c for c in cells])
        return text.getvalue().encode("utf-8-sig")
    if suffix != ".xlsx":
        raise DataError(f"export to .csv or .xlsx, not {suffix!r}")
    # deferred: openpyxl: 0.06 s, 10.5 MB (benchmarks/bench_imports.py); only a workbook needs it
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook(write_only=True)
    for name, frame in sheets.items():
        ws = wb.create_sheet(title=str(name)[:31])
        ws.append([neutralise(str(c)) for c in frame.columns])
        for cells in _safe(frame):
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in cells])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def export_frame(frames: pd.DataFrame | Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write a table (or several, as sheets) to CSV or .xlsx (:func:`frame_bytes`), atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DataError(f"{path.name}: export to .csv or .xlsx")
    if not path.parent.exists():
        raise DataError(f"{path}: folder {path.parent} does not exist")
    write_atomic(path, frame_bytes(frames, suffix))
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


def _observation_sheets(store: Store, suffix: str) -> pd.DataFrame | dict[str, pd.DataFrame]:
    data = current_observations(store)
    if suffix == ".xlsx":
        return {"data": data, "sources": store.table("sources").drop(columns="revision_id")}
    return data


def export_observations(store: Store, path: str | Path) -> Path:
    """Export the current figures with their sources to CSV or .xlsx (workbook: sheets data and sources)."""
    path = Path(path)
    return export_frame(_observation_sheets(store, path.suffix.lower()), path)


def export_bytes(store: Store, suffix: str) -> bytes:
    """The current figures with their sources (:func:`export_observations`) as ``.csv`` or ``.xlsx`` bytes."""
    if suffix not in (".csv", ".xlsx"):
        raise DataError(f"export to .csv or .xlsx, not {suffix!r}")
    return frame_bytes(_observation_sheets(store, suffix), suffix)
