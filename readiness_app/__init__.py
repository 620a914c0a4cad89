"""The Streamlit side of the dashboard: everything here may import Streamlit; nothing in ``readiness`` may.

- :mod:`~readiness_app.config`: the settings file (defaults and choices, ``settings.toml``).
- :mod:`~readiness_app.text`: the current language and the page copy (``locales/``) over the library's terms.
- :mod:`~readiness_app.store`: the store (SQLite or PostgreSQL) and its data version, read once per rerun.
- :mod:`~readiness_app.data`: cached loading and scoring, keyed by the data version and
  :class:`readiness.ScoringSpec`.
- :mod:`~readiness_app.widgets`: the shared sidebar, the current spec, charts, notes, tables, map clicks.
- :mod:`~readiness_app.state`: the view in the URL, by code (every widget; "my city").
- :mod:`~readiness_app.pages`: the pages, in one list (navigation, tests and benchmarks read it).

Pages import this package as ``app`` and use the names below.
"""

from __future__ import annotations

from readiness_app.config import settings_file
from readiness_app.data import (
    board_table,
    boundaries,
    boundary_files,
    boundary_layer,
    change,
    cube,
    dataset,
    default_year,
    distribution_bars,
    group_comparison,
    ikn_rings,
    like_for_like,
    region_change,
    region_context,
    result,
    results_by_year,
)
from readiness_app.state import BOUND, choice
from readiness_app.store import refresh as refresh_data
from readiness_app.text import lang, plain, requested_language, t
from readiness_app.widgets import (
    Page,
    below_fold,
    chart,
    comparability_notes,
    link_columns,
    localise,
    method_name,
    my_city,
    number_field,
    open_profile_on_click,
    page,
    previous_year,
    region_colors,
    region_format,
    results_board,
    selected_region,
    sidebar,
    spec,
)

__all__ = [
    "BOUND",
    "Page",
    "below_fold",
    "board_table",
    "boundaries",
    "boundary_files",
    "boundary_layer",
    "change",
    "chart",
    "choice",
    "comparability_notes",
    "cube",
    "dataset",
    "default_year",
    "distribution_bars",
    "group_comparison",
    "ikn_rings",
    "lang",
    "like_for_like",
    "link_columns",
    "localise",
    "method_name",
    "my_city",
    "number_field",
    "open_profile_on_click",
    "page",
    "plain",
    "previous_year",
    "refresh_data",
    "region_change",
    "region_colors",
    "region_context",
    "region_format",
    "requested_language",
    "result",
    "results_board",
    "results_by_year",
    "selected_region",
    "settings_file",
    "sidebar",
    "spec",
    "t",
]
