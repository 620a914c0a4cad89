"""Presenter mode in a real browser: controls and sidebar hidden, the keyboard steps through the views and the
view number follows in the URL."""

from __future__ import annotations

import pytest

from readiness_app.serve import wait_until_idle

pytestmark = pytest.mark.browser


def test_keyboard_steps_through_the_views(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server}/presentasi?lang=EN&presenter_mode=true")
    page.wait_for_selector(".presenter-source", timeout=60_000)
    wait_until_idle(page, timeout=60_000)
    assert page.locator(".presenter-title").inner_text() == "Readiness briefing: Balikpapan"
    assert not page.locator('section[data-testid="stSidebar"]').is_visible()
    assert not page.locator(".st-key-presenter_controls").is_visible()
    page.mouse.click(640, 300)  # focus the page (the listener is on the document)
    page.keyboard.press("ArrowRight")
    # innerText follows the CSS text-transform of the kicker (upper case)
    page.wait_for_function("document.querySelector('.presenter-kicker')?.innerText.startsWith('OFFICIAL RESULTS')",
                           timeout=30_000)
    page.keyboard.press("ArrowRight")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert "presenter_view=3" in page.url
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("!location.search.includes('presenter_view=3')", timeout=30_000)
    page.close()


@pytest.mark.parametrize("lang", ["ID", "EN"])
def test_stepping_arrows_in_sight_on_every_view_at_1280x720(server, browser, lang):
    """The arrows sit above the view: on every view of the briefing, both arrow buttons lie inside the 720 px
    viewport without scrolling and above the view's title (under the chart they reached the bottom edge on the
    summary view, y 684-718, and fell below it with a longer title)."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    for view in range(1, 9):
        page.goto(f"{server}/presentasi?lang={lang}&presenter_mode=true&presenter_view={view}")
        page.wait_for_selector(".presenter-source", timeout=60_000)
        wait_until_idle(page, timeout=60_000)
        page.wait_for_selector(".st-key-presenter_view button", state="attached", timeout=30_000)
        buttons = page.locator(".st-key-presenter_view button")
        assert buttons.count() >= 2
        title = page.locator(".presenter-title").bounding_box()
        for k in (0, buttons.count() - 1):
            box = buttons.nth(k).bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 720, (view, box)
            # above the view's title: no chart, table or bullet list can push them down
            assert title is not None and box["y"] + box["height"] <= title["y"], (view, box, title)
    page.close()
