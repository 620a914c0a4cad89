"""A :class:`~readiness.display.briefing.Briefing` as files: :func:`deck_bytes` (a 16:9 PowerPoint deck, python-pptx)
and :func:`pdf_bytes` (a one-page PDF, reportlab). Nothing here computes or words a finding: the views, titles,
source lines and notes come from the briefing; this module lays them out.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from readiness.display.briefing import DECK_CHART, DECK_FONT, PDF_CHART, Briefing, presentation_figure
from readiness.display.export import figure_bytes, fit_columns, render_session, source_line
from readiness.display.i18n import t
from readiness.display.theme import TEXT_COLOR

__all__ = ["deck_bytes", "pdf_bytes"]


# -- PowerPoint ---------------------------------------------------------------------------------------------------
def _rgb(color: str):
    # deferred: python-pptx: 0.06 s, 14 MB (benchmarks/bench_imports.py); only a deck needs it
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(color.lstrip("#").upper()[:6])


def _text(frame, lines: Sequence[str], size: int, *, bold: bool = False, color: str = TEXT_COLOR) -> None:
    # deferred: python-pptx: 0.06 s, 14 MB (benchmarks/bench_imports.py); only a deck needs it
    from pptx.util import Pt

    frame.word_wrap = True
    for k, line in enumerate(lines):
        para = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        para.text = line
        for run in para.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.name = DECK_FONT
            run.font.color.rgb = _rgb(color)


def deck_bytes(briefing: Briefing) -> bytes:
    """The briefing as a 16:9 PowerPoint deck (python-pptx): one slide per view, each titled with its finding,
    the chart as a picture at presentation resolution, the source line at the foot and the key figures in the
    speaker notes. One browser renders every chart (:func:`~readiness.display.export.render_session`).

    Raises
    ------
    ExportError
        No browser to render the charts.
    """
    # deferred: python-pptx: 0.06 s, 14 MB (benchmarks/bench_imports.py); only a deck needs it
    from pptx import Presentation
    from pptx.util import Emu, Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    band = briefing.color
    with render_session():
        images = {v.key: figure_bytes(presentation_figure(v.figure, 22), "png", *DECK_CHART, scale=1)
                  for v in briefing.views if v.figure is not None}
    for view in briefing.views:
        slide = prs.slides.add_slide(blank)
        bar = slide.shapes.add_shape(1, 0, 0, prs.slide_width, Inches(0.18))  # region colour band
        bar.fill.solid()
        bar.fill.fore_color.rgb = _rgb(band)
        bar.line.fill.background()
        if view.key == "title":
            box = slide.shapes.add_textbox(Inches(0.8), Inches(2.2), Inches(11.7), Inches(1.6))
            box.name = "Title"
            _text(box.text_frame, [view.title], 44, bold=True)
            sub = slide.shapes.add_textbox(Inches(0.8), Inches(3.8), Inches(11.7), Inches(1.8))
            _text(sub.text_frame, [view.heading, *view.bullets], 22, color="#4a5160")
        else:
            head = slide.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.4))
            _text(head.text_frame, [view.heading.upper()], 14, bold=True, color="#4a5160")
            box = slide.shapes.add_textbox(Inches(0.5), Inches(0.65), Inches(12.3), Inches(1.0))
            box.name = "Title"
            _text(box.text_frame, [view.title], 28 if len(view.title) < 80 else 24 if len(view.title) < 110 else 20,
                  bold=True)
            top = Inches(1.75)
            if view.key in images:
                pic = slide.shapes.add_picture(io.BytesIO(images[view.key]), Inches(0.5), top, width=Inches(12.3))
                pic.name = "Chart"
                if view.bullets and view.key in ("pillars",):
                    note = slide.shapes.add_textbox(Inches(0.5), Emu(pic.top + pic.height), Inches(12.3),
                                                    Inches(0.4))
                    _text(note.text_frame, list(view.bullets), 13, color="#4a5160")
            elif view.table is not None and len(view.table):
                _table(slide, view.table, Inches(0.5), top, Inches(12.3))
                if view.bullets:  # the official results' national position and missing figures, under the table
                    lines = slide.shapes.add_textbox(Inches(0.5), Emu(top + Emu(381000) * (len(view.table) + 1)),
                                                     Inches(12.3), Inches(0.8))
                    _text(lines.text_frame, list(view.bullets), 12, color="#4a5160")
            elif view.bullets:
                body = slide.shapes.add_textbox(Inches(0.5), top, Inches(12.3), Inches(5.0))
                lines = list(view.bullets)
                _text(body.text_frame, lines, 14 if len(lines) > 10 else 16 if len(lines) > 7 else 20)
                if view.key == "method":
                    _link_sources(body.text_frame, briefing.sources)
        if view.source:
            foot = slide.shapes.add_textbox(Inches(0.5), Inches(6.85), Inches(12.3), Inches(0.5))
            foot.name = "Source"
            _text(foot.text_frame, [view.source], 12, color="#4a5160")
        slide.notes_slide.notes_text_frame.text = view.notes
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for para in shape.text_frame.paragraphs:
                    for run in para.runs:
                        run.font.name = run.font.name or DECK_FONT
    out = io.BytesIO()
    prs.core_properties.title = briefing.view("title").title
    prs.core_properties.language = "id-ID" if briefing.lang == "id" else "en-GB"
    prs.save(out)
    return out.getvalue()


def _link_sources(frame, sources: pd.DataFrame) -> None:
    """Make each source line of the method slide a hyperlink to the source's URL."""
    urls = {str(p): u for p, u in zip(sources["publisher"], sources["url"], strict=True) if isinstance(u, str)}
    for para in frame.paragraphs:
        for run in para.runs:
            publisher = run.text.split(" — ")[0]
            if " — " in run.text and publisher in urls:
                run.hyperlink.address = urls[publisher]


