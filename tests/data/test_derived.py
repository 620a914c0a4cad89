"""Derived indicators in the bundled data trace back to their events."""

from __future__ import annotations

import pytest

import readiness


def test_bundled_derived_values_trace_to_events():
    ds = readiness.load_dataset()
    row = ds.observations.query("indicator == 'mpp_in_operation' and region_code == '64.71' and year == 2024")
    assert row["value"].iloc[0] == pytest.approx(1)  # MPP Balikpapan opened on 4 March 2021
    before = ds.observations.query("indicator == 'mpp_in_operation' and region_code == '64.71' and year == 2020")
    assert before["value"].iloc[0] == 0  # truly not operating before the opening year (not missing)
    event_id = row["note"].iloc[0].split("event ")[1].split(" ")[0]
    event = ds.events.set_index("id").loc[event_id]
    assert event["date"] == "2021-03-04" and row["source_id"].iloc[0] == event["source_id"]


def test_penajam_paser_utara_has_no_mpp_until_its_documented_absence():
    """The source (Berita Kaltim Terkini, 17 Jan 2026) says PPU was still the only Kaltim region without an MPP
    building: 0 for every year before 2026 (not missing), and no value for 2026 itself."""
    ds = readiness.load_dataset()
    ppu = ds.observations.query("indicator == 'mpp_in_operation' and region_code == '64.09'")
    assert dict(zip(ppu["year"], ppu["value"], strict=True)) == {y: 0.0 for y in range(2014, 2026)}
    event = ds.events.set_index("id").loc["ev-64.09-2026-2"]
    assert event["measure"] == "mpp_absent" and (ppu["source_id"] == event["source_id"]).all()
    assert "satu-satunya daerah di Kalimantan Timur yang belum memiliki gedung" in event["quote"]
