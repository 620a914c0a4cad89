"""A region name and a source title holding ``<script>`` and ``<img onerror>`` show as text on every page, and no
dialog opens. The server reads a store of its own: a temporary data directory seeded from a copy of data/ in which
those two texts were replaced (test-only text, not data)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from readiness_app.pages import PAGES as REGISTRY
from readiness_app.serve import free_port, start_server, stop_server, wait_until_idle

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
REGION = "64.71"  # Balikpapan: the profile's default region
SOURCE = "radarbalikpapan-com-2d1903"  # cited by Balikpapan's MPP figures
#: Pages that show the region's name outside tables drawn on a canvas (chart labels, the region select box).
SHOWN = ("profil", "metodologi", "data")
PAGES = [p.url for p in REGISTRY]


def _rewrite(path: Path, key: str, value: str, column: str, text: str) -> None:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    hits = [r for r in rows if r[key] == value]
    assert len(hits) == 1, (path, value)
    hits[0][column] = text
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, browser):
    seed = tmp_path_factory.mktemp("hostile-seed") / "data"
    shutil.copytree(ROOT / "data", seed, ignore=shutil.ignore_patterns("boundaries"))
    _rewrite(seed / "regions.csv", "code", REGION, "name", f"Kota Balikpapan {SCRIPT}{IMG}")
    _rewrite(seed / "regions.csv", "code", REGION, "short_name", f"Balikpapan {SCRIPT}{IMG}")
    _rewrite(seed / "sources.csv", "id", SOURCE, "title", f"Kunjungan ke MPP {IMG}{SCRIPT}")
    port = free_port()
    proc = start_server(port, env={"READINESS_DATA_DIR": str(tmp_path_factory.mktemp("hostile-store")),
                                   "READINESS_SEED_DIR": str(seed), "DATABASE_URL": "",
                                   "READINESS_EDITOR_PASSCODE": "", "READINESS_EDITOR_PASSCODE_HASH": ""},
                        timeout=120)
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


@pytest.mark.parametrize("path", PAGES)
def test_script_and_img_show_as_text_and_no_dialog_opens(browser, hostile_server, path):
    page = browser.new_page(viewport={"width": 1400, "height": 2600})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    query = "?profile_region=64.71&presenter_region=64.71" if path in ("profil", "presentasi") else ""
    page.goto(f"{hostile_server}/{path}{query}")
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=90_000)
    if path in ("profil", "metodologi"):  # the name is in their charts' labels
        page.wait_for_function("Array.from(document.querySelectorAll('.js-plotly-plot .main-svg'))"
                               ".some(e => e.textContent.includes('Balikpapan'))", timeout=90_000)
    wait_until_idle(page, timeout=90_000)
    page.wait_for_timeout(1500)  # anything injected would have run by now
    # text as the reader sees it: HTML and SVG text nodes (charts) and the values shown in inputs (select boxes)
    text = page.evaluate("document.body.textContent + ' ' + "
                         "Array.from(document.querySelectorAll('input')).map(e => e.value).join(' ')")
    injected = page.locator("img[src='x']").count() + page.evaluate(
        "Array.from(document.querySelectorAll('script')).filter(e => e.textContent.includes('alert(')).length")
    exceptions = page.locator('[data-testid="stException"]').all_inner_texts()
    page.close()
    assert dialogs == [], f"/{path}: a dialog opened: {dialogs}"
    assert injected == 0, f"/{path}: an element was created from the text"
    assert exceptions == [], f"/{path}: {exceptions}"
    if path in SHOWN:
        assert f"Balikpapan {SCRIPT}{IMG}" in text, f"/{path}: the region name is not shown as text"
