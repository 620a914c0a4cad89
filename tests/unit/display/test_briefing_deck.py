"""A region's briefing on the hand-made mini dataset: views titled with their findings in both languages, the
like-for-like pillar basis, official bands; the PowerPoint deck opened with python-pptx and the PDF read back;
the ``brief`` command line (exit 2 and nothing written on bad input)."""

from __future__ import annotations

import dataclasses
import io
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import readiness
from readiness.display import briefing, briefing_files, export
from readiness.model.datasets import load_table
from readiness.model.rules import band_name_column, band_of

MINI = Path(__file__).resolve().parents[2] / "fixtures" / "mini"
#: A hand-made band table (synthetic, for tests): spbe_index in two periods, ombudsman_score in one.
BANDS = """indicator,period_from_year,lower_bound,upper_bound,band_id,name_id,name_en,source_id
spbe_index,2018,0,2.59,low,Rendah,Low,src-a
spbe_index,2018,2.60,5,high,Tinggi,High,src-a
spbe_index,2024,0,3.49,low,Rendah baru,New low,src-a
spbe_index,2024,3.50,5,high,Tinggi baru,New high,src-a
ombudsman_score,2013,0,80.99,yellow,Zona Kuning,Yellow zone,src-b
ombudsman_score,2013,81,100,green,Zona Hijau,Green zone,src-b
"""
CHART_VIEWS = ("summary", "pillars", "trend", "strengths", "timeline")


@pytest.fixture(scope="module")
def bands(tmp_path_factory) -> pd.DataFrame:
    path = tmp_path_factory.mktemp("bands") / "bands.csv"
    path.write_text(BANDS, encoding="utf-8")
    return load_table(path, "bands")


@pytest.fixture(scope="module")
def by_year(mini):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return readiness.score_years(mini.framework, mini.observations, window=3, normalise="goalposts",
                                     regions=mini.regions)


@pytest.fixture(scope="module")
def briefs(mini, mini_res, by_year, bands):
    return {lang: briefing.build_briefing(mini, mini_res, "64.71", lang=lang, results_by_year=by_year, bands=bands)
            for lang in ("id", "en")}


def _band(bands, indicator, year, value, lang):
    """The band name the briefing shows: the one lookup (no method periods here), in ``lang``."""
    found = band_of(bands, None, indicator, value, year)
    return found[band_name_column(lang)] if found else ""


def test_official_band_uses_the_period_in_force(bands):
    assert _band(bands, "spbe_index", 2022, 3.0, "id") == "Tinggi"
    assert _band(bands, "spbe_index", 2024, 3.0, "id") == "Rendah baru"
    assert _band(bands, "ombudsman_score", 2024, 80.995, "en") == "Yellow zone"  # gap 80.99-81
    assert _band(bands, "ombudsman_score", 2024, 95, "en") == "Green zone"
    assert _band(bands, "ombudsman_score", 2012, 95, "en") == ""  # before any period
    assert _band(bands, "ikd_pct", 2024, 50, "en") == ""
    assert _band(None, "spbe_index", 2024, 3.0, "en") == ""


def test_bad_band_table_names_file_row_and_column(tmp_path):
    path = tmp_path / "bands.csv"
    path.write_text(BANDS.replace("2.60,5,high", "two,5,high"), encoding="utf-8")
    with pytest.raises(readiness.DataError, match=r"bands.csv row 3 column 'lower_bound': must be a number"):
        load_table(path, "bands")


def test_official_results_use_the_dataset_band_table_and_method_periods(mini):
    table = pd.read_csv(io.StringIO(BANDS), dtype={"band_id": str})
    periods = pd.DataFrame({"indicator": ["ombudsman_score", "ombudsman_score"], "from_year": [2013, 2024],
                            "to_year": [2023, None], "source_id": ["src-b", "src-b"]})
    ds = dataclasses.replace(mini, bands=table, method_periods=periods)
    own = briefing.official_results(ds, "64.71", "en", year=2024)
    assert own.set_index("_indicator").loc["spbe_index", "band"] == "High"  # the dataset's own band table
    assert own.set_index("_indicator").loc["ombudsman_score", "band"] == ""  # 2024: a new method, no table


