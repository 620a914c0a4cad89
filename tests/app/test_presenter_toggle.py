"""The presenter toggle says what switching it does in both states, and its value survives the label change."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def _presenter(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/presenter.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_toggle_label_follows_the_state():
    at = _presenter()
    toggle = at.toggle(key="presenter_mode")
    assert (toggle.value, toggle.label) == (False, "Mode presentasi: sembunyikan kontrol")
    toggle.set_value(True).run()
    toggle = at.toggle(key="presenter_mode")
    assert (toggle.value, toggle.label) == (True, "Mode presentasi aktif: matikan untuk menampilkan kontrol")
    at.run()
    assert at.toggle(key="presenter_mode").value is True
    at.toggle(key="presenter_mode").set_value(False).run()
    assert at.toggle(key="presenter_mode").label == "Mode presentasi: sembunyikan kontrol"


def test_toggle_label_from_the_link_in_english():
    at = _presenter(lang="EN", presenter_mode="true")
    toggle = at.toggle(key="presenter_mode")
    assert (toggle.value, toggle.label) == (True, "Presenter mode on: switch off to show the controls")
