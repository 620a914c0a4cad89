"""Known answers for API arguments and the "no silent results" rules (synthetic data)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.errors import DataError, ReadinessWarning, ScoringError
from readiness.pipeline.provenance import Note

FW = readiness.framework_from_frame(pd.DataFrame({
    "id": ["r", "a", "b"], "parent": ["", "r", "r"], "weight": ["", "1", "1"], "direction": ["", "1", "-1"]}),
    source="synthetic")
OBS = pd.DataFrame({"region_code": ["64.71", "64.72", "64.71", "64.72", "64.71"],
                    "indicator": ["a", "a", "b", "b", "a"], "year": [2023, 2023, 2023, 2023, 2024],
                    "value": [1.0, 2.0, 3.0, 4.0, 5.0]})


@pytest.mark.parametrize("kwargs,error,message", [
    ({"regions": []}, ScoringError, "regions is empty"),
    ({"regions": ["64.71", "64.71"]}, ScoringError, r"regions lists a code twice: \['64.71'\]"),
    ({"regions": "64.71"}, ScoringError, "regions must be the regions table or a list of region codes, got '64.71'"),
    ({"regions": pd.DataFrame({"x": [1]})}, ScoringError, r"the regions table needs a 'code' column; it has \['x'\]"),
    ({"year": "abc"}, ScoringError, "year must be a whole number between 1990 and 2100, got 'abc'"),
    ({"year": 1e12}, ScoringError, "year must be a whole number between 1990 and 2100, got 1000000000000.0"),
    ({"year": True}, ScoringError, "year must be a whole number"),
    ({"year": 2023, "window": math.nan}, ScoringError, "window must be >= 0 years .* got nan"),
    ({"year": 2023, "window": -1}, ScoringError, "window must be >= 0"),
    ({"year": 2023, "range": (0, math.inf)}, ScoringError, r"range must be two finite numbers .* got \(0, inf\)"),
    ({"year": 2023, "zscore": (0, math.inf), "normalise": "zscore"}, ScoringError, "zscore .* finite"),
    ({"year": 2023, "min_coverage": math.nan}, ScoringError, "min_coverage must be a share between 0 and 1, got nan"),
])
def test_bad_arguments_raise_the_library_error_with_the_value(kwargs, error, message):
    with pytest.raises(error, match=message):
        readiness.score(FW, OBS, **kwargs)


def test_score_years_checks_its_years():
    with pytest.raises(ScoringError, match="years is empty"):
        readiness.score_years(FW, OBS, years=[])
    with pytest.raises(ScoringError, match=r"got 1000000000000\.0"):
        readiness.score_years(FW, OBS, years=[1e12])


def test_unknown_regions_and_nodes_in_comparisons():
    res = readiness.score(FW, OBS, year=2023)
    with pytest.raises(ScoringError, match=r"region\(s\) \['99.99'\] were not scored; scored regions: 64.71, 64.72"):
        readiness.explain_gap(res, "64.71", "99.99")
    with pytest.raises(ScoringError, match="not scored"):
        readiness.analysis.gap_to_region(res, "99.99", "64.71")
    with pytest.raises(ScoringError, match="members must be a non-empty list"):
        readiness.analysis.gap_to_group(res, "64.71", [])
    with pytest.raises(ScoringError, match=r"node\(s\) \['zz'\] are not in the framework"):
        readiness.explain_gap(res, "64.71", "64.72", node="zz")


def test_default_year_is_the_dashboards_and_is_said():
    """No year: the default year of the dashboard and the command line (never a year of non-framework figures)."""
    obs = pd.concat([OBS, pd.DataFrame({"region_code": ["64.71"], "indicator": ["population"], "year": [2026],
                                        "value": [1.0]})], ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadinessWarning)
        res = readiness.score(FW, obs)
    assert res.year == 2024
    assert res.notes[0] == Note("default_year", count=2024)
    assert res.year == readiness.pipeline.scoring.default_year(FW, obs, readiness.ScoringSpec(), [2023, 2024])
    assert str(res.notes[0]).startswith("no year given: scored 2024, the default year (the dashboard's): the latest "
                                        "year in which most study regions have every core value")


def test_infinite_values_and_duplicates_are_errors():
    with pytest.raises(DataError, match=r"observations row\(s\) 4 column 'value': must be a finite number within \+-1e\+15, got inf"):
        readiness.score(FW, OBS.assign(value=[1.0, 2.0, np.inf, 4.0, 5.0]), year=2023)
    with pytest.raises(DataError, match=r"2 rows repeat the same \(region_code, indicator, year\): rows 2, 7"):
        readiness.score(FW, pd.concat([OBS, OBS.iloc[:1]], ignore_index=True), year=2023)


def test_observation_ids_matching_no_indicator():
    with pytest.raises(DataError, match=r"did you mean 'a'\?"):
        readiness.score(FW, OBS.assign(indicator=OBS["indicator"].str.upper()), year=2023)
    with pytest.raises(DataError, match="no indicator id matches the framework's indicators"):
        readiness.score(FW, OBS.assign(indicator=[f"z{i}" for i in range(len(OBS))]), year=2023)
    extra = pd.concat([OBS, OBS.iloc[:1].assign(indicator="population")], ignore_index=True)
    with pytest.warns(ReadinessWarning, match=r"1 indicator id\(s\) are not in the framework and are not scored: "
                                              "'population'"):
        readiness.score(FW, extra, year=2023)


def test_a_year_of_1e12_in_the_table_is_an_error_not_a_memory_error():
    with pytest.raises(DataError, match="column 'year': must be a whole number between 1990 and 2100"):
        readiness.score(FW, OBS.assign(year=[2023, 2023, 2023, 2023, 10**12]))
    with pytest.raises(ScoringError, match="observation years must lie between 1990 and 2100"):
        readiness.build_cube(OBS.assign(year=[2023, 2023, 2023, 2023, 10**12]), FW.indicators)
