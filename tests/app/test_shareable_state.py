"""Complete shareable state: on every page, every selection goes into the URL. The test walks each page's widgets,
sets a value other than the default on each, reopens the app from the URL alone (a new session) and finds every
value restored. A widget added to a page without a URL binding (or without a row here) fails the test, and so does a
page of the registry (``readiness_app.pages``) with neither a row in CHANGES nor a reason in NOT_WALKED."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness_app.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("selectbox", "multiselect", "toggle", "segmented_control", "pills", "pagination", "radio", "slider",
         "select_slider", "checkbox", "text_input", "number_input")
SIDEBAR = {"year": 2024, "method": "minmax", "window": 2, "min_cov": 0.25, "rule_pillar": 0.25, "rule_pillars": 1,
           "index_extended": True, "rank_all": True}
#: The language is restored from the URL too (tests/app/test_pages.py::test_query_params_restore_the_view); it is
#: left at Bahasa Indonesia here because AppTest formats option labels outside the app's session (always "id").
LANGUAGE = {"lang"}
#: Per page (its name in the registry, ``#view`` for a view reached through the link): widget key -> a value other
#: than the default (None: choose the second option of a selectbox).
CHANGES = {
    "overview": {"overview_groups": ["ikn_buffer"], "overview_map_view": "kaltim"},
    "profile": {"profile_region": "32.76", "profile_peers": "ikn_buffer"},
    "compare": {"compare_regions": ["64.71", "32.76", "64.72"], "compare_mode": "raw",
                "compare_a": "32.76", "compare_b": "64.72", "compare_node": None, "compare_full": True},
    "map": {"map_area": "kaltim", "map_colour": None},
    "map#points": {"map_view": "national", "map_measure": None, "map_street": True},
    "presenter": {"presenter_region": "64.72", "presenter_peers": ["32.71", "32.76"],
                  "presenter_mode": True, "presenter_view": 3},
    "methodology": {},
    "board": {"board_groups": ["ikn_buffer"], "board_sort": None},
}
#: Pages this walk leaves out, each with its reason.
NOT_WALKED = {
    "whatif": "its four views show different widgets; tests/app/test_whatif_page.py checks their URL binding",
    "data": "an editor's forms (name, passcode, upload, edits) are deliberately not kept in a shareable link",
}


#: Views of a page reached through the link (the map's points view: ?map_kind=Titik).
VIEWS = {"points": {"map_kind": "Titik"}}


def _open(page: str, query: dict | None = None) -> AppTest:
    name, _, view = page.partition("#")
    query = {**VIEWS.get(view, {}), **(query or {})}
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"app_pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _widgets(at: AppTest) -> dict[str, object]:
    found = {}
    for kind in KINDS:
        for w in getattr(at, kind):
            if w.key:
                found[w.key] = w
    return found


def _set(at: AppTest, key: str, value) -> object:
    widget = _widgets(at)[key]
    if value is None:  # a selectbox: the option after the current one
        value = widget.options and widget.options[1]
        widget.select_index(1).run()
    else:
        widget.set_value(value).run()
    assert not at.exception, (key, [e.value for e in at.exception])
    return _widgets(at)[key].value


def _url_value(widget) -> str | list[str]:
    """What a bound widget writes into the link: its displayed label(s) (Streamlit's bind="query-params"), a
    toggle's true/false, a page number."""
    if widget.type == "multiselect" or (hasattr(widget, "indices") and not getattr(widget, "_is_single_select",
                                                                                     True)):
        return [widget.options[i] for i in widget.indices]
    if hasattr(widget, "indices"):
        return widget.options[widget.indices[0]]
    if hasattr(widget, "index"):
        return widget.options[widget.index]
    if isinstance(widget.value, bool):
        return str(widget.value).lower()
    return str(widget.value)


def test_every_page_of_the_registry_is_walked_or_says_why_not():
    walked = {page.partition("#")[0] for page in CHANGES}
    assert walked.isdisjoint(NOT_WALKED)
    assert sorted(walked | set(NOT_WALKED)) == sorted(p.name for p in PAGES)


@pytest.mark.parametrize("page", list(CHANGES))
def test_every_selection_is_restored_from_the_url(page):
    at = _open(page)
    on_page = set(_widgets(at))
    fixed_by_view = {"map_kind"} if page.startswith("map") else set()  # the view; restored by ?map_kind
    assert on_page - set(SIDEBAR) - LANGUAGE - fixed_by_view - set(CHANGES[page]) == set(), \
        "widgets without a row in CHANGES"
    wanted = {}
    for key, value in {**CHANGES[page], **SIDEBAR}.items():
        wanted[key] = _set(at, key, value)
    query = {k: _url_value(w) for k, w in _widgets(at).items() if k in wanted}
    again = _open(page, query)
    restored = {k: w.value for k, w in _widgets(again).items() if k in wanted}
    assert restored == wanted
    assert all(wanted[k] != v for k, v in _defaults(page).items() if k in wanted)  # the walk changed each one


def _defaults(page: str) -> dict[str, object]:
    return {k: w.value for k, w in _widgets(_open(page)).items()}