def test_official_results_latest_published_with_band_and_label(mini, bands):
    table = briefing.official_results(mini, "64.71", "id", bands, 2024)
    assert table["_indicator"].tolist() == ["spbe_index", "ombudsman_score"]  # framework order, no derived
    spbe = table.iloc[0]
    assert (spbe["year"], spbe["value"], spbe["band"], spbe["label"]) == ("2022", "3 indeks 0-5", "Tinggi", "Baik")
    omb = table.iloc[1]
    assert (omb["year"], omb["band"], omb["label"]) == ("2024", "Zona Hijau", "Hijau")


def test_common_basis_uses_only_shared_indicators(mini_res):
    scores, common = briefing.common_basis(mini_res, ["64.71", "32.76", "32.75"])
    norm = mini_res.normalised_frame().loc[["64.71", "32.76", "32.75"]]
    assert common == [i for i in mini_res.framework.indicators if norm[i].notna().all()]
    service = [i for i in mini_res.framework.indicators_under("service") if i in common]
    w = np.array([mini_res.framework.effective_weight(i) for i in service])
    expected = float(norm.loc["64.71", service].to_numpy() @ w / w.sum())
    assert scores.loc["64.71", "service"] == pytest.approx(expected)
    assert np.isnan(scores.loc["64.71", "digital"]) == (not any(
        i in common for i in mini_res.framework.indicators_under("digital")))


def test_views_and_findings(briefs, mini_res):
    ids, en = briefs["id"], briefs["en"]
    assert [v.key for v in ids.views] == ["title", "official", "summary", "pillars", "trend", "strengths",
                                          "timeline", "method"]
    assert ids.peers == ("32.76", "32.75") and ids.peer_names == ("Depok", "Bekasi")
    score = mini_res.score_of("64.71")
    assert ids.view("summary").title.startswith(f"Balikpapan mendapat skor {score:.1f}".replace(".", ","))
    assert en.view("summary").title.startswith(f"Balikpapan scores {score:.1f} in 2024")
    assert ids.view("title").title == "Paparan kesiapan: Balikpapan"
    # the change on a constant basis (2023 -> 2024: Ombudsman 90 -> 95), not the raw 30.0 (2022) -> 65.6 (2024)
    # across the arrival of the Ombudsman figure
    assert en.view("trend").title == ("Balikpapan rose 1.9 points from 2023 to 2024 on the 3 indicator(s) it has in "
                                      "both years (63.8 → 65.6); not counted as a change: new figure(s): ASN "
                                      "trained abroad")
    assert ids.view("trend").title.startswith("Skor Balikpapan naik 1,9 poin dari 2023 ke 2024 pada 3 indikator")
    assert en.view("pillars").title == "Balikpapan is above the mean of Depok and Bekasi on Service"
    assert ids.view("pillars").title == "Balikpapan di atas rata-rata Depok dan Bekasi di Pelayanan"
    for b in briefs.values():
        for v in b.views:
            assert v.source.startswith(("Sumber:", "Sources:")) and "Fixture publisher" in v.source, v.key
            assert v.notes, v.key
        assert all(b.view(k).figure is not None for k in CHART_VIEWS)


def test_peers_are_checked(mini, mini_res):
    with pytest.raises(readiness.DataError, match=r"peer.*99\.99.*not scored"):
        briefing.build_briefing(mini, mini_res, "64.71", ["99.99"])
    with pytest.raises(readiness.DataError, match=r"region '99\.99' is not a scored region"):
        briefing.build_briefing(mini, mini_res, "99.99")
    alone = briefing.build_briefing(mini, mini_res, "64.71", [], "en")
    assert alone.view("pillars").title == "Balikpapan cannot be compared with no peers: no indicator in common"


