"""Every figure imported from the later research rounds matches the number in its verbatim quote.

Rounds: ``../shared/reference/facts/researched-2/`` (round 2) and ``scripts/reference/researched-3/`` (round 3),
both applied by ``scripts/import_reference.py``. The test reads the bundled ``data/`` and checks that each imported
row is there, with its quote, and that the quote states the value (Indonesian decimal commas accounted for).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

import readiness

ROOT = Path(__file__).resolve().parents[2]
ROUND_3 = ROOT / "scripts" / "reference" / "researched-3" / "observations.csv"
ROUND_2_CANDIDATES = [ROOT.parent / "shared" / "reference" / "facts" / "researched-2" / "observations.csv",
                      ROOT.parent.parent / "shared" / "reference" / "facts" / "researched-2" / "observations.csv"]
# Rows whose quote writes the number with a stray space after the decimal comma ("97, 43"): a source typo.
KNOWN_SPACED_DECIMALS = {("35.78", "ombudsman_compliance_score", 2023)}
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d])|(?<![\d.,])\d+(?:[.,]\d+)?(?![\d])")
_SPACED = re.compile(r"(?<![\d.,])(\d+), (\d{1,2})(?!\d)")


def numbers_in(text: str) -> set[float]:
    """Every number written in ``text``, reading a comma as the decimal mark (Indonesian) and a dot either way.

    ``1.957.349`` is one million nine hundred...; ``3,83`` is 3.83; ``94.76`` (English style) is 94.76.
    """
    out: set[float] = set()
    for token in _NUMBER.findall(text):
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", token):  # dotted thousands, optional decimal comma
            out.add(float(token.replace(".", "").replace(",", ".")))
            if token.count(".") == 1 and "," not in token:  # "93.210" could also be an English decimal
                out.add(float(token))
        else:
            out.add(float(token.replace(",", ".")))
    return out


def spaced_numbers_in(text: str) -> set[float]:
    """Numbers written with a space after the decimal comma ("97, 43"), which ``numbers_in`` does not read."""
    return {float(f"{a}.{b}") for a, b in _SPACED.findall(text)}


def _round_2() -> Path:
    for path in ROUND_2_CANDIDATES:
        if path.exists():
            return path
    pytest.skip("../shared/reference/facts/researched-2 not found")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _is_label(indicator: str) -> bool:
    return indicator.endswith(("_zone", "_category", "_predikat", "_opini"))


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    read = {name: pd.read_csv(readiness.DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
            for name in ("observations", "labels", "sources")}
    return read


@pytest.fixture(scope="module", params=["round 2", "round 3"])
def imported(request) -> list[dict[str, str]]:
    rows = _rows(_round_2() if request.param == "round 2" else ROUND_3)
    if request.param == "round 2":
        assert len(rows) == 31
    return rows


def test_number_parser_reads_indonesian_and_english_marks():
    assert numbers_in("naik dari 3,01 menjadi 3,83") == {3.01, 3.83}
    assert numbers_in("dengan nilai 94.76 di tahun 2024") == {94.76, 2024.0}
    assert 1957349.0 in numbers_in("penduduk 1.957.349 jiwa")
    assert numbers_in("skor 1,6, kemudian 1,71") == {1.6, 1.71}
    assert 97.43 not in numbers_in("nilai 97, 43.") and spaced_numbers_in("nilai 97, 43.") == {97.43}


def test_every_imported_figure_is_in_the_data_with_its_quote(imported, tables):
    obs, labels = tables["observations"], tables["labels"]
    for r in imported:
        table = labels if _is_label(r["indicator"]) else obs
        hit = table[(table["region_code"] == r["region_code"]) & (table["indicator"] == r["indicator"])
                    & (table["year"] == r["year"])]
        assert len(hit) == 1, (r["region_code"], r["indicator"], r["year"])
        row = hit.iloc[0]
        assert row["quote"] == r["quote"]
        if _is_label(r["indicator"]):
            assert row["label"] == r["value"]
        else:
            assert float(row["value"]) == pytest.approx(float(r["value"]))


def test_every_imported_value_matches_the_number_in_its_quote(imported):
    spaced = set()
    for r in imported:
        if _is_label(r["indicator"]):
            continue
        value = float(r["value"])
        key = (r["region_code"], r["indicator"], int(r["year"]))
        if any(value == pytest.approx(n) for n in numbers_in(r["quote"])):
            continue
        assert any(value == pytest.approx(n) for n in spaced_numbers_in(r["quote"])), (key, value, r["quote"])
        spaced.add(key)
    assert spaced <= KNOWN_SPACED_DECIMALS


def test_imported_labels_name_their_label_in_the_quote_or_say_it_is_implied(imported, tables):
    labels = tables["labels"]
    for r in imported:
        if not _is_label(r["indicator"]):
            continue
        row = labels[(labels["region_code"] == r["region_code"]) & (labels["indicator"] == r["indicator"])
                     & (labels["year"] == r["year"])].iloc[0]
        named = r["value"].lower() in r["quote"].lower()
        assert named or "implied" in row["note"], (r["region_code"], r["indicator"], r["year"])


def test_imported_rows_cite_an_existing_dated_source_with_their_url(imported, tables):
    obs, labels, sources = tables["observations"], tables["labels"], tables["sources"].set_index("id")
    for r in imported:
        table = labels if _is_label(r["indicator"]) else obs
        sid = table[(table["region_code"] == r["region_code"]) & (table["indicator"] == r["indicator"])
                    & (table["year"] == r["year"])]["source_id"].iloc[0]
        assert sid in sources.index
        assert sources.loc[sid, "url"] == r["url"]
        assert sources.loc[sid, "date"] == r["date"]


def test_no_duplicate_sources(tables):
    sources = tables["sources"]
    assert sources["id"].is_unique
    urls = sources.loc[sources["url"] != "", "url"].str.replace(r"^https?://(www\.)?", "", regex=True)
    assert urls.str.rstrip("/").is_unique, sorted(urls[urls.duplicated(keep=False)])
    untitled = sources.loc[sources["url"] == "", "title"]
    assert untitled.is_unique


def test_round_2_corrections(tables):
    obs = tables["observations"].set_index(["region_code", "indicator", "year"])
    sources = tables["sources"].set_index("id")
    assert float(obs.loc[("64.09", "spm_index", "2023"), "value"]) == pytest.approx(75.16)
    # Kota Tangerang 2021: the data use VOI's 74.95 and cite VOI; Kompas's rounded 74 is a second, named source
    tangerang = obs.loc[("36.71", "ombudsman_compliance_score", "2021")]
    assert float(tangerang["value"]) == pytest.approx(74.95)
    assert "74,95" in tangerang["quote"] and sources.loc[tangerang["source_id"], "url"].startswith("https://voi.id/")
    kompas = sources[sources["url"] == "http://megapolitan.kompas.com/read/2022/03/04/20063541/twitter.com"]
    assert len(kompas) == 1 and kompas.index[0] in tangerang["note"]
    # restored dates
    for url_part, date in (("berita/228864/", "2022-12"), ("berita/320921/", "2024-12")):
        assert sources.loc[sources["url"].str.contains(url_part, regex=False), "date"].tolist() == [date]
    assert sources.loc[sources["title"].str.contains("Fajar Lampung"), "date"].tolist() == ["2023"]


def test_city_counter_claim_is_context_only(tables):
    obs = tables["observations"]
    claim = obs[obs["indicator"] == "spm_index_pemda_claim"]
    assert claim[["region_code", "year", "value"]].values.tolist() == [["64.74", "2023", "92.48"]]
    assert "never scored" in claim["note"].iloc[0]
    fw = readiness.load_framework(readiness.DATA_DIR / "framework.yaml")
    assert "spm_index_pemda_claim" not in fw.nodes
    official = obs[(obs["region_code"] == "64.74") & (obs["indicator"] == "spm_index") & (obs["year"] == "2023")]
    assert official["value"].tolist() == ["75.38"]


# Verbatim rows whose quote writes the figure in words ("kedua", "tujuh") or rounded units ("38 ribu"): the number
# itself is not in the quote, by the source's wording.
WORDED_FIGURES = {("32.71", "iga_rank_kota", "2019"), ("32.76", "ombudsman_rank_kota", "2022"),
                  ("64.02", "ombudsman_rank_kabupaten", "2021"), ("64.71", "ombudsman_rank_kota", "2021"),
                  ("64.74", "ombudsman_rank_kota", "2021"), ("64.71", "ikd_activated_count", "2025")}


def test_every_verbatim_observation_has_a_quote_that_states_its_value(tables):
    obs = tables["observations"]
    verbatim = obs[obs["confidence"] == "verbatim"]
    assert (verbatim["quote"].str.strip() != "").all(), verbatim.loc[verbatim["quote"].str.strip() == "",
                                                                    ["region_code", "indicator", "year"]].values
    unstated = set()
    for r in verbatim.itertuples():
        value = float(r.value)
        if not any(value == pytest.approx(n) for n in numbers_in(r.quote) | spaced_numbers_in(r.quote)):
            unstated.add((r.region_code, r.indicator, r.year))
    assert unstated == WORDED_FIGURES, sorted(unstated ^ WORDED_FIGURES)
