"""Issue 20, "where does my city stand?" on the first screen: at 1280x720, in both languages, for Balikpapan (ranked),
Penajam Paser Utara (not enough data) and Depok (first), the overview shows the ranking, the city's standing (rank
with its interval, or what it lacks) and its like-for-like comparison without scrolling. Screenshots of each first
screen go to artifacts/screenshots/ (my-city-<code>-<lang>.png)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness_app.serve import wait_until_idle

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
WIDTH, HEIGHT = 1280, 720
#: Per language: the heading, the standing (a rank or "not enough data") and the comparison, as the page words them.
WORDS = {
    "ID": {"heading": "posisinya", "standing": ("Peringkat ", "Tanpa peringkat"),
           "comparison": ("Dibandingkan setara dengan", "Belum ada skor setara", "tidak punya cukup indikator bersama")},
    "EN": {"heading": "where it stands", "standing": ("Rank ", "No rank"),
           "comparison": ("Compared like for like with", "No like-for-like score", "do not share enough indicators")},
}
CITIES = {"64.71": "Balikpapan", "64.09": "Penajam Paser Utara", "32.76": "Depok"}


@pytest.fixture(scope="module")
def warm(server, browser):
    """One visit first: a new server's first page load also seeds its store."""
    page = browser.new_page()
    page.goto(server)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=90_000)
    page.close()
    return server


def _bottom_of(page, texts: tuple[str, ...]) -> float:
    """The lowest edge (px from the top of the window) of the first element holding one of ``texts``."""
    for text in texts:
        found = page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]', has_text=text)
        if found.count():
            box = found.first.bounding_box()
            return box["y"] + box["height"]
    raise AssertionError(f"none of {texts} on the page")


@pytest.mark.parametrize("lang", ["ID", "EN"])
@pytest.mark.parametrize("code", list(CITIES))
def test_the_first_screen_answers_for_my_city(warm, browser, code, lang):
    page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
    page.goto(f"{warm}/?my_city={code}&lang={lang}")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=90_000)
    wait_until_idle(page, timeout=90_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"my-city-{code}-{lang.lower()}.png"))
    words = WORDS[lang]
    heading = page.locator("h4", has_text=words["heading"]).first
    assert CITIES[code] in heading.inner_text()
    chart = page.locator(".js-plotly-plot").first.bounding_box()
    assert chart["y"] < heading.bounding_box()["y"] + 80  # the ranking sits beside it, at the top
    assert chart["y"] + chart["height"] <= HEIGHT + 60  # the ranking (bar a bit of its axis title) is in sight
    assert _bottom_of(page, words["standing"]) <= HEIGHT
    assert _bottom_of(page, words["comparison"]) <= HEIGHT  # the comparison too, above the fold
    assert not page.locator('[data-testid="stException"]').count()
    page.close()
