"""Printing the overview, board and compare pages (the browser's print, media "print"): no sidebar, header or
navigation; the whole page flows onto the sheets instead of the first screen's 100vh box; each chart is kept on one
sheet (the overview's ranking included) and every chart fits across an A4 landscape sheet."""

from __future__ import annotations

import io

import pytest

from readiness_app.pages import page as page_info
from readiness_app.serve import wait_until_idle

pytestmark = pytest.mark.browser

#: A4 landscape less 10 mm margins, in CSS px (96 per inch).
SHEET = (277 / 25.4 * 96, 190 / 25.4 * 96)


@pytest.mark.parametrize("name", ["overview", "board", "compare"])
def test_print_shows_the_page_not_the_controls(server, browser, name):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server}/{page_info(name).url}")
    if page_info(name).charts:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    wait_until_idle(page, timeout=60_000)
    if name in ("overview", "board"):  # the board's printable twin is drawn (hidden on screen)
        page.wait_for_selector('[class*="st-key-print_only_"] table tr', state="attached", timeout=60_000)
    page.emulate_media(media="print")
    # the stylesheet arrives with the page's elements; wait for it (a timeout here is a failure: nothing hidden)
    page.wait_for_function("""() => getComputedStyle(document.querySelector('[data-testid="stSidebar"]')).display
        === 'none'""", timeout=30_000)
    hidden = page.evaluate("""() => ['[data-testid="stSidebar"]', 'header[data-testid="stHeader"]']
        .map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)""")
    flow = page.evaluate("""() => ['[data-testid="stAppViewContainer"]', '[data-testid="stMain"]']
        .map(s => getComputedStyle(document.querySelector(s))).map(c => [c.overflowY, c.height])""")
    zoom = float(page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stMain\"]')).zoom"))
    charts = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .map(e => [getComputedStyle(e).breakInside, e.getBoundingClientRect().width,
                   e.getBoundingClientRect().height])""")
    # nothing left inside a scroll box: each container as tall as its content
    boxed = page.evaluate("""() => ['[data-testid="stAppViewContainer"]', '[data-testid="stMain"]']
        .map(s => document.querySelector(s)).map(e => e.scrollHeight - e.clientHeight)""")
    boards = page.evaluate("""() => [...document.querySelectorAll('[class*="st-key-print_only_"]')]
        .map(e => [getComputedStyle(e).display, e.querySelectorAll('tr').length - 1])""")
    grids = page.evaluate("""() => [...document.querySelectorAll('[class*="st-key-screen_only_"]')]
        .map(e => getComputedStyle(e).display)""")
    pdf = page.pdf(prefer_css_page_size=True)
    page.emulate_media(media="screen")
    on_screen = page.evaluate("""() => [...document.querySelectorAll('[class*="st-key-print_only_"]')]
        .map(e => getComputedStyle(e).display)""")
    page.close()
    if name in ("overview", "board"):  # the results board prints whole, as a table of every region
        assert boards and all(display == "block" and rows >= 10 for display, rows in boards), boards
        assert grids and set(grids) == {"none"} and set(on_screen) == {"none"}
    assert hidden and set(hidden) == {"none"}
    assert all(overflow == "visible" for overflow, _ in flow), flow
    assert max(boxed) <= 40, boxed  # the whole page flows (on screen the main box hides about 2,000 px)
    for breaks, width, height in charts:  # measured unzoomed: scaled by the print zoom onto the sheet
        assert breaks == "avoid"
        assert width * zoom <= SHEET[0] and height * zoom <= SHEET[1]
    from pypdf import PdfReader

    sheet = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert float(sheet.width) > float(sheet.height)  # landscape
