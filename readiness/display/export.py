"""Exports that carry their context: charts as PNG/SVG with title, year, method and a source line drawn into the
figure; tables as CSV or Excel with a header block (CSV) or a sheet (Excel) naming the sources, year and method.

Charts are rendered by kaleido, which drives a local Chromium (Debian's ``/usr/bin/chromium``). Starting a browser
costs about 2.5 s; :func:`render_session` keeps one browser open for a whole deck, after which each chart costs
about 0.2 s. Without a browser every export raises :class:`ExportError` saying so.

Spreadsheet safety: a text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as
a formula in Excel or LibreOffice (CSV/formula injection, OWASP); such cells are prefixed with a single quote
(:func:`neutralise`). Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from readiness.display import methods
from readiness.display.i18n import SEPARATORS, t
from readiness.display.theme import TEMPLATE, TEXT_COLOR, wrap
from readiness.errors import ReadinessError
from readiness.io import FORMULA_PREFIXES, neutralise, neutralise_cells, write_atomic
from readiness.model.datasets import DATA_DIR, Dataset
from readiness.pipeline.scoring import Result
from readiness.pipeline.spec import ScoringSpec

__all__ = [
    "FORMULA_PREFIXES",
    "PRESENTATION_SIZE",
    "ExportContext",
    "ExportError",
    "browser_available",
    "chart_file",
    "figure_bytes",
    "fit_columns",
    "method_summary",
    "neutralise",
    "neutralise_frame",
    "render_session",
    "source_line",
    "sources_used",
    "table_csv",
    "table_excel",
    "with_context",
    "write_bytes",
]

log = logging.getLogger(__name__)

#: Width x height (layout pixels) of an exported chart: 16:9 at presentation resolution.
PRESENTATION_SIZE = (1600, 900)
#: Text cells starting with one of these are prefixed with ``'`` (they would run as formulas in a spreadsheet).
#: Map outlines for static exports (the same files the app serves; no CDN).
TOPOJSON_DIR = DATA_DIR.parent / "static" / "topojson"
SOURCE_COLOR = "#4a5160"
#: How long a browser may take to start headless and load a blank page before an export gives up (Debian's chromium
#: takes about 1.6 s on the 2-core test machine); with kaleido's own start, an export fails within 15 s.
BROWSER_START_SECONDS = 10.0
_PROBE_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--dump-dom")


class ExportError(ReadinessError):
    """An export could not be made (no browser for chart rendering, a figure the renderer rejected...)."""


@dataclass(frozen=True)
class ExportContext:
    """What an exported chart or table says about itself: title, year, method and sources, in one language.

    Attributes
    ----------
    title
        The chart's or table's title (ideally its finding).
    year
        The year scored.
    method
        One line on the method (:func:`method_summary`).
    sources
        One line naming the publishers and the years of their figures (:func:`source_line`).
    lang
        ``id`` or ``en``.
    snapshot
        The id of the snapshot the view was made from (``?snapshot=ID``), printed on the export; None for the
        current data.
    """

    title: str
    year: int | None
    method: str
    sources: str
    lang: str = "id"
    extra: Mapping[str, str] = field(default_factory=dict)
    snapshot: str | None = None

    def lines(self) -> list[tuple[str, str]]:
        """(label, text) pairs for a header block, in ``lang``."""
        out = [(t("export.label.title", self.lang), self.title)]
        if self.year is not None:
            out.append((t("export.label.year", self.lang), str(self.year)))
        label = t("export.label.sources", self.lang)
        # the source line already opens with "Sumber:"/"Sources:" (source_line): not twice in the header block
        sources = self.sources
        if sources.lower().startswith(label.lower() + ":"):
            sources = sources[len(label) + 1:].strip()
        out += [(t("export.label.method", self.lang), self.method), (label, sources)]
        out += list(self.extra.items())
        if self.snapshot:
            out.append((t("export.label.snapshot", self.lang), self.snapshot))
        out.append((t("export.label.made_with", self.lang), t("export.made_with", self.lang)))
        return out


# -- context -----------------------------------------------------------------------------------------------------
def method_summary(spec: ScoringSpec, lang: str) -> str:
    """One line on how the scores were made: normalisation, year window and minimum coverage.

    >>> method_summary(ScoringSpec(normalise="goalposts", window=3), "en")  # doctest: +SKIP
    'Normalisation: goalposts (fixed official scale) · window 3 years · minimum coverage 0%'
    """
    window = "–" if spec.window is None else str(spec.window)
    return t("export.method", lang, method=methods.label("normalise", spec.normalise, lang, "term"), window=window,
             coverage=f"{spec.min_coverage * 100:.0f}",
             aggregate=methods.label("aggregate", spec.aggregate, lang, "term"))


def _span(years: Iterable[int]) -> str:
    ys = sorted(set(years))
    if not ys:
        return ""
    return str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}–{ys[-1]}"


def sources_used(result: Result, dataset: Dataset, regions: Sequence[str] | None = None,
                 indicators: Sequence[str] | None = None, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sources behind ``result``'s raw values of ``regions`` x ``indicators`` (default: all) and of any
    ``events`` rows: ``source_id, title, publisher, url, years, n`` (figures cited), most cited first."""
    regions = list(regions) if regions is not None else list(result.regions)
    inds = list(indicators) if indicators is not None else list(result.framework.indicators)
    rows = [result.regions.index(r) for r in regions if r in result.regions]
    cols = [result.framework.indicators.index(i) for i in inds]
    pairs: list[tuple[str, int]] = []
    if rows and cols:
        ids = result.source_ids[np.ix_(rows, cols)].ravel()
        years = result.year_used[np.ix_(rows, cols)].ravel()
        pairs = [(str(s), int(y)) for s, y in zip(ids, years, strict=True) if s is not None and y == y]
    if events is not None and len(events):
        pairs += [(str(s), int(str(d)[:4])) for s, d in zip(events["source_id"], events["date"], strict=True)
                  if isinstance(s, str) and str(d)[:4].isdigit()]
    if not pairs:
        return pd.DataFrame(columns=["source_id", "title", "publisher", "url", "years", "n"])
    used = pd.DataFrame(pairs, columns=["source_id", "year"])
    summary = used.groupby("source_id").agg(years=("year", _span), n=("year", "size")).reset_index()
    meta = dataset.sources.set_index("id")[["title", "publisher", "url"]]
    summary = summary.join(meta, on="source_id")
    summary["publisher"] = summary["publisher"].fillna(summary["source_id"])
    return summary.sort_values(["n", "source_id"], ascending=[False, True]).reset_index(drop=True)[
        ["source_id", "title", "publisher", "url", "years", "n"]]


