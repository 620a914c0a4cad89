"""Every page in headless Chromium against a real server: drawn, no Streamlit exception, no console error, no
request leaving the machine (offline), and a screenshot per page under artifacts/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from readiness_app.pages import PAGES
from readiness_app.serve import wait_until_idle

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
# Streamlit's client probes /<page>/_stcore/... before the root on a deep link; those two 404s are its own.
KNOWN_404 = re.compile(r"/[a-z-]+/_stcore/(health|host-config)$")  # page paths may hold a hyphen


def visit(browser, url: str, name: str | None = None, charts: bool = True):
    """Open ``url``, wait until Streamlit has drawn its charts (on a page with ``charts``) and finished running;
    return what happened."""
    page = browser.new_page(viewport={"width": 1400, "height": 2600})  # Streamlit scrolls inside
    outside, errors, not_found = [], [], []
    page.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
               if urlparse(route.request.url).hostname not in ("127.0.0.1", "localhost") else route.continue_())
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: not_found.append(r.url) if r.status >= 400 else None)
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    if charts:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    else:
        page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
    wait_until_idle(page, timeout=60_000)
    exceptions = page.locator('[data-testid="stException"]').all_inner_texts()
    if name:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    body = page.inner_text("body")
    page.close()
    unexplained_404 = [u for u in not_found if not KNOWN_404.search(urlparse(u).path)]
    resource_errors = [e for e in errors if e.startswith("Failed to load resource")]
    other_errors = [e for e in errors if not e.startswith("Failed to load resource")]
    return {"outside": outside, "exceptions": exceptions, "other_errors": other_errors,
            "unexplained_404": unexplained_404, "resource_errors": len(resource_errors),
            "known_404": len(not_found) - len(unexplained_404), "body": body}


@pytest.fixture(scope="module")
def warm(server, browser):
    """One deep link first: Streamlit shows 'page not found' on the first deep link a new server sees (#9624)."""
    visit(browser, f"{server}/bandingkan")
    return server


@pytest.mark.parametrize("info", PAGES, ids=lambda p: p.url_path)
@pytest.mark.parametrize("lang", ["ID", "EN"])
def test_page_in_browser(warm, browser, info, lang):
    """Every page of the registry (``readiness_app.pages``); the screenshot is named after its path."""
    result = visit(browser, f"{warm}/{info.url}?lang={lang}", f"{info.url_path}_{lang.lower()}", charts=info.charts)
    assert result["exceptions"] == []
    assert result["other_errors"] == []
    assert result["unexplained_404"] == []
    assert result["resource_errors"] <= result["known_404"]
    assert result["outside"] == [], "the app reached for a host outside this machine"
    assert "Page not found" not in result["body"]


def test_shared_link_restores_view(warm, browser):
    result = visit(browser, f"{warm}/bandingkan?lang=EN&year=2024&compare_regions=64.71&compare_regions=32.76"
                            "&compare_b=Depok")
    assert "Compare regions" in result["body"]
    assert "Balikpapan" in result["body"] and "Depok" in result["body"]
    assert "Gap in" in result["body"] and "Balikpapan − Depok" in result["body"]


@pytest.mark.parametrize(("view", "query"), [("kaltim", "?map_kind=points"),
                                             ("national", "?map_kind=points&map_view=national")])
def test_map_offline_draws_points_labels_and_rings(warm, browser, view, query):
    """With every outside request blocked, the map still draws land, the points, their labels and the rings."""
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    outside = []
    page.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
               if urlparse(route.request.url).hostname not in ("127.0.0.1", "localhost") else route.continue_())
    page.goto(f"{warm}/peta{query}")
    page.wait_for_selector(".js-plotly-plot .geo", timeout=60_000)
    wait_until_idle(page, timeout=60_000)
    page.wait_for_selector(".js-plotly-plot .geo .land", timeout=30_000)  # outlines from the app's own topojson
    names = page.evaluate("Array.from(document.querySelector('.js-plotly-plot').data, t => t.name || '')")
    texts = page.evaluate("Array.from(document.querySelectorAll('.js-plotly-plot .geo text'), t => t.textContent)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".js-plotly-plot").first.screenshot(path=str(SCREENSHOTS / f"map_{view}.png"))
    page.close()
    assert outside == []
    assert ("IKN (KIPP)" in texts and "Jakarta (Monas)" in texts) or view == "kaltim"
    if view == "kaltim":  # rings and region labels around IKN; nationally the rings would be a dot
        assert any(n.startswith("ring ") for n in names)
        assert {"Balikpapan", "Samarinda", "IKN (KIPP)", "50 km", "200 km"} <= set(texts)
    else:
        assert not any(n.startswith("ring ") for n in names)


@pytest.mark.parametrize(("view", "query"), [("national", ""), ("kaltim", "?map_area=kaltim&year=2024")])
def test_map_choropleth_offline_draws_polygons_labels_and_legend(warm, browser, view, query):
    """The default choropleth, every outside request blocked: 514 (or East Kalimantan's) polygons, the legend with
    the band names and "tidak ada data", region labels, and around IKN the rings."""
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    outside = []
    page.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
               if urlparse(route.request.url).hostname not in ("127.0.0.1", "localhost") else route.continue_())
    page.goto(f"{warm}/peta{query}")
    page.wait_for_selector(".js-plotly-plot .choroplethlayer path", timeout=60_000)
    wait_until_idle(page, timeout=60_000)
    page.wait_for_selector(".js-plotly-plot .geo .land", timeout=30_000)
    polygons = page.evaluate("document.querySelectorAll('.js-plotly-plot .choroplethlayer path').length")
    legend = page.evaluate("Array.from(document.querySelectorAll('.js-plotly-plot .legendtext'), t => t.textContent)")
    texts = page.evaluate("Array.from(document.querySelectorAll('.js-plotly-plot .geo text'), t => t.textContent)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".js-plotly-plot").first.screenshot(path=str(SCREENSHOTS / f"map_choropleth_{view}.png"))
    page.close()
    assert outside == []
    assert polygons >= (514 if view == "national" else 10)
    assert legend[:6] == ["Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan", "tidak ada data"]
    assert "IKN (KIPP)" in texts
    if view == "kaltim":
        assert {"Balikpapan", "Samarinda", "50 km", "200 km"} <= set(texts)
