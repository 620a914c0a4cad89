"""Every download neutralises formula-like cells (CSV injection): the table CSV and Excel exports with their header
block or sources sheet, the board CSV, and every ``download_button`` of the pages builds its file through one of
these (or the store's export, tested in tests/unit/test_store_import_preview.py)."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from readiness.display import board, export
from readiness.model.framework import framework_from_frame

ROOT = Path(__file__).resolve().parents[3]
EVIL = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
CTX = export.ExportContext(title="=cmd|' /C calc'!A0", year=2024, method="-method", sources="@sources", lang="en")


def _cells_of_csv(data: bytes | str) -> list[str]:
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    return [cell for line in text.splitlines() for cell in line.split(",")]


def _risky(cell: str) -> bool:
    return cell.strip('"').startswith(export.FORMULA_PREFIXES)


def test_table_csv_neutralises_cells_headers_and_the_context_block():
    frame = pd.DataFrame({"=bad": EVIL, "n": range(len(EVIL))})
    cells = _cells_of_csv(export.table_csv(frame, CTX))
    assert not [c for c in cells if _risky(c)]
    assert any(c.strip('"').startswith("'=HYPERLINK") for c in cells)


def test_table_excel_neutralises_every_sheet():
    frame = pd.DataFrame({"=bad": EVIL})
    sources = pd.DataFrame({"publisher": ["=evil()"], "url": ["https://example.org"]})
    book = openpyxl.load_workbook(io.BytesIO(export.table_excel(frame, CTX, sources)))
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert values
    assert not [v for v in values if v.startswith(export.FORMULA_PREFIXES)]
    assert "'=evil()" in values


def test_board_csv_neutralises():
    fw = framework_from_frame(pd.DataFrame([
        {"id": "root", "parent": None, "weight": None, "direction": None, "unit": "", "name_id": "I", "name_en": "I"},
        {"id": "ind_a", "parent": "root", "weight": 1, "direction": 1, "unit": "", "name_id": "A", "name_en": "A"},
    ]))
    table = pd.DataFrame({"region_code": ["64.71"], "name": ["=1+1"], "group": ["@g"], "indicator": ["ind_a"],
                          "value": [1.0], "year": [2024], "band_name_id": ["-b"], "band_name_en": ["-b"],
                          "label": ["+l"], "source_id": ["=s"]})
    cells = _cells_of_csv(board.board_csv(table, fw, "en"))
    assert not [c for c in cells if _risky(c)]
    assert "'=1+1" in cells


_SAFE_BUILDERS = {"table_csv", "table_excel", "chart_file", "board_csv", "deck", "one_pager", "chart_png",
                  "downloads"}


@pytest.mark.parametrize("path", sorted([*ROOT.glob("app_pages/*.py"), *ROOT.glob("readiness_app/*.py")]),
                         ids=lambda p: p.name)
def test_every_download_button_builds_its_file_through_a_neutralising_function(path):
    """Each ``download_button(label, data, ...)`` passes a call (or a lambda calling) one of the builders above:
    table_csv/table_excel (export), board_csv, the store's exports (``downloads`` in the data page), or binary
    files (PNG, PPTX, PDF) that hold no spreadsheet cells."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "download_button":
            data = node.args[1] if len(node.args) > 1 else next(k.value for k in node.keywords if k.arg == "data")
            body = data.body if isinstance(data, ast.Lambda) else data
            assert isinstance(body, ast.Call), f"{path.name}:{node.lineno}: data is not built by a call"
            name = getattr(body.func, "attr", getattr(body.func, "id", ""))
            assert name in _SAFE_BUILDERS, f"{path.name}:{node.lineno}: download built by {name}()"


def test_header_block_names_the_sources_once():
    ctx = export.ExportContext(title="T", year=2024, method="m", sources="Sources: Ombudsman RI (2024)", lang="en")
    text = export.table_csv(pd.DataFrame({"a": [1]}), ctx).decode("utf-8-sig")
    assert "# Sources: Ombudsman RI (2024)" in text
    assert "Sources: Sources" not in text
