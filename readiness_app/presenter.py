"""Presenter mode and briefing downloads: the cached briefing of a region, its deck, PDF and chart files made on
click (deferred downloads), the CSS that hides the controls, and the keyboard stepping; plus the projector layout
applied on every page (no blank band above the title, metric cards that fit their labels)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

import readiness
from readiness.display import briefing, briefing_files, export
from readiness_app.data import dataset, result, results_by_year
from readiness_app.state import url_value
from readiness_app.store import data_version, snapshot, versioned
from readiness_app.text import t

__all__ = ["briefing_for", "chart_png", "deck", "mode_label", "one_pager", "presenter_css", "presenter_keys",
           "projector_css", "table_csv"]

#: Layout for a projector at 1280x720, on every page: the blank band above the title goes (the top navigation
#: needs about 3.5 rem), metric labels and values wrap instead of being cut, headings sit close to their content.
PROJECTOR_CSS = """
<style>
.stMainBlockContainer, .block-container { padding-top: 3.6rem !important; padding-bottom: 2rem !important; }
h1 { padding-top: 0.2rem !important; padding-bottom: 0.4rem !important; }
.st-key-chart_preload { display: none !important; }  /* dashboard.preload_charts: a script, nothing to see */
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricValue"] > div {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  font-size: clamp(1.4rem, 2.2vw, 2.2rem) !important; line-height: 1.15 !important; }
</style>
"""

#: The presenter page's type (large, high contrast), in both modes.
PRESENTER_STYLE = """
<style>
.presenter-kicker { font-size: 1.05rem; letter-spacing: .06em; text-transform: uppercase; color: #4a5160;
  font-weight: 700; margin: 0; }
.presenter-title { font-size: clamp(1.6rem, 2.7vw, 2.7rem); line-height: 1.15; font-weight: 700; color: #111418;
  margin: .1rem 0 .3rem 0; }
