"""Complete shareable state, by value: on every page, every selection goes into the URL as a code or an id (never its
displayed label), so that a link opens the same view in either language. The test walks each page's widgets, sets a
value other than the default on each, takes the link the app wrote (``AppTest.query_params`` after the run),
reopens the app from that link alone in the *other* language (a new session) and finds every value restored. A
widget added to a page without a URL binding (or without a row here) fails the test, and so does a page of the
registry (``readiness_app.pages``) with neither a row in CHANGES nor a reason in NOT_WALKED."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness_app.pages import PAGES
from tests.app.apptest import open_app

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("selectbox", "multiselect", "toggle", "segmented_control", "pills", "pagination", "radio", "slider",
         "select_slider", "checkbox", "text_input", "number_input")
SIDEBAR = {"year": 2024, "method": "minmax", "window": 2, "min_cov": 0.25, "rule_pillar": 0.25, "rule_pillars": 1,
           "index_extended": True, "rank_all": True, "my_city": "64.09"}
LANGUAGE = {"lang"}
#: Per page (its name in the registry, ``#view`` for a view reached through the link): widget key -> a value other
#: than the default (None: choose the second option of a selectbox).
CHANGES = {
    "overview": {"overview_groups": ["ikn_buffer"], "overview_map_view": "kaltim"},
    "profile": {"profile_region": "32.76", "profile_peers": "ikn_buffer"},
    "compare": {"compare_regions": ["64.71", "32.76", "64.72"], "compare_mode": "raw",
                "compare_a": "32.76", "compare_b": "64.72", "compare_node": "digital", "compare_full": True},
    "map": {"map_area": "kaltim", "map_colour": None},
    "map#points": {"map_view": "national", "map_measure": None, "map_street": True},
    "presenter": {"presenter_region": "64.72", "presenter_peers": ["32.71", "32.76"],
                  "presenter_mode": True, "presenter_view": 3},
    "methodology": {},
    "board": {"board_groups": ["ikn_buffer"], "board_sort": None, "board_pillar": "service"},
    "whatif": {"whatif_draws": 500, "whatif_noise": 0.1, "whatif_geometric": False, "whatif_loo": True,
               "whatif_norms": ["zscore"]},
    "whatif#weights": {"whatif_norm": "zscore", "whatif_agg": "geometric", "w_digital": 2.0, "w_spbe_index": 4.0},
    "whatif#scenario": {"whatif_sc_region": "32.76", "sc_32.76_spbe_index": "3,9"},
    "whatif#target": {"whatif_tg_region": "64.72", "whatif_tg_other": "36.71"},
    "whatif#target_score": {"whatif_tg_kind": "score", "whatif_tg_region": "32.76", "whatif_tg_score": "90,0"},
}
#: Widgets left out of the link on purpose, with the reason.
NOT_IN_LINK = {
    "whatif_sc_name": "the name a scenario is saved under (typed to save it in the store, not part of the view)",
    "whatif_sc_author": "who saves a scenario (a person's name does not travel in a link)",
    "whatif_tg_author": "who saves a plan as a scenario (a person's name does not travel in a link)",
}
#: Families of widgets, one per indicator or pillar, kept in the link by one rule: one member in CHANGES walks them.
FAMILIES = ("w_", "sc_")
#: Pages this walk leaves out, each with its reason.
NOT_WALKED = {
    "data": "an editor's forms (name, passcode, upload, edits) are deliberately not kept in a shareable link",
}
#: Pages whose widgets still write displayed labels (a page converts them to readiness_app.state.choice): the link
#: is restored in its own language only. Strict: converting them turns this into a failure to remove the row. None
#: left: every page writes codes.
LABEL_LINKS: set[str] = set()

#: Views of a page reached through the link.
VIEWS = {"points": {"map_kind": "points"}, "weights": {"whatif_view": "weights"},
         "scenario": {"whatif_view": "scenario"}, "target": {"whatif_view": "target", "whatif_tg_kind": "overtake"},
         "target_score": {"whatif_view": "target"}}
#: The widgets that choose a view (not walked there: the view's own parameters restore them).
VIEW_KEYS = {"map_kind", "whatif_view"}


def _open(page: str, query: dict | None = None) -> AppTest:
    name, _, view = page.partition("#")
    query = {**VIEWS.get(view, {}), **(query or {})}
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
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
    """Set a widget's value as its user would (through the session: AppTest formats an option's label outside the
    app's session, always in Bahasa Indonesia, so setting a label in English would not match)."""
    widget = _widgets(at)[key]
    if value is None:  # a selectbox: the option after the current one
        widget.select_index(1).run()
    else:
        at.session_state[key] = value
        at.run()
    assert not at.exception, (key, [e.value for e in at.exception])
    return _widgets(at)[key].value


def _codes(value) -> list[str]:
    """The URL form of a widget's value: its code(s) as text (a toggle's true/false, a number as written)."""
    values = value if isinstance(value, list | tuple) else [value]
    return [str(v).lower() if isinstance(v, bool) else str(v) for v in values]


