"""The one official band lookup (readiness.model.rules: BandBook, band_of, bands_of) on a hand-made band table and
hand-made method periods (synthetic, for tests; not the bundled data): which table is in force in a year, bounds as
the table writes them, the vectorised lookup, names in both languages, the colours by rank."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from readiness.display.theme import BAND_FILLS, NO_BAND_FILL, band_fill, band_map_color, band_palette
from readiness.model.rules import BAND_COLUMNS, BandBook, band_book, band_name_column, band_of, band_table, bands_of

#: "zone": three bands from 2013 (bounds published as whole numbers, 0-50, 51-80, 81-100), re-published in 2021 with
#: decimals, then five grades from 2022; the method changed again in 2025 without a table. "plain": one table, no
#: recorded method periods. "late": a table that starts within a period, after the period began.
BANDS = pd.DataFrame(
    [("zone", 2013, 0, 50, "red", "Merah", "Red"), ("zone", 2013, 51, 80, "yellow", "Kuning", "Yellow"),
     ("zone", 2013, 81, 100, "green", "Hijau", "Green"),
     ("zone", 2021, 0, 50.99, "red", "Merah", "Red"), ("zone", 2021, 51, 80.99, "yellow", "Kuning", "Yellow"),
     ("zone", 2021, 81, 100, "green", "Hijau", "Green"),
     ("zone", 2022, 0, 31.99, "E", "E rendah", "E low"), ("zone", 2022, 32, 53.99, "D", "D", "D"),
     ("zone", 2022, 54, 77.99, "C", "C", "C"), ("zone", 2022, 78, 87.99, "B", "B", "B"),
     ("zone", 2022, 88, 100, "A", "A tinggi", "A high"),
     ("plain", 2018, 1.8, 2.59, "fair", "Cukup", "Fair"), ("plain", 2018, 0, 1.79, "poor", "Kurang", "Poor"),
     ("plain", 2018, 2.6, 5, "good", "Baik", "Good"),
     ("late", 2019, 0, 9.99, "low", "Rendah", "Low"), ("late", 2019, 10, 20, "high", "Tinggi", "High")],
    columns=["indicator", "period_from_year", "lower_bound", "upper_bound", "band_id", "name_id", "name_en"],
).assign(source_id="s")
PERIODS = pd.DataFrame({"indicator": ["zone", "zone", "zone", "zone", "late"],
                        "from_year": [2013, 2021, 2022, 2025, 2015], "to_year": [2019, 2021, 2024, None, None],
                        "source_id": "s"})


@pytest.fixture
def book() -> BandBook:
    return band_book(BANDS, PERIODS)


def _id(book: BandBook, indicator: str, value: float, year: int) -> str | None:
    band = book.band(indicator, value, year)
    return None if band is None else band["band_id"]


def test_the_table_in_force_follows_the_method_periods(book):
    assert book.table("zone", 2012) is None  # before the first table
    assert book.table("zone", 2013).period_from_year == 2013
    assert book.table("zone", 2019).period_from_year == 2013
    assert book.table("zone", 2020) is None  # in no recorded method period
    assert book.table("zone", 2021).period_from_year == 2021
    assert book.table("zone", 2024).period_from_year == 2022
    assert book.table("zone", 2025) is None and book.table("zone", 2030) is None  # a new method, no table
    assert book.table("plain", 2017) is None and book.table("plain", 2040).period_from_year == 2018  # no periods
    assert book.table("late", 2018) is None and book.table("late", 2019).period_from_year == 2019
    assert book.table("nothing", 2024) is None


def test_bounds_inclusive_as_the_table_writes_them(book):
    # 2013: published in whole numbers; both bounds belong to their band, a value between 50 and 51 to the lower
    assert [_id(book, "zone", v, 2015) for v in (0, 50, 50.5, 51, 80, 80.99, 81, 100)] == [
        "red", "red", "red", "yellow", "yellow", "yellow", "green", "green"]
    # 2021: with decimals; 50.995 lies between 50.99 and 51: the lower band, as the publishers round
    assert [_id(book, "zone", v, 2021) for v in (50.99, 50.995, 51, 80.99, 81)] == [
        "red", "red", "yellow", "yellow", "green"]
    assert [_id(book, "zone", v, 2023) for v in (31.99, 32, 87.99, 88, 100)] == ["E", "D", "B", "A", "A"]
    assert _id(book, "zone", 100.01, 2023) is None and _id(book, "zone", -0.01, 2023) is None  # outside the table
    assert _id(book, "zone", float("nan"), 2023) is None and _id(book, "zone", None, 2023) is None
    assert _id(book, "zone", 95, 2025) is None  # no table in force
    assert [_id(book, "plain", v, 2020) for v in (0, 1.79, 1.795, 1.8, 2.6, 5)] == [
        "poor", "poor", "poor", "fair", "good", "good"]  # rows given out of order: sorted by lower bound


def test_a_band_record(book):
    band = book.band("zone", 95, 2023)
    assert band == {"band_id": "A", "name_id": "A tinggi", "name_en": "A high", "lower_bound": 88.0,
                    "upper_bound": 100.0, "source_id": "s", "rank": 4, "n_bands": 5, "period_from_year": 2022}
    assert band_of(BANDS, PERIODS, "zone", 95, 2023) == band
    assert band_of(None, None, "zone", 95, 2023) is None
    assert band_of(pd.DataFrame(), pd.DataFrame(), "zone", 95, 2023) is None


def test_vectorised_lookup_equals_one_value_at_a_time(book):
    rng = np.random.default_rng(7)
    values = np.concatenate([rng.uniform(-5, 105, 400), [50.995, 80.99, 88, np.nan, 100]])
    years = np.concatenate([rng.integers(2011, 2027, 400).astype(float), [2021, 2021, 2023, 2023, np.nan]])
    found = book.lookup("zone", values, years)
    assert list(found.columns) == list(BAND_COLUMNS) and len(found) == len(values)
    for v, y, (_, row) in zip(values, years, found.iterrows(), strict=True):
        one = book.band("zone", v, y)
        if one is None:
            assert pd.isna(row["band_id"]) and np.isnan(row["rank"]), (v, y)
        else:
            assert (row["band_id"], row["name_en"], row["rank"], row["n_bands"], row["period_from_year"]) == (
                one["band_id"], one["name_en"], one["rank"], one["n_bands"], one["period_from_year"]), (v, y)
    as_lists = bands_of(BANDS, PERIODS, "zone", [95, None], pd.array([2023, None], dtype="Int64"))
    assert as_lists["band_id"].iloc[0] == "A" and pd.isna(as_lists["band_id"].iloc[1])
    assert bands_of(BANDS, PERIODS, "zone", [], []).empty


def test_each_table_is_compiled_once_per_pair_of_tables(book):
    assert band_book(BANDS, PERIODS) is book
    assert band_book(BANDS.copy(), PERIODS) is not book  # another table: another book
    assert book.table("zone", 2023) is book.table("zone", 2024)  # one compiled table for its years
    assert book.indicators == ("late", "plain", "zone")
    assert [t.period_from_year for t in book.tables("zone")] == [2013, 2021, 2022]


def test_names_in_the_reader_language_and_the_planner_bands(book):
    assert band_name_column("id") == "name_id" and band_name_column("en") == "name_en"
    assert book.table("zone", 2023).names("id") == ("E rendah", "D", "C", "B", "A tinggi")
    assert book.in_force(2023, "en") == {
        "late": [(0.0, "Low"), (10.0, "High")], "plain": [(0.0, "Poor"), (1.8, "Fair"), (2.6, "Good")],
        "zone": [(0.0, "E low"), (32.0, "D"), (54.0, "C"), (78.0, "B"), (88.0, "A high")]}
    assert "zone" not in book.in_force(2025, "id")  # no table in force: no band goal
    rows = band_table(BANDS, PERIODS, "plain", 2020)
    assert rows["band_id"].tolist() == ["poor", "fair", "good"]
    assert band_table(BANDS, PERIODS, "zone", 2025).empty


def test_colours_by_the_band_place_in_its_table():
    assert [band_fill(k, 5) for k in range(5)] == list(BAND_FILLS)
    assert band_fill(0, 3) == BAND_FILLS[0] and band_fill(1, 3) == BAND_FILLS[2] and band_fill(2, 3) == BAND_FILLS[4]
    assert band_fill(np.nan, 5) == NO_BAND_FILL and band_fill(None, None) == NO_BAND_FILL
    assert band_fill(0, 1) == BAND_FILLS[-1]
    assert [band_map_color(k, 5) for k in range(5)] == band_palette(5)
    assert band_map_color(1, 2) == band_palette(2)[1] and band_map_color(np.nan, 5) is None
    assert len(set(band_palette(5))) == 5 and band_palette(0) == []
