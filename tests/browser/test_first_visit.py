"""The first link a freshly started server receives: no "Page not found" pop-up, no sidebar of raw file names,
the page asked for is drawn (Streamlit once treated a ``pages/`` folder beside the main script as the old
multipage layout until the first ``st.navigation`` call; the page scripts now live in ``app_pages/``)."""

from __future__ import annotations

import pytest

from readiness_app.pages import PAGES
from readiness_app.serve import PENDING_CLASS, free_port, start_server, stop_server, wait_until_idle

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


def test_the_overview_sends_its_first_screen_then_the_rest_in_a_rerun_of_its_own(server):
    """readiness_app.widgets.below_fold, at the protocol level (what the server sends, whatever the browser draws
    when): a session's first run of the overview sends the first screen with the mark and asks for one timed rerun
    of the part below it; that rerun sends the board; a later run of the page sends everything at once."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from readiness_app.protocol import Viewer

    async def visit():
        viewer = await Viewer.open(server)
        try:
            return await viewer.run("", "lang=EN"), await viewer.run("", "lang=EN&year=2024")
        finally:
            await viewer.close()

    with ThreadPoolExecutor(1) as pool:  # a thread of its own: Playwright's event loop may be running in this one
        first, later = pool.submit(asyncio.run, visit()).result(timeout=120)
    mark = "Loading the rest of the page"
    assert first.deferred == 1 and any(mark in text for text in first.texts)
    assert first.table("Region") is not None and 0 < first.first_screen < first.seconds  # the board came after
    assert later.deferred == 0 and not any(mark in text for text in later.texts)
    assert later.table("Region") is not None


#: Counts, in the page, every time below_fold's mark is added (a MutationObserver set before the app loads).
_WATCH_MARK = f"""
window.__marks = 0;
new MutationObserver(records => {{ for (const r of records) for (const n of r.addedNodes)
  if (n.nodeType === 1 && (n.matches?.('.{PENDING_CLASS}') || n.querySelector?.('.{PENDING_CLASS}')))
    window.__marks += 1; }}).observe(document, {{childList: true, subtree: true}});
"""


def test_the_overview_draws_its_first_screen_first_then_the_rest(server, browser):
    """readiness_app.widgets.below_fold in the browser: once the page is idle (serve.IDLE), the board and the map
    below the first screen are drawn; a later run of the page (another year) draws them in place, with no mark.
    (Whether the first visit's mark reaches the screen depends on how busy the browser is; the protocol test above
    checks that it is sent.)"""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.add_init_script(_WATCH_MARK)
    page.goto(f"{server}/?lang=EN")
    wait_until_idle(page, timeout=60_000)
    board_first = page.locator(".st-key-screen_only_overview_board").count()
    charts = page.locator(".js-plotly-plot").count()
    page.evaluate("window.__marks = 0")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1).click()  # the year
    page.get_by_role("option", name="2024").click()
    page.wait_for_function("document.querySelector('[data-testid=\"stApp\"]')"
                           ".getAttribute('data-test-script-state') === 'running'", timeout=20_000, polling=50)
    wait_until_idle(page, timeout=60_000)
    again = page.evaluate("window.__marks")
    board_after = page.locator(".st-key-screen_only_overview_board").count()
    page.close()
    assert board_first == 1 and charts >= 2  # then the board and the map (beside the ranking) were drawn
    assert again == 0 and board_after == 1  # a later run of the page draws them in place
