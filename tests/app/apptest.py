"""The one way an AppTest opens the dashboard: the entry point with a link's query parameters, then a page."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def open_app(page: str | None = None, *, timeout: float = 90, **query: str | list[str]) -> AppTest:
    """Run ``dashboard.py`` with ``query`` in its link, switch to ``page`` (a file under app_pages/) if given, and
    check that nothing raised."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
