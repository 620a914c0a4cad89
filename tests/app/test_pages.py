"""The Streamlit pages, run headless with AppTest: each renders, reacts to its widgets, restores its view from the
URL and switches language."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["pages/overview.py", "pages/profile.py", "pages/compare.py", "pages/methodology.py", "pages/map.py"]


def app(page: str | None = None, **query: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page and page != PAGES[0]:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [m.label + str(m.value) for m in at.metric] + [i.value for i in at.info] + [w.value for w in at.warning]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_charts_without_exception(page):
    at = app(page)
    assert at.get("plotly_chart"), page
    assert not at.error


def test_overview_year_and_group_filter():
    at = app()
    assert "Tahun 2024" in texts(at)
    at.selectbox(key="year").set_value(2022).run()
    assert "Tahun 2022" in texts(at) and not at.exception
    at.pills(key="overview_groups").set_value([]).run()
    assert "Pilih minimal satu kelompok daerah." in [i.value for i in at.info]
    assert not at.get("plotly_chart")


def test_overview_year_without_scores_says_so():
    at = app()
    at.selectbox(key="year").set_value(2014).run()
    at.selectbox(key="window").set_value(0).run()
    assert not at.exception
    assert "Daerah dinilai" in texts(at)


def test_profile_region_change():
    at = app(PAGES[1])
    before = texts(at)
    assert "Balikpapan" in before
    at.selectbox(key="profile_region").set_value("32.76").run()
    after = texts(at)
    assert "Perkembangan Depok" in [c.value for c in at.caption] + [m.value for m in at.markdown] or after != before
    assert at.metric[0].value != "" and not at.exception


def test_profile_region_without_data():
    at = app(PAGES[1])
    at.selectbox(key="profile_region").set_value("35.78").run()  # Surabaya: IGA ranks only
    assert not at.exception
    assert any("belum punya skor" in w.value for w in at.warning)
    assert any("Belum ada angka bersumber" in i.value for i in at.info)


def test_compare_needs_two_and_switches_mode():
    at = app(PAGES[2])
    assert [m.value for m in at.multiselect] == [["64.71", "32.76", "32.75"]]
    charts_before = len(at.get("plotly_chart"))
    at.segmented_control(key="compare_mode").set_value("raw").run()
    assert not at.exception and len(at.get("plotly_chart")) == charts_before
    at.multiselect(key="compare_regions").set_value(["64.71"]).run()
    assert "Pilih minimal dua daerah untuk dibandingkan." in [i.value for i in at.info]
    assert not at.get("plotly_chart")


def test_compare_gap_explained():
    at = app(PAGES[2])
    assert any("Balikpapan − Depok" in m.value for m in at.markdown)
    at.selectbox(key="compare_b").set_value("32.75").run()
    assert any("Balikpapan − Bekasi" in m.value for m in at.markdown)


def test_query_params_restore_the_view():
    at = app(PAGES[2], lang="EN", year="2023", compare_regions=["Samarinda", "Bogor"],
             compare_mode="Raw values")  # a copied link carries labels in its own language
    assert at.segmented_control(key="lang").value == "EN"
    assert at.selectbox(key="year").value == 2023
    assert at.multiselect(key="compare_regions").value == ["64.72", "32.71"]
    assert at.segmented_control(key="compare_mode").value == "raw"
    assert at.title[0].value == "Compare regions"


def test_language_switch_changes_labels():
    at = app()
    assert at.title[0].value == "Kesiapan kota penyangga IKN"
    at.segmented_control(key="lang").set_value("EN").run()
    assert at.title[0].value == "IKN buffer-city readiness"
    assert at.selectbox(key="year").label == "Year"
    assert "Regions scored" in texts(at)


def test_methodology_reflects_settings():
    at = app(PAGES[3])
    assert any("normalisasi **goalposts**" in m.value for m in at.markdown)
    at.selectbox(key="method").set_value("minmax").run()
    assert any("normalisasi **min-max**" in m.value for m in at.markdown)
    assert len(at.dataframe) >= 3


def test_map_page_views_and_measures():
    at = app(PAGES[4])
    fig = at.get("plotly_chart")[0]
    assert not at.exception
    at.segmented_control(key="map_kind").set_value("points").run()
    at.segmented_control(key="map_view").set_value("national").run()
    assert not at.exception
    at.selectbox(key="map_measure").set_value("spbe_index").run()
    assert not at.exception
    assert "Tidak ada berkas batas wilayah" in texts(at)
    assert fig is not None and len(at.dataframe) == 1


def test_map_click_opens_profile(monkeypatch):
    import readiness.report as report

    monkeypatch.setattr(report, "selected_region", lambda event, allowed: "32.76")
    at = app(PAGES[4])
    assert not at.exception
    assert at.title[0].value == "Profil kota"
    assert at.selectbox(key="profile_region").value == "32.76"


def test_map_street_basemap_toggle():
    at = app(PAGES[4], map_kind="Titik")
    at.toggle(key="map_street").set_value(True).run()
    assert not at.exception and at.get("plotly_chart")
