""""Kota saya / My city" (issue 20): one region chosen once in the sidebar, kept in the link and the session,
highlighted on every page; the overview's first screen answers for it — its official results with bands and years,
its rank with its interval (or "not enough data" and what is missing), and one like-for-like comparison."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness_app.pages import page as page_info

ROOT = Path(__file__).resolve().parents[2]


def open_app(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page_info(page).file).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown(at: AppTest) -> str:
    """The page's text as written (Markdown escapes of names taken out: "Balikpapan\\: posisinya")."""
    return "\n".join(str(m.value) for m in [*at.markdown, *at.caption, *at.subheader]).replace("\\", "")


def ranking_spec(at: AppTest) -> str:
    return next(c.proto.spec for c in at.get("plotly_chart") if "Skor (0-100)" in c.proto.spec
                or "Score (0-100)" in c.proto.spec)


def test_without_a_city_the_overview_opens_on_the_ranking():
    at = open_app()
    assert at.selectbox(key="my_city").value == ""
    assert ": posisinya" not in markdown(at)
    assert "\\u25b6" not in ranking_spec(at)  # no row marked
    assert "my_city" not in at.query_params  # the default is not written into the link


def test_a_ranked_city_gets_its_rank_interval_results_and_a_like_for_like_comparison():
    at = open_app(my_city="64.71", year="2024")
    text = markdown(at)
    assert "Balikpapan: posisinya 2024" in text
    assert "Peringkat **" in text and " dari " in text and "% simulasi" in text  # the rank with its interval
    results = at.table[0].value  # its official results: value (year) · band
    cells = " ".join(str(v) for v in results.to_numpy().ravel())
    assert "3,05 (2022) · Baik" in cells and "(2024)" in cells
    assert "Dibandingkan setara dengan **" in text or "Belum ada skor setara" in text  # one comparison, like for like
    assert "\\u003cb\\u003e\\u25b6 Balikpapan\\u003c\\u002fb\\u003e" in ranking_spec(at)  # highlighted


def test_a_city_without_a_rank_says_what_is_missing_in_both_languages():
    at = open_app(my_city="64.09")
    text = markdown(at)
    assert "Penajam Paser Utara: posisinya" in text and "**data belum cukup**" in text
    assert "Yang kurang untuk masuk peringkat: Indeks SPBE" in text  # the core indicator it lacks
    at.segmented_control(key="lang").set_value("EN").run()
    text = markdown(at)
    assert "Penajam Paser Utara: where it stands" in text and "**not enough data**" in text
    assert "What it lacks to be ranked: SPBE index" in text


def test_the_city_chosen_once_follows_to_every_page_and_into_the_link():
    at = open_app()
    at.selectbox(key="my_city").set_value("32.76").run()
    assert at.query_params.get("my_city") == "32.76"  # written to the link as its code
    assert "Depok: posisinya" in markdown(at)
    at.switch_page(page_info("board").file).run()
    assert (at.dataframe[0].value.iloc[:, 0] == "▶ Depok").sum() == 1  # the board's row, marked (and bold)
    at.switch_page(page_info("profile").file).run()
    assert at.selectbox(key="profile_region").value == "32.76"
    at.switch_page(page_info("compare").file).run()
    assert "32.76" in at.multiselect(key="compare_regions").value
    at.switch_page(page_info("presenter").file).run()
    assert at.selectbox(key="presenter_region").value == "32.76"
    assert at.selectbox(key="my_city").value == "32.76"  # kept for the session


@pytest.mark.parametrize(("lang", "shown"), [("ID", "3,05"), ("EN", "3.05")])
def test_scenario_numbers_are_shown_in_the_readers_convention(lang, shown):
    at = open_app("whatif", lang=lang, whatif_view="scenario", year="2024")
    assert at.text_input(key="sc_64.71_spbe_index").value == shown
