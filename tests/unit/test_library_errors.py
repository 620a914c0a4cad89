"""Names and sizes asked of the API that are not there raise the library's own errors with a clear message, never a
bare KeyError or numpy's allocation error (issue 23, item 9)."""

from __future__ import annotations

import pytest

import readiness
from readiness.analysis.uncertainty import MAX_DRAWS, UncertaintyOptions


def test_trace_of_an_unknown_node_names_it(mini_res):
    with pytest.raises(readiness.UnknownNameError, match=r"^no node 'nope' in framework framework\.yaml$"):
        mini_res.trace(mini_res.regions[0], "nope")


def test_trace_of_an_unscored_region_names_the_scored_ones(mini_res):
    with pytest.raises(readiness.UnknownNameError, match=r"region '99\.99' was not scored; scored regions: "
                       + mini_res.regions[0].replace(".", r"\.")):
        mini_res.trace("99.99")


def test_an_unknown_name_is_still_a_key_error_for_callers_that_catch_one(mini):
    with pytest.raises(KeyError):
        mini.framework.node("nope")
    with pytest.raises(readiness.ReadinessError):
        mini.framework.node("nope")


@pytest.mark.parametrize("draws", [10**308, MAX_DRAWS + 1, 0])
def test_absurd_draw_counts_are_refused(draws):
    with pytest.raises(readiness.ScoringError, match=f"draws must be a whole number from 1 to {MAX_DRAWS:,}"):
        UncertaintyOptions(draws=draws)