def _table(slide, frame: pd.DataFrame, left, top, width) -> None:
    # deferred: python-pptx: 0.06 s, 14 MB (benchmarks/bench_imports.py); only a deck needs it
    from pptx.util import Emu, Pt

    rows, cols = len(frame) + 1, len(frame.columns)
    shape = slide.shapes.add_table(rows, cols, left, top, width, Emu(int(Pt(30)) * rows))
    table = shape.table
    em = int(Pt(16))  # about 0.55 em per character of the deck's 16 pt cells, plus the cell's 0.1" side margins
    widths = fit_columns([list(frame.columns), *frame.itertuples(index=False)], int(width),
                         lambda text: 0.55 * em * len(text), pad=int(Emu(182880)))
    for column, w in zip(table.columns, widths, strict=True):
        column.width = Emu(int(w))
    for c, name in enumerate(frame.columns):
        table.cell(0, c).text = str(name)
    for r, row in enumerate(frame.itertuples(index=False), start=1):
        for c, value in enumerate(row):
            table.cell(r, c).text = "" if value is None or value != value else str(value)
    for r in range(rows):
        for c in range(cols):
            for para in table.cell(r, c).text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(16 if r else 15)
                    run.font.name = DECK_FONT
                    run.font.bold = r == 0


# -- PDF ----------------------------------------------------------------------------------------------------------
_FONTS = {"regular": "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
          "bold": "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"}


def _pdf_fonts() -> tuple[str, str]:
    """Liberation Sans (Arial metrics, full Unicode for "–", "≥", accents) when installed, else Helvetica."""
    # deferred: reportlab: 3 MB (benchmarks/bench_imports.py); only the one-page PDF needs it
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if all(Path(p).exists() for p in _FONTS.values()):
        if "Brief" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("Brief", _FONTS["regular"]))
            pdfmetrics.registerFont(TTFont("Brief-Bold", _FONTS["bold"]))
        return "Brief", "Brief-Bold"
    return "Helvetica", "Helvetica-Bold"


