"""Method periods and official band tables (data/method_periods.csv, data/bands.csv, data/targets.csv).

Bands must be ordered and contiguous within each (indicator, period), up to the rounding step in which their bounds are
published (50.99 -> 51, 60 -> 61, 1.79 -> 1.80); every published label in data/labels.csv must agree with its
value's band in force in its year. Known disagreements are listed, not silently fixed: the data keep what was
published.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pandas as pd
import pytest

import readiness

# label indicator -> the numeric indicator whose band it names
LABELLED = {"spbe_predikat": "spbe_index", "ombudsman_zone": "ombudsman_compliance_score",
            "ombudsman_opini": "ombudsman_compliance_score", "ip_asn_category": "ip_asn_score"}
# (region, label indicator, year): published label that disagrees with the band table; reported, not changed.
KNOWN_DISAGREEMENTS: set[tuple[str, str, int]] = set()


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(readiness.DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def bands() -> pd.DataFrame:
    return _read("bands")


@pytest.fixture(scope="module")
def periods() -> pd.DataFrame:
    return _read("method_periods")


def band_for(bands: pd.DataFrame, indicator: str, year: int, value: float) -> pd.Series | None:
    """The band in force for ``indicator`` in ``year`` that holds ``value`` (None when no period covers the year)."""
    rows = bands[bands["indicator"] == indicator]
    starts = sorted({int(y) for y in rows["period_from_year"] if int(y) <= year})
    if not starts:
        return None
    period = rows[rows["period_from_year"].astype(int) == starts[-1]]
    lower = period["lower_bound"].astype(float)
    # a value between two published bounds (e.g. 50.995) belongs to the lower band
    hit = period[lower <= value + 1e-9]
    return hit.loc[hit["lower_bound"].astype(float).idxmax()]


def _step(bound: str) -> Decimal:
    exponent = Decimal(bound).as_tuple().exponent
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)


def test_columns_as_agreed(bands, periods):
    assert list(periods.columns) == ["indicator", "from_year", "to_year", "scale_min", "scale_max", "note",
                                     "note_id", "note_en", "source_id"]
    assert list(bands.columns) == ["indicator", "period_from_year", "lower_bound", "upper_bound", "band_id",
                                   "name_id", "name_en", "source_id"]


def test_every_row_cites_an_existing_source(bands, periods):
    sources = set(_read("sources")["id"])
    for name, table in (("bands", bands), ("method_periods", periods), ("targets", _read("targets"))):
        assert (table["source_id"] != "").all(), name
        assert set(table["source_id"]) <= sources, (name, set(table["source_id"]) - sources)


def test_bands_ordered_and_contiguous(bands):
    assert len(bands) >= 20
    for (indicator, start), group in bands.groupby(["indicator", "period_from_year"]):
        rows = sorted(group.itertuples(), key=lambda r: Decimal(r.lower_bound))
        for row in rows:
            assert Decimal(row.lower_bound) < Decimal(row.upper_bound), (indicator, start, row.band_id)
        for prev, nxt in pairwise(rows):
            gap = Decimal(nxt.lower_bound) - Decimal(prev.upper_bound)
            assert Decimal(0) < gap <= _step(nxt.lower_bound), (indicator, start, prev.band_id, nxt.band_id, gap)
        assert group["band_id"].is_unique, (indicator, start)


def test_bands_span_the_period_scale(bands, periods):
    for (indicator, start), group in bands.groupby(["indicator", "period_from_year"]):
        covering = periods[(periods["indicator"] == indicator)
                           & (periods["from_year"].astype(int) <= int(start))]
        assert len(covering), (indicator, start)
        period = covering.loc[covering["from_year"].astype(int).idxmax()]
        assert float(group["lower_bound"].astype(float).min()) == pytest.approx(float(period["scale_min"]))
        assert float(group["upper_bound"].astype(float).max()) == pytest.approx(float(period["scale_max"]))


def test_method_periods_do_not_overlap(periods):
    for indicator, group in periods.groupby("indicator"):
        spans = sorted((int(r.from_year), int(r.to_year) if r.to_year else 9999) for r in group.itertuples())
        for (a_from, a_to), (b_from, _b_to) in pairwise(spans):
            assert a_from <= a_to < b_from, indicator


def test_method_breaks_recorded_for_ombudsman(periods):
    starts = set(periods.loc[periods["indicator"] == "ombudsman_compliance_score", "from_year"].astype(int))
    assert {2022, 2025} <= starts


def test_band_lookup_known_answers(bands):
    assert band_for(bands, "ombudsman_compliance_score", 2021, 74.95)["band_id"] == "kuning"
    assert band_for(bands, "ombudsman_compliance_score", 2021, 80.995)["band_id"] == "kuning"
    assert band_for(bands, "ombudsman_compliance_score", 2022, 83.18)["band_id"] == "B"
    assert band_for(bands, "ombudsman_compliance_score", 2024, 73.02)["band_id"] == "C"
    assert band_for(bands, "spbe_index", 2024, 3.85)["name_id"] == "Sangat Baik"
    assert band_for(bands, "ip_asn_score", 2024, 85.34)["name_id"] == "Tinggi"
    assert band_for(bands, "spbe_index", 2017, 3.0) is None


def _agrees(label_indicator: str, label: str, band: pd.Series) -> bool:
    label = label.strip().lower()
    if label_indicator == "ombudsman_opini":  # "A", "A (Kualitas Tertinggi)", "Kualitas Tinggi (B)", "Kualitas Tinggi"
        letter = label[0].upper() if label[:1].isalpha() and (len(label) == 1 or not label[1].isalpha()) else ""
        if not letter and "(" in label:
            letter = label.rstrip(")").split("(")[-1].strip().upper()
        if letter:
            return letter == band["band_id"]
        opinion = band["name_id"].lower().split("– ")[-1].split(" (")[0]  # "kualitas tinggi"
        return label == opinion
    if label_indicator == "ombudsman_zone":
        return label in band["name_id"].lower()
    return label == band["name_id"].lower()


def test_published_labels_agree_with_their_band(bands):
    labels = _read("labels")
    obs = _read("observations").set_index(["region_code", "indicator", "year"])["value"]
    checked, disagreements = 0, set()
    for row in labels[labels["indicator"].isin(LABELLED)].itertuples():
        key = (row.region_code, LABELLED[row.indicator], row.year)
        if key not in obs.index:
            continue
        band = band_for(bands, LABELLED[row.indicator], int(row.year), float(obs[key]))
        if band is None:
            continue
        if row.indicator == "ombudsman_opini" and int(row.year) >= 2025:
            continue  # the 2025 opinions have no published bounds in data/bands.csv
        checked += 1
        if not _agrees(row.indicator, row.label, band):
            disagreements.add((row.region_code, row.indicator, int(row.year)))
    assert checked >= 20
    assert disagreements == KNOWN_DISAGREEMENTS, sorted(disagreements ^ KNOWN_DISAGREEMENTS)


def test_ikd_target_is_a_sourced_goalpost():
    targets = _read("targets")
    ikd = targets[targets["indicator"] == "ikd_activation_pct"].set_index("from_year")["target"].astype(float)
    assert ikd.to_dict() == {"2023": 25.0, "2024": 30.0, "2025": 30.0}
