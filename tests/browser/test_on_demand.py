"""What the server works out only on demand, in a real browser: the overview's rank intervals appear when their
expander is opened, and the Data page's files are built when their button is clicked."""

from __future__ import annotations

import pytest

from readiness_app.serve import wait_until_idle

pytestmark = pytest.mark.browser



def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(url)
    wait_until_idle(page)
    return page


def test_rank_intervals_are_drawn_when_their_expander_opens(server, browser):
    page = _open(browser, f"{server}/")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    assert "1.000 simulasi" not in page.inner_text("body")
    page.get_by_text("Seberapa pasti peringkat ini?").click()
    page.wait_for_selector("text=1.000 simulasi", timeout=60_000)
    wait_until_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


@pytest.mark.parametrize(("label", "starts_with"), [("Templat impor (Excel)", b"PK"),  # an xlsx is a zip
                                                    ("Data terkini + sumber (CSV)", b"\xef\xbb\xbfregion_code,")])
def test_data_page_files_are_built_on_click(server, browser, label, starts_with, tmp_path):
    page = _open(browser, f"{server}/data")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith(starts_with) and len(data) > 1000
    page.close()


def test_a_chart_table_is_built_on_click_with_its_sources(server, browser, tmp_path):
    """The overview ranking's Excel download: its context and sources are worked out on click
    (readiness_app.downloads.Context), in the page's language, with the sources sheet."""
    import openpyxl

    page = _open(browser, f"{server}/?lang=EN")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    wait_until_idle(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Table (Excel)").first.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    page.close()
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[1] == "Sources"
    text = " ".join(str(c.value) for row in book["Sources"].iter_rows() for c in row if c.value is not None)
    assert "Ombudsman" in text and "Source" in text
