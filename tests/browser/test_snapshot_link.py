"""A snapshot in a real browser (issue 21): save one on the presenter page, import a value, reopen the link; the
banner names what changed and the deck downloaded from the link holds the snapshot's figures and its id (a
deferred download runs outside the page's session: the files must be bound to the data shown). A server and store
of its own, since the test writes to the store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from readiness.store import Access, Change, Store, hash_passcode
from readiness_app.serve import free_port, start_server, stop_server, wait_until_idle
from tests.browser.conftest import own_store

pytestmark = pytest.mark.browser

KEY = "64.71|ombudsman_compliance_score|2024"


@pytest.fixture(scope="module")
def own_server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    directory = tmp_path_factory.mktemp("snapshot-store")
    port = free_port()
    proc = start_server(port, env=own_store(directory))
    yield f"http://127.0.0.1:{port}", directory
    stop_server(proc)


def _deck_text(path: Path) -> str:
    from pptx import Presentation

    parts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def test_a_deck_downloaded_from_a_snapshot_link_holds_the_snapshots_figures(own_server, browser, tmp_path):
    url, directory = own_server
    page = browser.new_page(viewport={"width": 1400, "height": 1600}, accept_downloads=True)
    page.goto(f"{url}/presentasi?year=2025")  # 2025: Balikpapan's 2024 Ombudsman figure is in the window
    wait_until_idle(page)
    page.get_by_role("button", name="Simpan snapshot").click()
    page.wait_for_selector("text=tersimpan", timeout=60_000)
    snap_id = re.search(r"Snapshot (\w{8}) tersimpan", page.inner_text("body")).group(1)

    store = Store(f"sqlite:///{directory / 'readiness.sqlite'}", access=Access(hash_passcode("pw")))
    rev, record = store.current_records("observations")[KEY]
    store.write([Change("observations", KEY, {**record, "value": 50.0}, rev)],
                editor=store.access.login("Tester", "pw"), reason="browser test")
    store.close()

    page.goto(f"{url}/presentasi?snapshot={snap_id}")
    wait_until_idle(page)
    banner = page.inner_text(".st-key-snapshot_banner")
    assert "sejak itu: 1 nilai berubah" in banner and "Lihat tampilan terkini" in banner
    with page.expect_download(timeout=180_000) as info:
        page.click(".st-key-presenter_pptx button")
    deck = tmp_path / "deck.pptx"
    info.value.save_as(deck)
    text = _deck_text(deck)
    assert f"Snapshot {snap_id}" in text
    assert "95,57" in text and "50 nilai" not in text  # Balikpapan's Ombudsman score as it was
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