@pytest.fixture(scope="module")
def rendered(briefs):
    try:
        export._check_browser()
    except export.ExportError:
        if os.environ.get("REQUIRE_BROWSER"):
            raise
        pytest.skip("no Chromium to render charts")
    with export.render_session():
        return {lang: (briefing_files.deck_bytes(b), briefing_files.pdf_bytes(b)) for lang, b in briefs.items()}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_deck_slides_titles_pictures_notes(rendered, briefs, lang, mini_res):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck = Presentation(io.BytesIO(rendered[lang][0]))
    views = briefs[lang].views
    assert len(deck.slides) == len(views) == 8
    for slide, view in zip(deck.slides, views, strict=True):
        title = next(s for s in slide.shapes if s.name == "Title")
        assert title.text_frame.text == view.title
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == (1 if view.key in CHART_VIEWS else 0), view.key
        assert next(s for s in slide.shapes if s.name == "Source").text_frame.text == view.source
        assert slide.notes_slide.notes_text_frame.text == view.notes
    score = f"{mini_res.score_of('64.71'):.1f}"
    summary_notes = deck.slides[2].notes_slide.notes_text_frame.text
    assert (score.replace(".", ",") if lang == "id" else score) in summary_notes
    assert ("peringkat 2 dari 4" if lang == "id" else "rank 2 of 4") in summary_notes
    official = deck.slides[1].shapes
    table = next(s for s in official if s.has_table).table
    assert table.cell(0, 3).text == ("Kategori resmi" if lang == "id" else "Official band")
    assert table.cell(1, 3).text == ("Tinggi" if lang == "id" else "High")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_pdf_one_page_with_region_scores_and_sources(rendered, lang, mini_res):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(rendered[lang][1]))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    score = f"{mini_res.score_of('64.71'):.1f}"
    assert "Balikpapan" in text and (score.replace(".", ",") if lang == "id" else score) in text
    assert "Fixture publisher" in text and "https://example.org/b" in text
    assert ("Ringkasan satu halaman" if lang == "id" else "Readiness one-pager") in text
    assert ("Zona Hijau" if lang == "id" else "Green zone") in text
    assert ("Skor Balikpapan naik 1,9 poin" if lang == "id" else "Balikpapan rose 1.9 points") in text  # the trend