#: Number fields (text in the reader's convention: "3,9" in Indonesian reads back as "3.90" in English).
NUMBER_FIELDS = ("sc_", "whatif_tg_score")


def _same(key: str, a, b) -> bool:
    """Two values of widget ``key`` alike (a number field's by its number)."""
    if key.startswith(NUMBER_FIELDS) and a and b:
        return float(str(a).replace(",", ".")) == pytest.approx(float(str(b).replace(",", ".")))
    return a == b


def test_every_page_of_the_registry_is_walked_or_says_why_not():
    walked = {page.partition("#")[0] for page in CHANGES}
    assert walked.isdisjoint(NOT_WALKED)
    assert sorted(walked | set(NOT_WALKED)) == sorted(p.name for p in PAGES)


@pytest.mark.parametrize("page", list(CHANGES))
def test_every_selection_is_restored_from_the_link_in_the_other_language(page, request):
    first, other = "ID", "EN"
    if page in LABEL_LINKS:
        request.applymarker(pytest.mark.xfail(strict=True, reason="the map page still writes labels to the link"))
    at = _open(page, {"lang": first})
    wanted = {}
    for key, value in {**CHANGES[page], **SIDEBAR}.items():
        wanted[key] = _set(at, key, value)
    walked = {f for f in FAMILIES if any(k.startswith(f) for k in CHANGES[page])}
    on_page = {k for k in _widgets(at) if not k.startswith(tuple(walked))}  # the view as walked
    fixed = VIEW_KEYS | set(VIEWS.get(page.partition("#")[2], {}))
    assert on_page - set(SIDEBAR) - LANGUAGE - fixed - set(NOT_IN_LINK) - set(CHANGES[page]) == set(), \
        "widgets without a row in CHANGES"
    link = dict(at.query_params)  # the link the app wrote (readiness_app.state.choice writes it from Python)
    widgets = _widgets(at)
    for key, value in wanted.items():  # codes and ids, never labels
        if key not in link and getattr(widgets[key].proto, "query_param_key", "") == key:
            # Streamlit's own binding (state.BOUND: a widget whose shown value is its code) is written by the browser,
            # which AppTest has not: its value as the browser writes it
            link[key] = _codes(value) if isinstance(value, list) else _codes(value)[0]
        written = link.get(key)
        assert written is not None, f"{key} is not in the link"
        written = written if isinstance(written, list) else [written]
        assert all(_same(key, w, c) for w, c in zip(written, _codes(value), strict=True)), (key, written, value)
    link["lang"] = other
    again = _open(page, link)
    restored = {k: w.value for k, w in _widgets(again).items() if k in wanted}
    assert set(restored) == set(wanted) and all(_same(k, restored[k], v) for k, v in wanted.items()), (restored, wanted)
    assert again.segmented_control(key="lang").value == other
    defaults = {k: w.value for k, w in _widgets(_open(page)).items()}
    assert all(not _same(k, wanted[k], v) for k, v in defaults.items() if k in wanted)  # the walk changed each one


@pytest.mark.parametrize("page", ["overview", "compare", "presenter", "whatif#target"])
def test_an_english_link_opens_the_same_view_in_indonesian(page):
    """The other direction: a link of codes opened in English shows its values; the link the English page writes
    back, opened in Indonesian, shows the same values. (Walking the widgets in English is not possible with AppTest,
    which formats option labels in Bahasa Indonesia.)"""
    codes = {k: v for k, v in {**CHANGES[page], **SIDEBAR}.items() if v is not None}
    link = {k: _codes(v) if isinstance(v, list) else _codes(v)[0] for k, v in codes.items()}
    english = _open(page, {**link, "lang": "EN"})
    shown = {k: w.value for k, w in _widgets(english).items() if k in codes}
    assert all(_same(k, shown[k], v) for k, v in codes.items()), (shown, codes)
    assert english.title[0].value != _open(page).title[0].value  # the page is in English
    written = {**link, **dict(english.query_params), "lang": "ID"}  # the link the English page wrote back
    for key in codes:
        if key not in english.query_params and not getattr(_widgets(english)[key].proto, "query_param_key", ""):
            raise AssertionError(f"{key} is not in the English page's link")
    indonesian = _open(page, written)
    again = {k: w.value for k, w in _widgets(indonesian).items() if k in codes}
    assert all(_same(k, again[k], v) for k, v in codes.items()), (again, codes)


@pytest.mark.parametrize("asked", ["en", "En", "EN"])
def test_a_link_names_its_language_in_either_case(asked):
    """?lang=en opened the titles in English (requested_language) and the rest in Indonesian (the switch)."""
    at = open_app(lang=asked)
    assert at.segmented_control(key="lang").value == "EN"
    assert at.title[0].value == "IKN buffer-city readiness"
