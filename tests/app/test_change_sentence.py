"""The profile and the presenter (hence the deck and the PDF, built from the same briefing) state a region's change
in the same sentence, from the same function, on a constant basis: on the bundled data, Balikpapan's 2025 index
has no comparable change (no new figure since 2024; IKD arrived), whatever the raw index did (the year is
set in the link: the default year follows the data)."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def _page(page: str, region: str, lang: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in {"lang": lang, **query}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    at.selectbox(key=f"{page}_region").set_value(region).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(("region", "lang", "start"), [
    ("64.71", "ID", "Tidak ada perubahan yang sebanding untuk Balikpapan dari 2024 ke 2025: tidak ada angka baru"),
    ("64.71", "EN", "No comparable change for Balikpapan from 2024 to 2025: no new figure since 2024"),
    ("64.74", "EN", "Bontang has no index in"),
])
def test_profile_and_presenter_state_the_same_change(region, lang, start):
    profile = _page("profile", region, lang, year="2025")
    sentence = next(m.value for m in profile.markdown if m.value.startswith(start))
    presenter = _page("presenter", region, lang, presenter_view="5", year="2025")
    titles = [h.proto.body for h in presenter.get("html") if "<p class='presenter-title'>" in h.proto.body]
    assert len(titles) == 1 and titles[0].endswith(f"<p class='presenter-title'>{escape(sentence)}</p>"), titles
    for word in ("naik", "turun", "rose", "fell"):
        assert f" {word} " not in sentence