def pdf_bytes(briefing: Briefing) -> bytes:
    """The briefing on one A4 page for printing (reportlab): headline figures, the pillars against the peers
    (chart), the official results with their bands, strengths and weaknesses, and the sources.

    Raises
    ------
    ExportError
        No browser to render the chart.
    """
    # deferred: reportlab: 3 MB (benchmarks/bench_imports.py); only the one-page PDF needs it
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    lang = briefing.lang
    regular, bold = _pdf_fonts()
    ink = colors.HexColor(TEXT_COLOR)
    grey = colors.HexColor("#4a5160")
    style = ParagraphStyle("body", fontName=regular, fontSize=9, leading=11.5, textColor=ink)
    small = ParagraphStyle("small", parent=style, fontSize=7.5, leading=9.5, textColor=grey)
    h1 = ParagraphStyle("h1", parent=style, fontName=bold, fontSize=17, leading=21)
    h2 = ParagraphStyle("h2", parent=style, fontName=bold, fontSize=11, leading=14, spaceBefore=5, spaceAfter=2)
    esc = _escape
    summary = briefing.view("summary")
    pillars = briefing.view("pillars")
    story = [Paragraph(esc(t("briefing.pdf.heading", lang, name=briefing.name)), h1),
             Paragraph(esc(briefing.view("title").heading), small), Spacer(1, 3 * mm),
             Paragraph("<b>" + esc(summary.title) + "</b>", style)]
    story += [Paragraph("• " + esc(b), style) for b in summary.bullets[:4]]
    story.append(Paragraph("• " + esc(briefing.view("trend").title), style))  # a change only on a constant basis
    story.append(Paragraph(esc(t("briefing.pdf.pillars", lang)) + ": " + esc(pillars.title), h2))
    if pillars.figure is not None:
        with render_session():
            png = figure_bytes(presentation_figure(pillars.figure, 20), "png", *PDF_CHART, scale=1.5)
        width = 180 * mm
        story.append(Image(io.BytesIO(png), width=width, height=width * PDF_CHART[1] / PDF_CHART[0]))
    story += [Paragraph(esc(b), small) for b in pillars.bullets]
    official = briefing.view("official")
    story.append(Paragraph(esc(t("briefing.pdf.official", lang)), h2))
    if official.table is not None and len(official.table):
        data = [list(official.table.columns), *official.table.astype(str).to_numpy().tolist()]
        cells = [[Paragraph(esc(c), ParagraphStyle("cell", parent=style, fontSize=8, leading=10,
                                                   fontName=bold if k == 0 else regular)) for c in row]
                 for k, row in enumerate(data)]
        widths = fit_columns(data, 180 * mm, lambda text: stringWidth(text, bold, 8), pad=12)
        tbl = Table(cells, colWidths=widths, repeatRows=1)
        tbl.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.8, ink),
                                 ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f5f8")]),
                                 ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
        story.append(tbl)
    else:
        story.append(Paragraph(esc(official.title), style))
    story += [Paragraph("• " + esc(b), small) for b in official.bullets]
    story.append(Paragraph(esc(t("briefing.pdf.strengths", lang)) + ": " + esc(briefing.view("strengths").title),
                           h2))
    story += [Paragraph("• " + esc(b), style) for b in briefing.view("strengths").bullets[:6]]
    story.append(Paragraph(esc(t("briefing.pdf.sources", lang)), h2))
    story.append(Paragraph(esc(source_line(briefing.sources, lang, limit=8)), small))
    story += [Paragraph(esc(line), small) for line in _source_lines(briefing.sources, limit=3)]

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.HexColor(briefing.color))
        canvas.rect(0, A4[1] - 6 * mm, A4[0], 6 * mm, stroke=0, fill=1)
        canvas.setFont(regular, 7)
        canvas.setFillColor(grey)
        canvas.drawString(15 * mm, 8 * mm, _pdf_footer(briefing)[:170])
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=12 * mm,
                            bottomMargin=14 * mm, title=t("briefing.pdf.heading", lang, name=briefing.name),
                            author="Kesiapan Penyangga IKN", lang="id" if lang == "id" else "en")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue()


def _pdf_footer(briefing: Briefing) -> str:
    """The PDF's footer: method, preparation date and, for a snapshot, its id."""
    footer = t("briefing.pdf.footer", briefing.lang, method=briefing.method,
               date=(briefing.prepared or dt.date.today()).isoformat())
    return f"{t('export.snapshot', briefing.lang, id=briefing.snapshot)} · {footer}" if briefing.snapshot else footer


def _source_lines(sources: pd.DataFrame, limit: int = 6) -> list[str]:
    """"publisher — title (years): url" of the most cited sources; a printed source (no address) ends at its years."""
    lines = []
    for r in sources.head(limit).itertuples():
        title = r.title if isinstance(r.title, str) else r.source_id
        url = f": {r.url}" if isinstance(r.url, str) and r.url else ""
        lines.append(f"{r.publisher} — {title} ({r.years}){url}")
    return lines


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
