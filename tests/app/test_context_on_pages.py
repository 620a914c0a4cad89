"""The profile places each result nationally and says why a core figure is missing; the results board says it in the
missing cell; in both languages (AppTest on the bundled data)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness_app.pages import PAGES
from readiness_app.pages import page as page_info

ROOT = Path(__file__).resolve().parents[2]
FIRST = next(p.file for p in PAGES if p.default)
PROFILE, BOARD = (page_info(n).file for n in ("profile", "board"))


def app(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["year"] = "2025"  # the scene these tests describe (window 2022-2025)
    at.run()
    if lang != "id":
        at.segmented_control(key="lang").set_value(lang.upper()).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def frames(at: AppTest) -> str:
    """Every cell of every plain dataframe on the page, as text."""
    out = []
    for df in at.dataframe:
        value = df.value
        value = getattr(value, "data", value)  # a Styler's frame
        out.append(value.astype(str).to_string())
    return "\n".join(out)


@pytest.mark.parametrize(("lang", "placed", "missing", "heading"), [
    ("id", "zona hijau — 53 dari 98 kota, 2022", "tidak ditemukan", "Posisi nasional"),
    ("en", "green zone — 53 of 98 cities, 2022", "not found", "National position"),
])
def test_profile_shows_the_national_position_and_the_gap_status(lang, placed, missing, heading):
    at = app(PROFILE, lang)
    assert at.selectbox(key="profile_region").value == "64.71"
    assert placed in markdown(at)
    cells = frames(at)
    assert missing in cells and "2023–2025" in cells  # Balikpapan's SPBE after 2022
    assert heading in [s.value for s in at.subheader]
    title = "sebaran kota (98 dinilai)" if lang == "id" else "cities by band (98 assessed)"
    bars = [c for c in at.get("plotly_chart") if title in c.proto.spec]
    assert bars, "a distribution bar of the 2022 kota zones"


def test_profile_of_bontang_says_its_spbe_was_not_found():
    at = app(PROFILE, "id")
    at.selectbox(key="profile_region").set_value("64.74").run()
    assert not at.exception
    cells = frames(at)
    assert "tidak ditemukan" in cells and "2022–2025" in cells
    assert "zona hijau — 94 kota, 2024" in markdown(at)


@pytest.mark.parametrize(("lang", "status"), [("id", "– · tidak ditemukan"), ("en", "– · not found")])
def test_board_cells_say_why_a_core_figure_is_missing(lang, status):
    at = app(BOARD, lang)
    assert status in frames(at)
