"""The bundled dataset holds to its contract: sourced, in range, unique, dated, and consistent with its bands."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.model.derive import derive_rules
from readiness.model.schema import REGION_CODE_PATTERN


@pytest.fixture(scope="module")
def file_obs() -> pd.DataFrame:
    return readiness.load_observations(readiness.DATA_DIR / "observations.csv")


# Valid ranges of indicators that are shown but not scored (scored ones use their goalposts, or >= 0).
CONTEXT_RANGES = {
    "population": (1_000, 20_000_000), "smart_city_index": (0, 5), "smart_city_cohort_year": (2017, 2030),
    "ikd_activated_count": (0, 5_000_000), "wajib_ktp_count": (1_000, 20_000_000),
    "asn_trained_overseas_cumulative": (0, 10_000),
    "ombudsman_compliance_score_initial": (0, 100), "iid_score_interim": (0, 100), "ikm_score_mpp": (0, 100),
    "skm_mpp_sarpras": (0, 100), "ip_asn_score_preliminary": (0, 100), "asn_count_total": (0, 100_000),
    "spm_index_pemda_claim": (0, 100),
}
RANKS = re.compile(r".*_rank(_\w+)?$")
COUNTS = re.compile(r"^mpp_(instansi|layanan|layanan_planned|tenants|gerai|visitors)$")


def test_loads_and_cross_checks(ds):
    assert len(ds.scored_regions()) >= 12
    assert set(ds.regions["group"]) >= {"ikn_buffer", "jakarta_buffer", "benchmark", "reference"}


def test_every_row_has_a_source_with_title_and_url_or_publisher(ds):
    sources = ds.sources.set_index("id")
    for name in ("observations", "events", "labels", "undated"):
        table = getattr(ds, name)
        assert table["source_id"].notna().all(), name
        assert set(table["source_id"]) <= set(sources.index), name
    assert sources["title"].notna().all()
    assert (sources["url"].notna() | sources["publisher"].notna()).all()


def test_every_source_is_used(ds):
    used = set()
    for name in ("observations", "events", "labels", "undated"):
        used |= set(getattr(ds, name)["source_id"])
    used |= set(ds.regions["coord_source_id"].dropna()) | set(ds.regions["area_source_id"].dropna())
    for name in ("method_periods", "bands", "targets", "gaps", "context"):  # rule tables, the gap register, context
        used |= set(pd.read_csv(readiness.DATA_DIR / f"{name}.csv", dtype=str)["source_id"].dropna())
    assert set(ds.sources["id"]) - used == set()


def test_values_within_valid_ranges(ds):
    fw = ds.framework
    for indicator, rows in ds.observations.groupby("indicator"):
        values = rows["value"].astype(float)
        if indicator in fw.nodes and fw.node(indicator).has_goalposts:
            lo, hi = fw.node(indicator).goal_min, fw.node(indicator).goal_max
        elif indicator in CONTEXT_RANGES:
            lo, hi = CONTEXT_RANGES[indicator]
        elif RANKS.match(indicator):
            lo, hi = 1, 600  # 514 kabupaten/kota, 38 provinces
        elif COUNTS.match(indicator) or indicator in fw.nodes:
            lo, hi = 0, 1_000_000
        else:
            pytest.fail(f"indicator {indicator!r} has no valid range in this test: add one")
        assert values.between(lo, hi).all(), (indicator, values[~values.between(lo, hi)].tolist())


def test_region_codes_valid_unique_and_as_designed(ds):
    regions = ds.regions.set_index("code")
    assert regions.index.is_unique
    scored = ds.scored_regions()["code"]
    assert scored.str.match(REGION_CODE_PATTERN).all()
    expected = {"64.71": "Kota Balikpapan", "64.72": "Kota Samarinda", "64.74": "Kota Bontang",
                "64.02": "Kabupaten Kutai Kartanegara", "64.09": "Kabupaten Penajam Paser Utara",
                "32.76": "Kota Depok", "32.75": "Kota Bekasi", "32.71": "Kota Bogor", "36.71": "Kota Tangerang",
                "36.74": "Kota Tangerang Selatan", "61.71": "Kota Pontianak", "15.71": "Kota Jambi"}
    for code, name in expected.items():
        assert regions.loc[code, "name"] == name
    for code, row in regions.iterrows():
        if row["kind"] != "reference":
            assert row["name"].lower().startswith(row["kind"]), code  # "Kota ..." is a kota, "Kabupaten ..." not
    assert {"ref.ikn", "ref.jakarta"} <= set(regions.index)
    ikn = regions.loc[["64.71", "64.72", "64.74", "64.02", "64.09"]]
    assert (ikn["group"] == "ikn_buffer").all() and (ikn["province"] == "Kalimantan Timur").all()


def test_no_duplicate_observations(file_obs, ds):
    assert not file_obs.duplicated(["region_code", "indicator", "year"]).any()
    assert not ds.observations.duplicated(["region_code", "indicator", "year"]).any()


def test_events_dated_and_sourced(ds):
    assert ds.events["date"].str.match(r"^\d{4}(-\d{2}(-\d{2})?)?$").all()
    assert ds.events["source_id"].notna().all()
    planned = ds.events[ds.events["title"].str.startswith("PLANNED")]
    assert (planned["status"] == "planned").all()


def test_every_framework_indicator_has_data_or_awaits_it(ds):
    have = set(ds.observations["indicator"])
    for ind in ds.framework.indicators:
        node = ds.framework.node(ind)
        if node.extra.get("status") == "awaiting data":
            assert ind not in have, f"{ind} has data now: remove 'awaiting data'"
        else:
            assert ind in have, f"{ind} has no observation: mark it 'awaiting data'"


def test_framework_nodes_are_documented_in_both_languages(ds):
    for node in ds.framework.nodes.values():
        assert node.name_id and node.name_en, node.id
        assert node.extra.get("description_id") and node.extra.get("description_en"), node.id
        if node.parent is not None:
            assert node.extra.get("weight_rationale_en") and node.extra.get("weight_rationale_id"), node.id
        if node.is_indicator:
            assert node.extra.get("why_id") and node.extra.get("why_en"), node.id


def test_derived_indicators_come_from_events_only(file_obs, ds):
    rules = derive_rules(ds.framework)
    assert set(rules) == {"asn_trained_abroad", "change_projects", "mpp_in_operation"}
    assert not set(file_obs["indicator"]) & set(rules)
    derived = ds.observations[ds.observations["derived"]]
    assert set(derived["indicator"]) <= set(rules)
    assert derived["note"].str.startswith("derived:").all()


def test_no_synthetic_data_under_data():
    for path in readiness.DATA_DIR.rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".yaml", ".json"):
            assert "synthetic" not in path.read_text(encoding="utf-8").lower(), path


def _spbe_predikat(value: float) -> str:
    for floor, name in ((4.2, "Memuaskan"), (3.5, "Sangat Baik"), (2.6, "Baik"), (1.8, "Cukup")):
        if value >= floor:
            return name
    return "Kurang"


def test_spbe_predikat_matches_its_band(ds):
    scores = ds.observations[ds.observations["indicator"] == "spbe_index"]
    labels = ds.labels[ds.labels["indicator"] == "spbe_predikat"]
    pairs = scores.merge(labels, on=["region_code", "year"])
    assert len(pairs) >= 5
    for row in pairs.itertuples():
        assert _spbe_predikat(row.value) == row.label, (row.region_code, row.year, row.value, row.label)


def test_ombudsman_zone_matches_score_before_2022(ds):
    scores = ds.observations[ds.observations["indicator"] == "ombudsman_compliance_score"]
    zones = ds.labels[ds.labels["indicator"] == "ombudsman_zone"]
    pairs = scores.merge(zones, on=["region_code", "year"])
    assert len(pairs) >= 4
    for row in pairs.itertuples():
        if row.year < 2022:  # zone bands of the pre-2022 method: merah 0-50.99, kuning 51-80.99, hijau 81-100
            zone = "Hijau" if row.value >= 81 else "Kuning" if row.value >= 51 else "Merah"
            assert zone == row.label, (row.region_code, row.year, row.value, row.label)
        else:  # from 2022, the minimum score for the green zone (category B) is 78
            assert (row.value >= 78) == (row.label == "Hijau"), (row.region_code, row.year, row.value)


def test_coordinates_near_their_province(ds):
    boxes = {"Kalimantan Timur": (-2.5, 2.5, 113.5, 119.5), "Jawa Barat": (-7.9, -5.9, 106.3, 108.9),
             "Banten": (-7.1, -5.8, 105.0, 106.8), "Kalimantan Barat": (-3.1, 2.1, 108.5, 114.3),
             "Jambi": (-2.8, -0.7, 101.1, 104.6), "DKI Jakarta": (-6.4, -5.9, 106.6, 107.0)}
    located = ds.regions.dropna(subset=["lat", "lon"])
    for row in located.itertuples():
        s, n, w, e = boxes[row.province]
        assert s <= row.lat <= n and w <= row.lon <= e, (row.code, row.lat, row.lon)
    with_coords = set(located["code"])
    assert {"64.71", "64.72", "64.74", "64.02", "64.09", "32.76", "32.75", "ref.ikn", "ref.jakarta"} <= with_coords


def test_key_figures_from_the_seeds_and_facts(ds):
    obs = ds.observations.set_index(["region_code", "indicator", "year"])["value"]
    assert obs[("64.71", "spbe_index", 2022)] == pytest.approx(3.05)
    assert obs[("64.71", "ombudsman_compliance_score", 2021)] == pytest.approx(99.25)
    assert obs[("61.71", "ombudsman_compliance_score", 2016)] == pytest.approx(98.36)  # seed 003
    assert obs[("15.71", "asn_trained_abroad", 2023)] == pytest.approx(29)  # seed 002: 25 SCP + 4 Temasek
    assert obs[("64.71", "change_projects", 2022)] == pytest.approx(18)  # seed 004: 10 + 8
    seeds = ds.sources[ds.sources["id"].str.startswith("seed-")]
    assert len(seeds) == 5
    assert not np.isin(["64.71"], ds.observations.query("indicator == 'asn_trained_abroad'")["region_code"]).any()
