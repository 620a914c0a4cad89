"""National context and the gap register on the page (readiness/display/context.py): the sentences in both
languages, the board's missing cells, the profile's tables and bar, the briefing's lines. Hand-made fixture: a copy
of tests/fixtures/mini with a band table, two core indicators, a context table and a gap register."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from context_fixture import folder

import readiness
from readiness.display import board, briefing, context


@pytest.fixture(scope="module")
def ds(tmp_path_factory) -> readiness.Dataset:
    out = folder(tmp_path_factory.mktemp("ctx"))  # the shared context fixture, with two core indicators
    fw = (out / "framework.yaml").read_text(encoding="utf-8")
    for ind in ("spbe_index", "ombudsman_score"):
        fw = fw.replace(f"      - id: {ind}\n", f"      - id: {ind}\n        core: true\n        core_rationale: test\n")
    (out / "framework.yaml").write_text(fw, encoding="utf-8")
    return readiness.load_dataset(out)


def test_a_result_is_placed_in_its_band_level_and_year(ds):
    assert context.placement(ds, "64.71", "ombudsman_score", 90, 2023, "id") == [
        "zona hijau — 53 dari 98 kota, 2023 (sumber: Fixture publisher)"]
    assert context.placement(ds, "64.71", "ombudsman_score", 90, 2023, "en") == [
        "green zone — 53 of 98 cities, 2023 (source: Fixture publisher)"]


def test_a_band_outside_the_published_rows_gets_no_sentence(ds):
    assert context.placement(ds, "64.71", "ombudsman_score", 30, 2023, "id") == []  # D: no row counts it
    assert context.placement(ds, "64.71", "ombudsman_score", 90, 2022, "en") == []  # no distribution for 2022


def test_a_row_without_the_number_assessed_says_so_and_names_the_band(ds):
    assert context.placement(ds, "64.71", "ombudsman_score", 95, 2024, "id") == [
        "A – Tertinggi — 30 kota, 2024 (jumlah yang dinilai tidak disebut sumbernya) (sumber: Fixture publisher)"]
    assert context.placement(ds, "64.71", "ombudsman_score", 95, 2024, "en") == [
        "A – Highest — 30 cities, 2024 (the number assessed is not stated by the source) (source: Fixture publisher)"]


def test_a_national_average_in_both_languages(ds):
    assert context.placement(ds, "64.71", "spbe_index", 3.0, 2022, "id") == [
        "rata-rata nasional 2022: 2,50 (600 instansi dinilai) (sumber: Fixture publisher)"]
    assert context.placement(ds, "64.71", "spbe_index", 3.0, 2022, "en") == [
        "national average 2022: 2.50 (600 government bodies assessed) (source: Fixture publisher)"]


def test_gap_text_gives_each_status_with_its_years(ds):
    assert context.gap_text(ds, "64.71", "spbe_index", 2024, 3, "id") == \
        "tidak ditemukan (2023); belum dipublikasikan (2024)"
    assert context.gap_text(ds, "64.71", "spbe_index", 2024, 3, "en") == "not found (2023); not published (2024)"
    assert context.gap_text(ds, "64.71", "spbe_index", 2023, 0, "en") == "not found (2023)"
    assert context.gap_text(ds, "32.76", "spbe_index", 2024, 3, "id") is None


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_board_says_why_a_cell_is_missing_and_never_touches_a_value(ds, lang):
    table = board.board_table(ds, 2024, 1)
    text, _ = board.board_view(table, ds.framework, lang)
    marked = context.mark_gaps(text, table, ds, 2024, 1, lang)
    region = marked.set_index(marked.columns[0])
    spbe = ds.framework.node("spbe_index").name(lang)
    omb = ds.framework.node("ombudsman_score").name(lang)
    status = context.gap_text(ds, "64.71", "spbe_index", 2024, 1, lang)
    assert region.loc["Balikpapan", spbe] == f"– · {status}"
    assert region.loc["Samarinda", omb] == text.set_index(text.columns[0]).loc["Samarinda", omb] != "–"
    changed = (marked != text).to_numpy().sum()
    assert changed == 1  # only the one registered missing cell


@pytest.mark.parametrize("lang", ["id", "en"])
def test_profile_tables(ds, lang):
    placed = context.region_context(ds, "64.71", 2024, 3, lang)
    assert len(placed) == 3  # framework order, newest first: spbe 2022, ombudsman 2024 and 2023
    assert list(placed.columns) == [readiness.display.i18n.t(f"context.columns.{c}", lang)
                                    for c in ("indicator", "result", "context")]
    assert list(placed.iloc[:, 1].str.slice(0, 8)) == ["3 (2022)", "95 (2024", "90 (2023"]
    assert placed.iloc[1, 1].startswith("95 (2024) · A – ")
    lines = context.context_markdown(placed, lang)
    assert len(lines) == 3 and lines[0].startswith(f"- **{ds.framework.node('spbe_index').name(lang)}** 3 (2022):")
    gaps = context.region_gaps(ds, "64.71", 2024, 3, lang)
    assert list(gaps.iloc[:, 2]) == ["2023", "2024"]
    assert list(gaps.iloc[:, 3]) == ["pages: 'SPBE Balikpapan 2023'", "Fixture publisher"]


def test_profile_bars_only_where_the_number_assessed_is_published(ds):
    assert context.profile_distributions(ds, "64.71", 2024, 3) == [("ombudsman_score", 2023, "kota", "A")]
    assert context.profile_distributions(ds, "32.75", 2024, 3) == []  # 2024 row has no total


def test_distribution_bar_outlines_the_region_and_shows_the_rest(ds):
    fig = context.build_distribution_bar(ds, "ombudsman_score", 2023, "kota", "id", "A", "Balikpapan")
    counts = [int(tr.x[0]) for tr in fig.data]
    assert counts == [42, 53, 3]  # lowest band first, then the 3 of 98 not broken down
    assert [tr.marker.line.width for tr in fig.data] == [0.5, 3, 0.5]
    assert "Balikpapan" in fig.data[1].text[0] and "tidak dirinci" in fig.data[2].name
    assert "98 dinilai" in fig.layout.title.text
    en = context.build_distribution_bar(ds, "ombudsman_score", 2023, "kota", "en", "A", "Balikpapan")
    assert "98 assessed" in en.layout.title.text and en.data[2].name == "not broken down"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_briefing_places_results_and_names_missing_core_figures(ds, lang):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        res = readiness.score(ds.framework, ds.observations, regions=ds.regions, year=2024, window=3,
                              pillar_min_coverage=0, index_min_pillars=0, index="extended")
    official = briefing.build_briefing(ds, res, "64.71", lang=lang).view("official")
    lines = context.briefing_lines(ds, "64.71", 2024, 3, lang)
    assert official.bullets == lines
    spbe = ds.framework.node("spbe_index").name(lang)
    assert lines[-1] == f"{spbe}: {context.gap_text(ds, '64.71', 'spbe_index', 2024, 3, lang)}"
    assert any("53" in line and "98" in line for line in lines)


def test_no_context_and_no_gaps_give_empty_tables(ds):
    empty = ds.__class__(**{**ds.__dict__, "context": ds.context.iloc[0:0], "gaps": ds.gaps.iloc[0:0]})
    assert context.region_context(empty, "64.71", 2024, 3, "id").empty
    assert context.region_gaps(empty, "64.71", 2024, 3, "id").empty
    assert context.briefing_lines(empty, "64.71", 2024, 3, "en") == ()
    assert isinstance(context.region_gaps(empty, "64.71", 2024, 3, "en"), pd.DataFrame)


def test_an_average_row_may_name_itself(ds):
    ctx = ds.context.copy()
    row = ctx["id"] == "spbe-2022-all"
    ctx.loc[row, "label_id"], ctx.loc[row, "label_en"] = "indeks SPBE nasional", "national SPBE index"
    named = ds.__class__(**{**ds.__dict__, "context": ctx})
    assert context.placement(named, "64.71", "spbe_index", 3.0, 2022, "id") == [
        "indeks SPBE nasional 2022: 2,50 (600 instansi dinilai) (sumber: Fixture publisher)"]
    assert context.placement(named, "64.71", "spbe_index", 3.0, 2022, "en")[0].startswith("national SPBE index 2022")
