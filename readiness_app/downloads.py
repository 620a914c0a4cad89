"""Chart and table downloads with their context on the overview, profile and compare pages: small buttons whose
files are built on click (deferred downloads). A chart PNG carries its title, year, method and source line
(:func:`readiness.display.export.chart_file`); a table comes as CSV under a header block or as Excel with a sources
sheet (:func:`~readiness.display.export.table_csv`, :func:`~readiness.display.export.table_excel`). Every table
download passes through :func:`readiness.display.export.neutralise_frame` (formula-like cells prefixed with ``'``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import readiness
from readiness.display import export
from readiness_app.snapshots import snapshot_id
from readiness_app.text import lang, t

__all__ = ["Context", "context", "download_row"]


@cache
def _browser() -> bool:
    """True when a browser for chart rendering is installed (checked once per process, without loading the
    renderer when a usual browser is on the PATH)."""
    return export.browser_available()


class Context:
    """What a row of download buttons needs: the title now (file names), the export context and the sources behind
    it only when a file is built (on click): working out the sources on every rerun cost the profile page about a
    tenth of its time (benchmarks/bench_load.py)."""

    def __init__(self, title: str, spec: readiness.ScoringSpec, result: readiness.Result, dataset: readiness.Dataset,
                 regions: Sequence[str] | None, indicators: Sequence[str] | None, events: pd.DataFrame | None):
        self.title = title
        # the language and the snapshot are read now, in the page's run; a click builds the file outside it
        self._args = (spec, result, dataset, regions, indicators, events, lang(), snapshot_id())
        self._built: tuple[export.ExportContext, pd.DataFrame] | None = None

    def build(self) -> tuple[export.ExportContext, pd.DataFrame]:
        """The export context (title, year, method, source line in the page's language, the snapshot shown) and the
        sources behind it."""
        if self._built is None:
            spec, result, dataset, regions, indicators, events, language, snapshot = self._args
            sources = export.sources_used(result, dataset, regions, indicators, events=events)
            self._built = (export.ExportContext(title=self.title, year=spec.year,
                                                method=export.method_summary(spec, language),
                                                sources=export.source_line(sources, language), lang=language,
                                                snapshot=snapshot), sources)
        return self._built


def context(title: str, spec: readiness.ScoringSpec, result: readiness.Result, dataset: readiness.Dataset,
            regions: Sequence[str] | None = None, indicators: Sequence[str] | None = None,
            events: pd.DataFrame | None = None) -> Context:
    """The context of a row of downloads (:class:`Context`): ``title`` and the figures behind it (``result``'s
    values of ``regions`` x ``indicators``, default all, and any ``events``), worked out on click."""
    return Context(title, spec, result, dataset, regions, indicators, events)


def _stem(title: str) -> str:
    keep = "".join(c if c.isalnum() else "-" for c in title.lower())
    return "-".join(p for p in keep.split("-") if p)[:60] or "export"


def _chart(fig: go.Figure, ctx: Context, key: str) -> None:
    st.download_button(t("downloads.png"), data=lambda: export.chart_file(fig, ctx.build()[0]),
                       file_name=f"{_stem(ctx.title)}.png", mime="image/png", key=key, type="tertiary",
                       on_click="ignore")


def _tables(frame: pd.DataFrame, ctx: Context, key: str, cols: Sequence) -> None:
    """CSV and Excel buttons in ``cols`` (two containers, or the same row twice)."""
    stem = _stem(ctx.title)
    cols[0].download_button(t("downloads.csv"), data=lambda: export.table_csv(frame, ctx.build()[0]),
                            file_name=f"{stem}.csv", mime="text/csv", key=f"{key}_csv", type="tertiary",
                            on_click="ignore")
    cols[1].download_button(t("downloads.xlsx"), data=lambda: export.table_excel(frame, *ctx.build()),
                            file_name=f"{stem}.xlsx", key=f"{key}_xlsx", type="tertiary", on_click="ignore",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def download_row(key: str, ctx: Context, fig: go.Figure | None = None, frame: pd.DataFrame | None = None) -> None:
    """One row of small buttons under a chart or table: the chart as PNG (title, year, method and sources drawn
    in), the table as CSV (header block) and Excel (sources sheet). Files are built on click; ``key`` is the
    page-prefixed stem of the buttons' keys (``overview_ranking`` -> ``overview_ranking_png``...)."""
    row = st.container(horizontal=True, gap="small")
    with row:
        if fig is not None and _browser():
            _chart(fig, ctx, f"{key}_png")
        if frame is not None:
            _tables(frame, ctx, key, (row, row))
    if fig is not None and not _browser():
        st.caption(t("downloads.no_browser"))