def source_line(sources: pd.DataFrame, lang: str, limit: int = 4) -> str:
    """"Sumber: Ombudsman RI (2023–2024); Kemenpan-RB (2022) dan 3 lainnya" from :func:`sources_used`: publishers
    with the years of their figures, most cited first; past ``limit`` publishers, how many more."""
    if sources.empty:
        return t("export.sources_none", lang)
    by_publisher: dict[str, set[int]] = {}
    for publisher, years in zip(sources["publisher"], sources["years"], strict=True):
        got = by_publisher.setdefault(str(publisher), set())
        for part in str(years).split("–"):
            if part.isdigit():
                got.add(int(part))
    items = [f"{p} ({_span(y)})" if y else p for p, y in by_publisher.items()]
    text = "; ".join(items[:limit])
    if len(items) > limit:
        text += t("export.sources_more", lang, n=len(items) - limit)
    return t("export.sources", lang, sources=text)


def fit_columns(rows: Sequence[Sequence[object]], total: float, measure: Callable[[str], float],
                pad: float = 0.0) -> list[float]:
    """Column widths summing to ``total`` for a table of ``rows`` (header first), each from its own content, not
    equal: every column at least as wide as its longest word (so "Tahun" never wraps to "Tahu / n"), then the room
    left shared out by how much each column's longest cell still lacks; when the words alone do not fit, widths in
    proportion to them.

    ``measure(text)`` is the text's width in the unit of ``total`` (points for a PDF, EMU for a slide); ``pad`` is
    added to every column (cell padding).
    """
    columns = list(zip(*[[("" if v is None or v != v else str(v)) for v in row] for row in rows], strict=True))
    if not columns:
        return []
    need = [max((measure(w) for cell in col for w in cell.split()), default=0.0) + pad for col in columns]
    want = [max(max((measure(cell) for cell in col), default=0.0) + pad, n) for col, n in zip(columns, need,
                                                                                                strict=True)]
    if sum(need) >= total:
        return [total * n / sum(need) if sum(need) else total / len(need) for n in need]
    if sum(want) <= total:
        return [w + (total - sum(want)) * w / sum(want) for w in want]
    lacking = [w - n for w, n in zip(want, need, strict=True)]
    share = (total - sum(need)) / sum(lacking)
    return [n + d * share for n, d in zip(need, lacking, strict=True)]


