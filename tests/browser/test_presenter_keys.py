"""Presenter mode in a real browser: controls and sidebar hidden, the keyboard steps through the views and the
view number follows in the URL."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_keyboard_steps_through_the_views(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server}/presentasi?lang=EN&presenter_mode=true")
    page.wait_for_selector(".presenter-source", timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
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
