"""Which changed value moved the ranking (readiness.analysis.since), on the hand-made mini fixture."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import readiness
from readiness.analysis.compare import default_year_of
from readiness.analysis.since import apply_changes, rank_moves

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


@pytest.fixture(scope="module")
def mini():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        ds = readiness.load_dataset(MINI)
        spec = readiness.ScoringSpec(study=ds.study_regions())
        return ds, spec.but(year=default_year_of(ds, spec))


def _changes(*rows):
    return pd.DataFrame(rows, columns=["region_code", "indicator", "year", "old", "new", "source_id"])


def test_apply_changes_changes_adds_and_removes_without_mutating(mini):
    ds, _ = mini
    obs = ds.observations
    before = obs.copy()
    out = apply_changes(obs, _changes(("64.72", "spbe_index", 2024, 2.0, 5.0, "src"),
                                      ("64.71", "spbe_index", 2030, None, 1.5, "src"),
                                      ("32.75", "ombudsman_score", 2024, 60.0, None, None)))
    pd.testing.assert_frame_equal(obs, before)
    keyed = out.set_index(["region_code", "indicator", "year"])["value"]
    assert keyed[("64.72", "spbe_index", 2024)] == 5.0
    assert keyed[("64.71", "spbe_index", 2030)] == 1.5
    assert ("32.75", "ombudsman_score", 2024) not in keyed.index
    assert len(out) == len(obs)  # one added, one removed
    assert list(out.dtypes) == list(obs.dtypes)


def test_the_change_that_moves_the_ranking_is_named_and_a_neutral_one_is_not(mini):
    ds, spec = mini
    changes = _changes(("32.75", "ombudsman_score", 2024, 60.0, 61.0, "src"),  # an unranked region: moves nothing
                       ("64.72", "spbe_index", 2024, 2.0, 5.0, "src"))
    moves = rank_moves(ds.framework, ds.observations, spec, changes, regions=ds.regions)
    assert set(moves.moved["region_code"]) == {"64.71", "64.72"}
    assert list(moves.by_change["change"].unique()) == [1]
    row = moves.by_change.set_index("moved_region").loc["64.72"]
    assert (row["rank_then"], row["rank_alone"]) == (3, 2)
    assert (moves.tried, moves.total) == (2, 2)


def test_no_move_no_trials_and_the_limit_bounds_the_trials(mini):
    ds, spec = mini
    neutral = _changes(("32.75", "ombudsman_score", 2024, 60.0, 61.0, "src"))
    moves = rank_moves(ds.framework, ds.observations, spec, neutral, regions=ds.regions)
    assert moves.moved.empty and moves.by_change.empty and moves.tried == 0
    many = _changes(*[("64.72", "spbe_index", year, None, 5.0, "src") for year in range(2020, 2025)])
    assert rank_moves(ds.framework, ds.observations, spec, many, regions=ds.regions, limit=2).tried == 2
