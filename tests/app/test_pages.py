"""The Streamlit pages, run headless with AppTest: each page of the registry (``readiness_app.pages``) renders, the
registry and ``app_pages/`` agree, and the pages react to their widgets, restore their view from the URL and switch
language."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness_app.pages import PAGES, PageInfo
from readiness_app.pages import page as page_info
from readiness_app.text import strings

ROOT = Path(__file__).resolve().parents[2]
FIRST = next(p.file for p in PAGES if p.default)
PROFILE, COMPARE, MAP, METHODOLOGY = (page_info(n).file for n in ("profile", "compare", "map", "methodology"))


def app(page: str | None = None, **query: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page and page != FIRST:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [m.label + str(m.value) for m in at.metric] + [i.value for i in at.info] + [w.value for w in at.warning]
    return "\n".join(str(p) for p in parts)


def test_the_registry_lists_every_page_script_and_only_those():
    scripts = {p.stem for p in (ROOT / "app_pages").glob("*.py")}
    listed = [p.name for p in PAGES]
    assert sorted(scripts - set(listed)) == [], "scripts in app_pages/ without a line in readiness_app.pages.PAGES"
    assert sorted(set(listed) - scripts) == [], "pages in readiness_app.pages.PAGES without a script in app_pages/"
    assert len(listed) == len(set(listed))


def test_the_registry_is_consistent():
    assert [p.default for p in PAGES].count(True) == 1
    paths = [p.url_path for p in PAGES]
    assert len(paths) == len(set(paths)) and all(paths), paths
    for lang in ("id", "en"):
        missing = [p.title_key for p in PAGES if p.title_key not in strings(lang)]
        assert missing == [], (lang, missing)


@pytest.mark.parametrize("info", PAGES, ids=lambda p: p.name)
def test_page_renders_without_exception(info: PageInfo):
    at = app(info.file)
    assert at.title, info.name
    if info.charts:
        assert at.get("plotly_chart"), info.name
    assert not at.error


def test_overview_year_and_group_filter():
    at = app()
    # the default year (DEFAULT_YEAR_RULE): 2023, when 4 of the 10 study regions have every core value from 2022-2023
    # (2024 and 2025: 3); no year has a majority
    assert "Tahun 2023" in texts(at)
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


def _chart_specs(at: AppTest) -> list[str]:
    return [chart.proto.spec for chart in at.get("plotly_chart")]


def test_profile_region_change():
    at = app(PROFILE)
    assert at.selectbox(key="profile_region").value == "64.71"
    metrics, charts = [m.value for m in at.metric], _chart_specs(at)
    assert any("Balikpapan" in spec for spec in charts)
    at.selectbox(key="profile_region").set_value("32.76").run()
    assert not at.exception
    assert [m.value for m in at.metric] != metrics  # score, rank and coverage are Depok's now
    assert any("Depok" in spec for spec in _chart_specs(at))
    assert not any("Balikpapan" in spec for spec in _chart_specs(at)[:2])


def test_profile_region_without_data():
    at = app(PROFILE)
    at.selectbox(key="profile_region").set_value("33.74").run()  # Semarang: an IGA rank and one 2016 figure
    assert not at.exception
    assert any("tidak memiliki indeks" in w.value and "tidak ada Indeks SPBE" in w.value for w in at.warning)
    # since the second research round every bundled region has a sourced figure (Semarang: Ombudsman 2016), so
    # the "no sourced figure" note must not appear; that branch needs a hand-made dataset to be reached
    assert not any("Belum ada angka bersumber" in i.value for i in at.info)


def test_compare_needs_two_and_switches_mode():
    at = app(COMPARE)
    assert [m.value for m in at.multiselect] == [["64.71", "32.76", "32.75"]]
    charts_before = len(at.get("plotly_chart"))
    at.segmented_control(key="compare_mode").set_value("raw").run()
    assert not at.exception and len(at.get("plotly_chart")) == charts_before
    at.multiselect(key="compare_regions").set_value(["64.71"]).run()
    assert "Pilih minimal dua daerah untuk dibandingkan." in [i.value for i in at.info]
    assert not at.get("plotly_chart")


def test_compare_gap_explained():
    # 2024: Balikpapan and Depok share SPBE and Ombudsman (in 2025 Depok's Ombudsman is on the new method)
    at = app(COMPARE, year="2024")
    assert any("Balikpapan − Depok" in m.value for m in at.markdown)
    # Balikpapan's SPBE is of 2022, Bekasi's of 2024 (no year in common): shown as "different years", not summed,
    # which leaves one pillar in common and so no like-for-like gap (before issue 19 the two years were summed)
    at.selectbox(key="compare_b").set_value("32.75").run()
    assert not any("Balikpapan − Bekasi" in m.value for m in at.markdown)
    assert any("Balikpapan" in i.value and "Bekasi" in i.value for i in at.info)
    gap = at.dataframe[0].value  # the gap table, the only table on the page
    assert gap.astype(str).apply(lambda col: col.str.contains("tahun berbeda (2022/2024)", regex=False)).any().any()


def test_query_params_restore_the_view():
    at = app(COMPARE, lang="EN", year="2023", compare_regions=["64.72", "32.71"],
             compare_mode="raw")  # a link carries codes, the same in either language
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
    at = app(METHODOLOGY)
    assert any("normalisasi **goalposts**" in m.value for m in at.markdown)
    at.selectbox(key="method").set_value("minmax").run()
    assert any("normalisasi **min-max**" in m.value for m in at.markdown)
    assert len(at.dataframe) >= 3


def test_map_page_views_and_measures():
    at = app(MAP)
    at.segmented_control(key="map_kind").set_value("points").run()
    kaltim = _chart_specs(at)[0]
    at.segmented_control(key="map_view").set_value("national").run()
    national = _chart_specs(at)[0]
    assert not at.exception and national != kaltim
    table = at.dataframe[0].value.copy()
    at.selectbox(key="map_measure").set_value("spbe_index").run()
    assert not at.exception
    assert _chart_specs(at)[0] != national  # the markers now show SPBE
    assert not at.dataframe[0].value.equals(table)
    assert "Tidak ada berkas batas wilayah" in texts(at)


def test_map_click_opens_profile(monkeypatch):
    import readiness_app

    monkeypatch.setattr(readiness_app.widgets, "selected_region", lambda event, allowed: "32.76")
    at = app(MAP)
    assert not at.exception
    assert at.title[0].value == "Profil kota"
    assert at.selectbox(key="profile_region").value == "32.76"


def test_map_street_basemap_toggle():
    at = app(MAP, map_kind="points")
    at.toggle(key="map_street").set_value(True).run()
    assert not at.exception and at.get("plotly_chart")


def test_changing_the_normalisation_changes_the_scores():
    at = app()
    ranking = _chart_specs(at)[0]
    at.selectbox(key="method").set_value("minmax").run()
    assert not at.exception
    assert _chart_specs(at)[0] != ranking


def test_minimum_coverage_hides_thin_scores():
    at = app(PROFILE, year="2024", index_extended="true")  # minimum coverage is a rule of the extended index
    at.selectbox(key="profile_region").set_value("64.71").run()
    assert at.metric[0].value == "78,1"
    at.selectbox(key="min_cov").set_value(0.75).run()  # Balikpapan's 2024 coverage (54 %) is below 75 %
    # its pillars below 75 % drop out too, so the coverage left is that of the pillars still scored
    assert at.metric[0].value == "data belum cukup"


def test_methodology_shows_the_engines_notes_in_the_chosen_language():
    at = app(METHODOLOGY)
    notes = [c.value for c in at.caption if c.value.startswith("ℹ️")]
    assert any("Hanya satu daerah" in n for n in notes)
    at.segmented_control(key="lang").set_value("EN").run()
    assert any("Only one region has data" in c.value for c in at.caption)