def test_cli_bad_input_exits_2_and_writes_nothing(tmp_path, capsys):
    from readiness.cli.commands import main

    out = tmp_path / "brief.pptx"
    assert main(["brief", "--region", "99.99", "--data", str(MINI), "--out", str(out)]) == 2
    assert "region '99.99' is not a scored region" in capsys.readouterr().err
    assert main(["brief", "--region", "64.71", "--data", str(MINI), "--out", str(tmp_path / "b.docx")]) == 2
    assert "must end in .pptx or .pdf" in capsys.readouterr().err
    assert main(["brief", "--region", "64.71", "--data", str(MINI), "--year", "1990", "--out", str(out)]) == 2
    assert "--year 1990: no data that year" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_a_pdf(tmp_path, rendered, capsys):
    from pypdf import PdfReader

    from readiness.cli.commands import main

    bands = tmp_path / "bands.csv"
    bands.write_text(BANDS, encoding="utf-8")
    out = tmp_path / "brief.pdf"
    code = main(["brief", "--region", "64.72", "--peers", "64.71", "--data", str(MINI), "--bands", str(bands),
                 "--lang", "en", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    text = PdfReader(out).pages[0].extract_text()
    assert "Samarinda" in text and "Balikpapan" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bands.csv", "brief.pdf"]


def test_a_briefing_from_a_snapshot_names_it_on_every_view_and_the_pdf_footer(mini, mini_res, by_year):
    import datetime as dt

    brief = briefing.build_briefing(mini, mini_res, "64.71", lang="en", results_by_year=by_year,
                                    snapshot="k3v9q2ma", today=dt.date(2026, 12, 6))
    assert all(v.source.endswith("Snapshot k3v9q2ma") for v in brief.views)
    assert "Snapshot k3v9q2ma · data as of 2026-12-06" in brief.view("title").bullets
    assert "Prepared on 2026-12-06 from sourced public figures" in brief.view("title").bullets
    assert (brief.snapshot, brief.prepared) == ("k3v9q2ma", dt.date(2026, 12, 6))
    plain = briefing.build_briefing(mini, mini_res, "64.71", lang="en", results_by_year=by_year)
    assert not any("Snapshot" in v.source for v in plain.views) and plain.snapshot is None


@pytest.mark.parametrize("lang", ["id", "en"])
def test_deck_table_columns_sized_by_their_content(rendered, lang):
    from pptx import Presentation

    deck = Presentation(io.BytesIO(rendered[lang][0]))
    shape = next(s for s in deck.slides[1].shapes if s.has_table)
    widths = [c.width for c in shape.table.columns]
    assert len(set(widths)) > 1  # not equal widths
    assert abs(sum(widths) - shape.width) <= len(widths)
    header = [shape.table.cell(0, c).text for c in range(len(widths))]
    year = header.index("Tahun" if lang == "id" else "Year")
    assert widths[year] < widths[0]  # the year column is narrower than the indicator's names


def test_pdf_source_without_address_and_unbroken_headers(briefs, rendered):
    from pypdf import PdfReader

    brief = briefs["id"]
    printed = dataclasses.replace(brief, sources=brief.sources.assign(url=pd.Series([pd.NA] * len(brief.sources),
                                                                                  dtype="string")))
    with export.render_session():
        text = PdfReader(io.BytesIO(briefing_files.pdf_bytes(printed))).pages[0].extract_text()
    assert "<NA>" not in text and "None" not in text
    assert "Fixture publisher — Fixture source" in text
    lines = text.splitlines()
    assert "Tahun" in lines and "Tahu" not in lines  # the year header on one line


def test_fit_columns_gives_each_column_its_longest_word_then_shares_the_rest():
    rows = [["Indikator", "Tahun", "Sumber"], ["Indeks Pelayanan Publik yang panjang sekali", "2024", "a.b.id"]]
    widths = export.fit_columns(rows, 100.0, len)
    assert sum(widths) == pytest.approx(100.0)
    assert widths[1] >= len("Tahun") and widths[2] >= len("a.b.id")  # no word is broken
    assert widths[0] > widths[2] > widths[1]
    # everything fits: each column its longest cell, the spare room shared in proportion
    assert export.fit_columns([["ab", "abcd"]], 12.0, len) == pytest.approx([4.0, 8.0])
    # not even the words fit: in proportion to them
    assert export.fit_columns([["aaaa", "bbbbbbbb"]], 6.0, len) == pytest.approx([2.0, 4.0])
    assert export.fit_columns([["x", None]], 10.0, len, pad=1.0) == pytest.approx([10 * 2 / 3, 10 / 3])


@pytest.mark.parametrize("font", [16, 20])
def test_presenter_ranking_rows_are_not_squeezed(font):
    """Issue 20: the presenter's summary squeezed 15 ranking rows into about 270 px; each row now gets 1.7 lines of
    its type, whatever height the page asks for."""
    names = [f"Region {k}" for k in range(15)]
    fig = go.Figure(go.Bar(x=list(range(15)), y=names, orientation="h"))
    out = briefing.presentation_figure(fig, font, height=430)
    assert (out.layout.height - 170) / len(names) >= font * 1.7 - 1e-9
    columns = go.Figure(go.Bar(x=names, y=list(range(15))))  # not a ranking: the page's height stands
    assert briefing.presentation_figure(columns, font, height=430).layout.height == 430
