"""Exports carry their context (title, year, method, sources) and never carry a formula: CSV header block, Excel
sources sheet, neutralised cells; chart files at presentation resolution with the title in the image's metadata."""

from __future__ import annotations

import io
import os
from pathlib import Path

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from readiness.display import export
from readiness.pipeline.spec import ScoringSpec


@pytest.fixture(scope="module")
def context() -> export.ExportContext:
    return export.ExportContext(title="Skor kesiapan 2024", year=2024, method="Normalisasi: goalposts",
                                sources="Sumber: Fixture publisher (2022–2024)", lang="id")


@pytest.mark.parametrize("text", ["=1+1", "+62 812", "-3", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_formula_like_text_is_neutralised(text):
    assert export.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Balikpapan", "3-2", "", 3.5, -2, None])
def test_other_values_are_left_alone(value):
    assert export.neutralise(value) == value


def test_csv_has_a_header_block_and_no_live_formula(context):
    frame = pd.DataFrame({"region": ["=cmd|' /C calc'!A0", "Depok"], "score": [-1.5, 88.75]})
    text = export.table_csv(frame, context).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "# Judul: Skor kesiapan 2024"
    assert "# Tahun: 2024" in lines and "# Metode: Normalisasi: goalposts" in lines
    assert any(line.startswith("# Sumber: Fixture publisher (2022–2024)") for line in lines)
    body = pd.read_csv(io.StringIO(text), comment="#")
    assert body["region"].tolist() == ["'=cmd|' /C calc'!A0", "Depok"]
    assert body["score"].tolist() == [-1.5, 88.75]  # numbers stay numbers, negative ones included


def test_excel_has_a_sources_sheet_and_no_live_formula(context):
    frame = pd.DataFrame({"indicator": ["@risk", "SPBE"], "value": [1.0, 2.0]})
    sources = pd.DataFrame({"publisher": ["+Fixture"], "url": ["https://example.org/a"]})
    book = openpyxl.load_workbook(io.BytesIO(export.table_excel(frame, context, sources)))
    assert book.sheetnames == ["Data", "Sumber"]
    data = [[c.value for c in row] for row in book["Data"].iter_rows()]
    assert data[1] == ["'@risk", 1.0]
    about = {row[0].value: row[1].value for row in book["Sumber"].iter_rows(min_row=2, max_row=6)}
    assert about["Tahun"] == "2024" and about["Judul"] == "Skor kesiapan 2024"
    cells = [c.value for row in book["Sumber"].iter_rows() for c in row if c.value is not None]
    assert "'+Fixture" in cells and "https://example.org/a" in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)


def test_english_labels(context):
    en = export.ExportContext(title="Readiness 2024", year=2024, method="m", sources="s", lang="en")
    assert export.table_csv(pd.DataFrame({"a": [1]}), en).decode("utf-8-sig").startswith("# Title: Readiness 2024")


def test_method_summary_in_both_languages():
    spec = ScoringSpec(normalise="goalposts", window=3, min_coverage=0.5)
    assert export.method_summary(spec, "id") == ("Normalisasi: goalposts (skala resmi tetap) · rata-rata aritmetika "
                                                 "berbobot · jendela 3 tahun · cakupan minimum 50%")
    assert "window 3 years" in export.method_summary(spec, "en")


def test_sources_used_and_source_line(mini, mini_res):
    used = export.sources_used(mini_res, mini, ["64.71"])
    assert set(used["source_id"]) == {"src-a", "src-b"}
    assert export.source_line(used, "id") == "Sumber: Fixture publisher (2022–2024)"
    assert export.source_line(used.iloc[0:0], "en") == "Sources: no figures with a source"
    many = pd.DataFrame({"publisher": list("ABCDEF"), "years": ["2020"] * 6})
    assert export.source_line(many, "en", limit=4) == "Sources: A (2020); B (2020); C (2020); D (2020) and 2 more"


def test_context_is_drawn_into_the_figure(mini, context):
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    out = export.with_context(fig, context)
    assert "Skor kesiapan 2024" in out.layout.title.text and "Tahun 2024" in out.layout.title.subtitle.text
    assert any("Fixture publisher" in a.text for a in out.layout.annotations)
    assert fig.layout.title.text is None  # the input is not changed
    assert (out.layout.separators, fig.layout.separators) == (",.", None)  # an Indonesian chart's ticks: 0,2
    english = export.with_context(fig, export.ExportContext(title="T", year=2024, method="m", sources="s", lang="en"))
    assert english.layout.separators == ".,"


def need_browser():
    try:
        export._check_browser()
    except export.ExportError:
        if os.environ.get("REQUIRE_BROWSER"):
            raise
        pytest.skip("no Chromium to render charts")


def test_chart_png_at_presentation_size_with_title_metadata(context):
    import plotly.graph_objects as go
    from PIL import Image

    need_browser()
    fig = go.Figure(go.Bar(x=["Balikpapan", "Depok"], y=[65.6, 88.8]))
    with export.render_session():
        png = export.chart_file(fig, context, "png", 1600, 900)
        svg = export.chart_file(fig, context, "svg", 1600, 900).decode("utf-8")
    image = Image.open(io.BytesIO(png))
    assert image.size == (1600, 900)
    assert image.info["Title"] == "Skor kesiapan 2024"
    assert "Fixture publisher" in image.info["Source"]
    assert "Skor kesiapan 2024" in svg and "Fixture publisher" in svg and "Tahun 2024" in svg


def test_unknown_format_is_a_library_error():
    import plotly.graph_objects as go

    with pytest.raises(export.ExportError, match="format 'bmp' is not supported"):
        export.figure_bytes(go.Figure(), "bmp")


def test_no_browser_is_said_clearly(monkeypatch):
    import plotly.graph_objects as go
    from choreographer.browsers.chromium import Chromium

    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **kw: None))
    with pytest.raises(export.ExportError, match="no Chromium or Chrome browser found"):
        export.figure_bytes(go.Figure(), "png")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_export_from_a_snapshot_names_it_in_the_header_sheet_and_chart(lang):
    ctx = export.ExportContext(title="T", year=2024, method="M", sources="S", lang=lang, snapshot="k3v9q2ma")
    assert ("Snapshot", "k3v9q2ma") in ctx.lines()
    assert "# Snapshot: k3v9q2ma" in export.table_csv(pd.DataFrame({"a": [1]}), ctx).decode("utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(export.table_excel(pd.DataFrame({"a": [1]}), ctx))).worksheets[1]
    assert ["Snapshot", "k3v9q2ma"] in [[c.value for c in row] for row in sheet.iter_rows()]
    fig = export.with_context(go.Figure(go.Bar(x=[1], y=[2])), ctx)
    assert "Snapshot k3v9q2ma" in fig.layout.title.subtitle.text
    plain = export.ExportContext(title="T", year=2024, method="M", sources="S", lang=lang)
    assert not any("Snapshot" in label for label, _ in plain.lines())


def test_browser_available_without_loading_the_renderer_when_one_is_on_the_path(tmp_path, monkeypatch):
    import subprocess
    import sys

    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    probe = ("import sys; from readiness.display import export; "
             "print(export.browser_available(), 'choreographer' in sys.modules)")
    env = {"PATH": str(tmp_path), "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]  # found on the PATH; choreographer never imported
    env["PATH"] = str(tmp_path / "none")
    env["BROWSER_PATH"] = str(fake)
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]