# -- charts ------------------------------------------------------------------------------------------------------


def with_context(fig: go.Figure, context: ExportContext, width: int = PRESENTATION_SIZE[0],
                 height: int | None = None) -> go.Figure:
    """A copy of ``fig`` with the context drawn into it: the title (large), a subtitle with the year and method,
    and the source line under the plot, below the x-axis title. The figure keeps the project's template (not
    Streamlit's); ``height`` (the rendered size) replaces the on-screen height, so that nothing is cut."""
    out = go.Figure(fig)
    chars = max(60, int(width / 9))
    subtitle = " · ".join(p for p in (t("export.year_label", context.lang, year=context.year)
                                      if context.year is not None else "", context.method,
                                      t("export.snapshot", context.lang, id=context.snapshot)
                                      if context.snapshot else "") if p)
    source = wrap(context.sources, chars)
    n_source = source.count("<br>") + 1
    margin = out.layout.margin
    # room for the tick labels and the x-axis title (drawn in the bottom margin), then the source line under them
    axis_space = max(margin.b or 0, 80 if out.layout.xaxis.title.text else 50)
    bottom = axis_space + 22 * n_source + 16
    out.update_layout(
        template=TEMPLATE, separators=SEPARATORS[context.lang],  # 0,2 on an Indonesian axis, as the labels write it
        # a title with a <br> and yanchor "top" is drawn partly above the image: the subtitle is plotly's own
        title=dict(text=f"<b>{context.title}</b>", subtitle=dict(text=subtitle, font=dict(size=15, color=SOURCE_COLOR)),
                   font=dict(size=24, color=TEXT_COLOR), x=0.01, xanchor="left", y=0.985, yanchor="top",
                   yref="container"),
        margin=dict(t=max(margin.t or 0, 135), b=bottom, l=max(margin.l or 0, 20), r=max(margin.r or 0, 30)),
        width=width, height=height if height is not None else out.layout.height,
    )
    out.add_annotation(text=source, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                       yshift=-axis_space, showarrow=False, align="left",
                       font=dict(size=14, color=SOURCE_COLOR))
    # a legend under the plot would sit on the source line: move it above the plot, under the title
    legend = out.layout.legend
    if legend is not None and ((legend.y is not None and legend.y < 0) or legend.yref == "container"):
        out.update_layout(legend=dict(orientation="h", yref="paper", yanchor="bottom", y=1.02, x=0))
    return out


_session_depth = 0


@contextmanager
def render_session() -> Iterator[None]:
    """Keep one browser open for every chart rendered inside the ``with`` block (about 0.2 s a chart instead of
    about 2.7 s). Nested sessions share the browser; the outermost closes it."""
    global _session_depth
    # deferred: kaleido: 0.08 s, 10.5 MB (benchmarks/bench_imports.py); only a chart export needs it
    import kaleido

    started = False
    if _session_depth == 0 and not kaleido._global_server.is_running():
        _check_browser()
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        started = True
    _session_depth += 1
    try:
        yield
    finally:
        _session_depth -= 1
        if started:
            kaleido.stop_sync_server(silence_warnings=True)


