"""Derived indicators: event counts (planned excluded, missing is not zero) and years since an opening."""

from __future__ import annotations

import pandas as pd
import pytest

from readiness.derive import derive_observations, event_counts, years_since

EVENTS = pd.DataFrame(
    [
        ("e1", "15.71", "2023-03", "asn_trained_abroad", "reported", 4, "s1"),
        ("e2", "15.71", "2023-03-23", "asn_trained_abroad", "reported", 25, "s2"),
        ("e3", "64.71", "2019-10", "asn_trained_abroad", "planned", 7, "s3"),
        ("e4", "15.71", "2024-07-01", "asn_trained_abroad", "reported", None, "s4"),
        ("e5", "64.71", "2021-03-04", "mpp_opened", "reported", None, "s5"),
        ("e6", "64.71", "2024-12-02", "mpp_opened", "reported", 26, "s6"),
    ],
    columns=["id", "region_code", "date", "measure", "status", "count", "source_id"],
)


def test_event_counts_sum_reported_only():
    out = event_counts(EVENTS, "asn_trained_abroad", "asn_trained_abroad")
    assert out[["region_code", "year", "value"]].values.tolist() == [["15.71", 2023, 29.0]]
    assert out["source_id"].iloc[0] == "s1"  # earliest event
    assert "e1, e2" in out["note"].iloc[0]
    assert "64.71" not in set(out["region_code"])  # planned is not evidence; no row at all (missing, not 0)


def test_years_since_first_opening():
    out = years_since(EVENTS, "mpp_opened", "mpp_operating_years", range(2020, 2025))
    assert out["value"].tolist() == [0, 0, 1, 2, 3]
    assert (out["source_id"] == "s5").all()


def test_derive_all():
    out = derive_observations(EVENTS, range(2023, 2025))
    assert set(out["indicator"]) == {"asn_trained_abroad", "mpp_operating_years"}
    assert out["derived"].all()


def test_bundled_derived_values_trace_to_events():
    import readiness

    ds = readiness.load_dataset()
    row = ds.observations.query("indicator == 'mpp_operating_years' and region_code == '64.71' and year == 2024")
    assert row["value"].iloc[0] == pytest.approx(3)
    event_id = row["note"].iloc[0].split("event ")[1].split(" ")[0]
    event = ds.events.set_index("id").loc[event_id]
    assert event["date"] == "2021-03-04" and row["source_id"].iloc[0] == event["source_id"]