.presenter-source { font-size: 1rem; color: #30343c; margin: 0; }
.presenter-bullets li { font-size: 1.25rem; line-height: 1.4; color: #111418; }
[data-testid="stTable"] th, [data-testid="stTable"] td { font-size: 1.15rem !important; color: #111418 !important; }
</style>
"""

#: Presenter mode: no sidebar, no header, no controls, the page edge to edge.
PRESENTER_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
.st-key-presenter_controls, .st-key-presenter_pack { display: none !important; }
.stMainBlockContainer, .block-container { padding-top: 0.6rem !important; max-width: 100% !important;
  padding-left: 2.2rem !important; padding-right: 2.2rem !important; }
</style>
"""

#: → / Page Down / Space: next view; ← / Page Up: previous (clicks the pagination widget's arrows).
KEYS_JS = """
<script>
(function () {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  if (doc.__presenterKeys) { return; }
  doc.__presenterKeys = true;
  doc.addEventListener("keydown", function (e) {
    const tag = (e.target && e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || e.altKey || e.ctrlKey || e.metaKey) { return; }
    const buttons = doc.querySelectorAll(".st-key-presenter_view button");
    if (!buttons.length) { return; }
    let target = null;
    if (e.key === "ArrowRight" || e.key === "PageDown") { target = buttons[buttons.length - 1]; }
    if (e.key === "ArrowLeft" || e.key === "PageUp") { target = buttons[0]; }
    if (target && !target.disabled) { e.preventDefault(); target.click(); }
  });
})();
</script>
"""


#: Printing any page (the overview, board and compare pages above all): no sidebar, header, navigation, toolbars or
#: buttons; the whole page, not the first screen (Streamlit's app view scrolls inside a 100vh box, which a printer
#: would cut); A4 landscape at 72 %, so the charts laid out at 1280 px fit across and the tallest fits down; a chart,
#: table or metric never split across two sheets, and a heading kept with what follows it. A results board prints as
#: its plain-table twin (``st-key-print_only_*``), every row, instead of the scrolling grid (``st-key-screen_only_*``).
PRINT_CSS = """
<style>
[class*="st-key-print_only_"] { display: none !important; }
@media print {
  [class*="st-key-screen_only_"] { display: none !important; }
  [class*="st-key-print_only_"] { display: block !important; }
  @page { size: A4 landscape; margin: 10mm; }
  section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stElementToolbar"], [data-testid="stBaseButton-elementToolbar"], .stDownloadButton, .stButton,
  [data-testid="stTopNavigation"], nav, .modebar-container { display: none !important; }
  html, body, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  .stMain, [data-testid="stMainBlockContainer"] {
    height: auto !important; min-height: 0 !important; overflow: visible !important; position: static !important; }
  .stMainBlockContainer, .block-container { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stMain"] { zoom: 0.72; }  /* the tallest chart (the 15-row ranking, 810 px) fits on one sheet */
  .stPlotlyChart, [data-testid="stPlotlyChart"], [data-testid="stDataFrame"], [data-testid="stTable"],
  [data-testid="stMetric"], [data-testid="stImage"] { break-inside: avoid !important; page-break-inside: avoid; }
  h1, h2, h3 { break-after: avoid !important; page-break-after: avoid; }
}
</style>
"""


def projector_css() -> None:
    """Apply the projector layout and the print stylesheet to the current page."""
    st.html(PROJECTOR_CSS + PRINT_CSS)


def presenter_css(present: bool) -> None:
    """The presenter page's large type; in presenter mode (``present``) also hide the controls."""
    st.html(PRESENTER_STYLE + (PRESENTER_CSS if present else ""))


def mode_label() -> str:
    """The presenter toggle's label, saying what switching it does in the current state (off: hide the controls;
    on: show them again). The state is read before the toggle is drawn: the session's value, else the link's."""
    state = st.session_state.get("presenter_mode")
    if state is None:
        state = str(url_value("presenter_mode") or "").lower() == "true"
    return t("presenter.mode_on") if state else t("presenter.mode_off")


def presenter_keys() -> None:
    """Step through the views with the keyboard."""
    st.html(KEYS_JS, unsafe_allow_javascript=True)


@versioned(max_entries=32)
def briefing_for(spec: readiness.ScoringSpec, region: str, peers: tuple[str, ...], lang: str) -> briefing.Briefing:
    """The briefing of ``region`` against ``peers`` in ``lang`` with the sidebar's scoring settings (cached); on a
    snapshot link, the snapshot's, naming it on every view, with its date as the preparation date."""
    snap = snapshot()  # the cache key's data version is the snapshot's then
    return briefing.build_briefing(dataset(), result(spec), region, list(peers), lang,
                                   results_by_year=results_by_year(spec), snapshot=snap and snap.id,
                                   today=snap and snap.date.date())


def _bound(spec: readiness.ScoringSpec, region: str, peers: tuple[str, ...], lang: str
           ) -> tuple[tuple, briefing.Briefing]:
    """The cache key of a briefing's files and the briefing, read now, while the page is drawn: a deferred download
    runs outside the page's session, where the data version (and so the snapshot shown) cannot be read."""
    return (data_version(), spec, region, peers, lang), briefing_for(spec, region, peers, lang)


@st.cache_data(show_spinner=False, max_entries=8)
def _deck(key: tuple, _brief: briefing.Briefing) -> bytes:
    return briefing_files.deck_bytes(_brief)


@st.cache_data(show_spinner=False, max_entries=8)
def _one_pager(key: tuple, _brief: briefing.Briefing) -> bytes:
    return briefing_files.pdf_bytes(_brief)


@st.cache_data(show_spinner=False, max_entries=32)
def _chart_png(key: tuple, view_key: str, _brief: briefing.Briefing) -> bytes:
    view = _brief.view(view_key)
    context = export.ExportContext(title=view.title, year=_brief.year, method=_brief.method, sources=view.source,
                                   lang=_brief.lang, snapshot=_brief.snapshot)
    return export.chart_file(view.figure, context)


def deck(spec: readiness.ScoringSpec, region: str, peers: tuple[str, ...], lang: str) -> Callable[[], bytes]:
    """The briefing deck (PowerPoint), made on click: a deferred download's data (bound to the data shown now)."""
    key, brief = _bound(spec, region, peers, lang)
    return lambda: _deck(key, brief)


def one_pager(spec: readiness.ScoringSpec, region: str, peers: tuple[str, ...], lang: str) -> Callable[[], bytes]:
    """The one-page PDF, made on click (bound to the data shown now)."""
    key, brief = _bound(spec, region, peers, lang)
    return lambda: _one_pager(key, brief)


def chart_png(spec: readiness.ScoringSpec, region: str, peers: tuple[str, ...], lang: str,
              view_key: str) -> Callable[[], bytes]:
    """One view's chart as a PNG with its title, year, method, sources (and snapshot) drawn in and in its metadata,
    made on click (bound to the data shown now)."""
    key, brief = _bound(spec, region, peers, lang)
    return lambda: _chart_png(key, view_key, brief)


def table_csv(spec: readiness.ScoringSpec, region: str, peers: Sequence[str], lang: str, key: str) -> bytes:
    """One view's table as CSV under a header block naming title, year, method and sources."""
    brief = briefing_for(spec, region, tuple(peers), lang)
    view = brief.view(key)
    context = export.ExportContext(title=view.title, year=brief.year, method=brief.method, sources=view.source,
                                   lang=lang, snapshot=brief.snapshot)
    return export.table_csv(view.table, context)
