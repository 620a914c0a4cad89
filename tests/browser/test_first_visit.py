"""The first link a freshly started server receives: no "Page not found" pop-up, no sidebar of raw file names,
the page asked for is drawn (Streamlit once treated a ``pages/`` folder beside the main script as the old
multipage layout until the first ``st.navigation`` call; the page scripts now live in ``app_pages/``)."""

from __future__ import annotations

import pytest

from readiness_app.pages import PAGES
from readiness_app.serve import free_port, start_server, stop_server, wait_until_idle

pytestmark = pytest.mark.browser

#: What v1's sidebar showed: the scripts' file names.
RAW_NAMES = (*(p.name for p in PAGES), "dashboard")


@pytest.fixture()
def fresh_server(tmp_path):
    port = free_port()
    proc = start_server(port, env={"READINESS_DATA_DIR": str(tmp_path), "DATABASE_URL": ""})  # a store of its own
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


def test_first_deep_link_to_a_fresh_server(fresh_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    console = []
    page.on("console", lambda m: console.append(m.text))
    page.goto(f"{fresh_server}/profil?lang=EN")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    wait_until_idle(page, timeout=60_000)
    body = page.inner_text("body")
    nav = page.locator('[data-testid="stSidebarNav"], [data-testid="stTopNavLink"], header a').all_inner_texts()
    dialogs = page.locator('[role="dialog"]').all_inner_texts()
    page.close()
    assert "City profile" in body  # the page asked for, in the language asked for
    assert not any("Page not found" in d for d in dialogs), dialogs
    assert "Page not found" not in body
    assert not any("does not seem to exist" in c for c in console), console
    assert not [n for n in nav if n.strip() in RAW_NAMES], nav  # v1 showed the file names as they are
    assert "Overview" in " ".join(nav)  # the app's own navigation, translated