#: The executables choreographer (kaleido's browser finder) looks for on the PATH, Debian's first.
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def browser_available() -> bool:
    """Whether a browser for chart export is installed, answered cheaply when it is: ``BROWSER_PATH`` naming a file
    or one of the usual executables on the PATH; only otherwise is kaleido's own finder asked (which loads
    choreographer, 3.3 MB and part of a first page's time: benchmarks/bench_imports.py)."""
    path = os.environ.get("BROWSER_PATH")
    if (path and Path(path).is_file()) or any(shutil.which(name) for name in _BROWSER_NAMES):
        return True
    try:
        _check_browser()
    except ExportError:
        return False
    return True


def _check_browser() -> str:
    """The browser kaleido will drive, or :class:`ExportError` saying none is installed."""
    # deferred: choreographer (kaleido's browser): 3.3 MB (benchmarks/bench_imports.py); only a chart export needs it
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    if not path:
        raise ExportError("chart export: no Chromium or Chrome browser found (kaleido renders charts in one); "
                          "install it (Debian: apt-get install -y chromium) or set BROWSER_PATH")
    _probe_browser(str(path))
    return str(path)


_probed: set[tuple[str, float]] = set()


def _probe_browser(path: str, timeout: float | None = None) -> None:
    """Start ``path`` once headless on a blank page, bounded by ``timeout`` seconds; :class:`ExportError` if it exits
    with an error or does not finish in time. kaleido itself waits forever on a browser that dies at start (its
    server thread ends and the caller waits on its queue), so this check runs first; once per browser file."""
    timeout = BROWSER_START_SECONDS if timeout is None else timeout
    try:
        key = (path, Path(path).stat().st_mtime)
    except OSError as exc:
        raise ExportError(f"chart export: the browser {path} cannot be run ({exc.strerror})") from exc
    if key in _probed:
        return
    with tempfile.TemporaryDirectory(prefix="readiness-probe-") as profile:
        proc = subprocess.Popen([path, *_PROBE_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = None
        finally:
            _kill_group(proc)
    if code is None:
        raise ExportError(f"chart export: the browser {path} did not start within {timeout:.0f} s; check that it "
                          "runs headless (Debian: apt-get install -y chromium) or set BROWSER_PATH to one that does")
    if code != 0:
        raise ExportError(f"chart export: the browser {path} failed to start (exit status {code}); install Chromium "
                          "(Debian: apt-get install -y chromium) or set BROWSER_PATH")
    _probed.add(key)


def _kill_group(proc: subprocess.Popen) -> None:
    """End the probe and any process it started (its own session)."""
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def figure_bytes(fig: go.Figure, fmt: str = "png", width: int = PRESENTATION_SIZE[0],
                 height: int = PRESENTATION_SIZE[1], scale: float = 1.0) -> bytes:
    """``fig`` as PNG, SVG, JPEG or PDF bytes (kaleido + local Chromium), at ``width`` x ``height`` layout pixels
    times ``scale``. Inside :func:`render_session` the open browser is reused.

    Raises
    ------
    ExportError
        No browser is installed, or the renderer failed (its message is included).
    """
    # deferred: kaleido: 0.08 s, 10.5 MB (benchmarks/bench_imports.py); only a chart export needs it
    import kaleido
    from kaleido.errors import BrowserFailedError, ChromeNotFoundError

    if fmt not in ("png", "svg", "jpeg", "jpg", "pdf", "webp"):
        raise ExportError(f"chart export: format {fmt!r} is not supported; choose png, svg, jpeg, webp or pdf")
    if not kaleido._global_server.is_running():
        _check_browser()
    topojson = TOPOJSON_DIR.as_uri() + "/" if TOPOJSON_DIR.exists() else None
    opts = dict(format=fmt, width=int(width), height=int(height), scale=scale)
    try:
        if kaleido._global_server.is_running():
            return kaleido.calc_fig_sync(fig.to_dict(), opts=opts, topojson=topojson)
        return kaleido.calc_fig_sync(fig.to_dict(), opts=opts, topojson=topojson, kopts={"mathjax": False})
    except (ChromeNotFoundError, BrowserFailedError) as exc:
        raise ExportError(f"chart export: the browser could not be started ({exc}); install Chromium "
                          "(Debian: apt-get install -y chromium) or set BROWSER_PATH") from exc
    except Exception as exc:  # kaleido's JavaScript and timeout errors
        raise ExportError(f"chart export failed: {type(exc).__name__}: {exc}") from exc


def chart_file(fig: go.Figure, context: ExportContext, fmt: str = "png", width: int = PRESENTATION_SIZE[0],
               height: int = PRESENTATION_SIZE[1], scale: float = 1.0) -> bytes:
    """A chart ready to send: ``fig`` with its context drawn in (:func:`with_context`), rendered as ``fmt``; a PNG
    also carries the title, year, method and sources as text chunks (``Title``, ``Description``, ``Source``), so
    the file says what it is even when cropped.

    Raises
    ------
    ExportError
        No browser to render the chart.
    """
    data = figure_bytes(with_context(fig, context, width, height), fmt, width, height, scale)
    if fmt != "png":
        return data
    # deferred: Pillow: 1.8 MB (benchmarks/bench_imports.py); only a PNG export needs it
    from PIL import Image, PngImagePlugin

    image = Image.open(io.BytesIO(data))
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Title", context.title)
    info.add_itxt("Description", " · ".join(f"{k}: {v}" for k, v in context.lines()))
    info.add_itxt("Source", context.sources)
    info.add_itxt("Software", t("export.made_with", context.lang))
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info, dpi=(96 * scale, 96 * scale))
    return out.getvalue()


# -- tables ------------------------------------------------------------------------------------------------------
def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell and column name neutralised (:func:`readiness.io.neutralise_cells`)."""
    return neutralise_cells(frame)


def table_csv(frame: pd.DataFrame, context: ExportContext) -> bytes:
    """``frame`` as UTF-8 CSV (with BOM, so Excel reads the accents) under a header block of ``# label: text``
    lines naming the title, year, method and sources; formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for label, text in context.lines():
        writer.writerow([neutralise(f"# {label}: {text}")])
    neutralise_frame(frame).to_csv(buffer, index=False, lineterminator="\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_excel(frame: pd.DataFrame, context: ExportContext, sources: pd.DataFrame | None = None) -> bytes:
    """``frame`` as an Excel workbook: sheet 1 the data, sheet 2 (``Sumber``/``Sources``) the title, year, method,
    the source line and, when given, every source (:func:`sources_used`) with its URL; formula-like cells
    neutralised."""
    about = pd.DataFrame(context.lines(), columns=[t("export.label.field", context.lang),
                                                   t("export.label.value", context.lang)])
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise_frame(frame).to_excel(writer, sheet_name=t("export.sheet.data", context.lang)[:31], index=False)
        neutralise_frame(about).to_excel(writer, sheet_name=t("export.sheet.sources", context.lang)[:31],
                                         index=False)
        if sources is not None and len(sources):
            neutralise_frame(sources).to_excel(writer, sheet_name=t("export.sheet.sources", context.lang)[:31],
                                               index=False, startrow=len(about) + 2)
    return buffer.getvalue()


def write_bytes(data: bytes, out: str | Path) -> None:
    """Write ``data`` to ``out`` atomically (a temporary file beside it, then a rename), or nothing at all."""
    target = Path(out)
    if not target.parent.exists():
        raise ExportError(f"--out {out}: folder {target.parent} does not exist")
    write_atomic(target, data, error=ExportError)
