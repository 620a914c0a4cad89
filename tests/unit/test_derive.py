"""Derived indicators: event counts (planned excluded, missing is not zero) and years since an opening."""

from __future__ import annotations

import pandas as pd
import pytest

import readiness
from readiness.model.derive import derive_observations, derive_rules, event_counts, years_since

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


FRAMEWORK = readiness.framework_from_frame(pd.DataFrame({
    "id": ["index", "asn_trained_abroad", "mpp_operating_years", "spbe"],
    "parent": ["", "index", "index", "index"],
    "weight": ["", "1", "1", "1"],
    "direction": ["", "1", "1", "1"],
    "derive": [None, {"rule": "count", "measure": "asn_trained_abroad"},
               {"rule": "years_since", "measure": "mpp_opened"}, None],
}), source="test")


def test_derive_all_follows_the_framework_rules():
    out = derive_observations(EVENTS, range(2023, 2025), FRAMEWORK)
    assert set(out["indicator"]) == {"asn_trained_abroad", "mpp_operating_years"}
    assert out["derived"].all()


def test_a_bad_derive_rule_is_a_framework_error():
    bad = readiness.framework_from_frame(pd.DataFrame({
        "id": ["index", "x"], "parent": ["", "index"], "weight": ["", "1"], "direction": ["", "1"],
        "derive": [None, {"rule": "sum", "measure": "m"}]}), source="test")
    with pytest.raises(readiness.FrameworkError, match="'x': derive needs rule"):
        derive_rules(bad)


def test_in_operation_is_one_from_the_opening_year_and_zero_before():
    from readiness.model.derive import in_operation

    out = in_operation(EVENTS, "mpp_opened", "mpp_in_operation", range(2020, 2025))
    for region, group in out.groupby("region_code"):
        values = dict(zip(group["year"], group["value"], strict=True))
        opened = min(y for y, v in values.items() if v == 1)
        assert all(v == (1.0 if y >= opened else 0.0) for y, v in values.items()), region
    assert set(out["value"]) <= {0.0, 1.0}


ABSENCE = pd.DataFrame(
    [
        ("a1", "64.71", "2021-03-04", "mpp_opened", "reported", None, "s1"),
        ("a2", "64.71", "2020-06", "mpp_absent", "reported", None, "s2"),  # an opening on record wins
        ("a3", "64.09", "2024-07-05", "mpp_absent", "reported", None, "s3"),
        ("a4", "64.09", "2026-01-17", "mpp_absent", "reported", None, "s4"),  # the latest absence counts
        ("a5", "64.72", "2026-01", "mpp_absent", "planned", None, "s5"),  # planned is not evidence
    ],
    columns=["id", "region_code", "date", "measure", "status", "count", "source_id"],
)


def test_a_documented_absence_is_zero_for_the_years_before_it_not_missing():
    from readiness.model.derive import in_operation

    out = in_operation(ABSENCE, "mpp_opened", "mpp_in_operation", range(2019, 2027), absent="mpp_absent")
    by_region = {code: dict(zip(g["year"], g["value"], strict=True)) for code, g in out.groupby("region_code")}
    assert set(by_region) == {"64.71", "64.09"}  # 64.72: a planned absence is no evidence, so no value
    assert by_region["64.71"] == {y: (1.0 if y >= 2021 else 0.0) for y in range(2019, 2027)}
    assert by_region["64.09"] == {y: 0.0 for y in range(2019, 2026)}  # 2026 itself is not covered
    ppu = out[out["region_code"] == "64.09"]
    assert (ppu["source_id"] == "s4").all() and ppu["note"].str.startswith("derived:").all()
    assert "a4" in ppu["note"].iloc[0] and out["derived"].all()
    without = in_operation(ABSENCE, "mpp_opened", "mpp_in_operation", range(2019, 2027))
    assert set(without["region_code"]) == {"64.71"}  # the rule without ``absent`` is unchanged


def test_the_framework_names_the_absence_measure_of_an_in_operation_rule():
    frame = pd.DataFrame({
        "id": ["index", "mpp"], "parent": ["", "index"], "weight": ["", "1"], "direction": ["", "1"],
        "derive": [None, {"rule": "in_operation", "measure": "mpp_opened", "absent": "mpp_absent"}]})
    fw = readiness.framework_from_frame(frame, source="test")
    assert derive_rules(fw) == {"mpp": ("in_operation", "mpp_opened")}
    out = derive_observations(ABSENCE, range(2023, 2026), fw)
    assert out.loc[out["region_code"] == "64.09", "value"].tolist() == [0.0, 0.0, 0.0]
    bad = frame.assign(derive=[None, {"rule": "count", "measure": "m", "absent": "mpp_absent"}])
    with pytest.raises(readiness.FrameworkError, match="'absent' names an event measure"):
        derive_rules(readiness.framework_from_frame(bad, source="test"))
