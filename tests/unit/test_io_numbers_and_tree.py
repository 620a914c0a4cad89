"""Known answers for numbers (finite, within 1e15), ASCII-only codes, and linear cycle/depth checks of the tree."""

from __future__ import annotations

import pandas as pd
import pytest

import readiness
from readiness.errors import DataError, FrameworkError
from readiness.geo import places as geo
from readiness.model.schema import OBSERVATIONS, REGIONS, validate_table


def framework(weights: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"id": ["r", "a", "b"], "parent": ["", "r", "r"], "weight": ["", *weights],
                         "direction": ["", "1", "1"]})


@pytest.mark.parametrize("weight,shown", [("inf", "'inf'"), ("9" * 401, "'9999"), ("9" * 5000, "'9999"),
                                          ("1e308", "'1e308'")])
def test_bad_weights_are_framework_errors(weight, shown):
    with pytest.raises(FrameworkError, match=f"node 'a'\\): weight must be a number, got {shown}"):
        readiness.framework_from_frame(framework([weight, "1"]), source="fw.csv")


def test_sibling_weights_of_1e308_do_not_overflow():
    with pytest.raises(FrameworkError) as err:
        readiness.framework_from_frame(framework(["1e308", "1e308"]), source="fw.csv")
    assert len(err.value.problems) == 2  # one per weight, no 'missing' duplicate, no OverflowError


def test_large_but_allowed_weights_still_work():
    fw = readiness.framework_from_frame(framework(["1e15", "1e15"]), source="fw.csv")
    assert fw.relative_weight("a") == pytest.approx(0.5)


def obs(value: str, code: str = "64.71") -> pd.DataFrame:
    return pd.DataFrame({"region_code": [code], "indicator": ["a"], "year": ["2024"], "value": [value]})


@pytest.mark.parametrize("value", ["1.797e308", "inf", "-inf", "1e309", "1e16"])
def test_observation_values_must_be_finite_and_in_range(value):
    with pytest.raises(DataError, match=r"row 2 column 'value': must be a number, got .* \(finite, within \+-1e\+15\)"):
        validate_table(obs(value), OBSERVATIONS, source="o.csv")


def test_year_of_1e12_and_huge_digits_are_rejected():
    frame = obs("1").assign(year=["1e12"])
    with pytest.raises(DataError, match="column 'year'"):
        validate_table(frame, OBSERVATIONS, source="o.csv")
    frame = obs("1").assign(year=["9" * 400])
    with pytest.raises(DataError, match="column 'year'"):
        validate_table(frame, OBSERVATIONS, source="o.csv")


@pytest.mark.parametrize("code", ["\u0666\u0664.\u0667\u0661", "\u06f6\u06f4.\u06f7\u06f1", "\uff16\uff14.\uff17\uff11"])
def test_non_ascii_digits_fail_the_region_code_check(code):
    with pytest.raises(DataError, match=r"must be a Kemendagri code: 64, 64\.71"):
        validate_table(obs("1", code), OBSERVATIONS, source="o.csv")
    regions = pd.DataFrame({"code": [code], "name": ["x"], "kind": ["kota"], "province": ["p"], "group": ["g"],
                            "lat": ["-1"], "lon": ["117"]})
    with pytest.raises(DataError, match="must be a Kemendagri code"):
        validate_table(regions, REGIONS, source="r.csv")
    assert geo.normalise_code(code) is None
    assert geo.normalise_code("ID" + code.replace(".", "")) is None


def chain(n: int, cycle: bool = False) -> pd.DataFrame:
    ids = [f"n{i}" for i in range(n)]
    parents = ([ids[-1]] if cycle else [""]) + ids[:-1]
    return pd.DataFrame({"id": ids, "parent": parents, "weight": ["1"] * n,
                         "direction": [""] * (n - 1) + ["1"]})


def test_a_long_chain_is_refused_for_depth_not_recursion():
    with pytest.raises(FrameworkError, match="the tree is 1999 levels deep; the limit is 32"):
        readiness.framework_from_frame(chain(2000), source="fw.csv")
    fw = readiness.framework_from_frame(chain(33), source="fw.csv")
    assert fw.depth("n32") == 32 and len(fw.levels) == 32
    assert list(fw.to_frame()["id"]) == [f"n{i}" for i in range(33)]


def test_a_long_cycle_is_reported_once_and_shortened():
    with pytest.raises(FrameworkError) as err:
        readiness.framework_from_frame(chain(2000, cycle=True), source="fw.csv")
    cycles = [p for p in err.value.problems if "cycle" in p]
    assert len(cycles) == 1 and cycles[0].endswith("(and 1990 more nodes)")


def test_too_many_nodes():
    frame = pd.DataFrame({"id": [f"n{i}" for i in range(2001)], "parent": [""] + ["n0"] * 2000,
                          "weight": ["1"] * 2001, "direction": [""] + ["1"] * 2000})
    with pytest.raises(FrameworkError, match="2,001 nodes; the limit is 2,000"):
        readiness.framework_from_frame(frame, source="fw.csv")


def test_messages_quote_values_clipped():
    frame = framework(["x" * 100_000, "1"])
    with pytest.raises(FrameworkError) as err:
        readiness.framework_from_frame(frame, source="fw.csv")
    assert len(str(err.value)) < 400
