"""ScoringSpec: one frozen, hashable options object; equal options hash equal; bad options fail on construction;
score() takes a spec or keyword options and records the spec in the result."""

from __future__ import annotations

import math
import warnings

import pytest

import readiness
from readiness import ScoringSpec
from readiness.errors import ScoringError


def test_equal_options_are_one_cache_key():
    a = ScoringSpec(year=2024.0, window=3, range=[0, 100], regions=["64.71"])
    b = ScoringSpec(year=2024, window=3, range=(0.0, 100.0), regions=("64.71",))
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a.but(year=2023) != a and a.but(year=2023).year == 2023
    with pytest.raises(AttributeError):
        a.year = 2020  # type: ignore[misc]


@pytest.mark.parametrize(("options", "message"), [
    ({"normalise": "sigmoid"}, "unknown normalisation 'sigmoid'"),
    ({"aggregate": "median"}, "unknown aggregation 'median'"),
    ({"impute": "mice"}, "unknown imputation 'mice'"),
    ({"treat": "trim"}, "unknown treatment 'trim'"),
    ({"ties": "dense"}, "unknown ties rule 'dense'"),
    ({"window": -1}, "window must be >= 0"),
    ({"window": math.nan}, "window must be >= 0 years .* got nan"),
    ({"year": "abc"}, "year must be a whole number between 1990 and 2100, got 'abc'"),
    ({"year": 2024.5}, "year must be a whole number"),
    ({"year": 1e12}, "year must be a whole number between 1990 and 2100"),
    ({"range": (100, 0)}, "lower < upper"),
    ({"range": (0, math.inf)}, "range must be two finite numbers"),
    ({"normalise": "zscore", "zscore": (0, 0)}, "standard deviation must be > 0"),
    ({"min_coverage": 1.5}, "min_coverage must be a share between 0 and 1"),
])
def test_bad_options_fail_on_construction(options, message):
    with pytest.raises(ScoringError, match=message):
        ScoringSpec(**options)


def test_unknown_option_names_are_refused():
    with pytest.raises(ScoringError, match="unknown scoring option"):
        ScoringSpec.from_options(normalize="minmax")


def test_score_takes_a_spec_or_keywords_and_keeps_it(mini):
    spec = ScoringSpec(year=2024, window=3, normalise="goalposts")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        by_spec = readiness.score(mini.framework, mini.observations, spec, regions=mini.regions)
        by_keywords = readiness.score(mini.framework, mini.observations, regions=mini.regions, year=2024, window=3,
                                      normalise="goalposts")
        overridden = readiness.score(mini.framework, mini.observations, spec, regions=mini.regions,
                                     normalise="minmax")
    assert by_spec.spec == by_keywords.spec == spec
    assert by_spec.to_frame().equals(by_keywords.to_frame())
    assert overridden.spec.normalise == "minmax" and overridden.spec.window == 3
    assert by_spec.params["normalise"] == "goalposts" and by_spec.params["regions"] == 5
