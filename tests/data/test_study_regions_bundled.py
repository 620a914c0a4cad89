"""Study regions and benchmarks on the bundled data (issue 19, item 2): by default Surabaya, Pontianak and Jambi
(benchmarks) have no rank, whatever their score, and Balikpapan's "rank N of M" counts the study regions only (the
IKN and Jakarta buffers); ranking every region gives the benchmarks ranks and changes no score."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import readiness
from readiness.analysis.compare import default_year_of
from readiness.display import briefing, tables

BENCHMARKS = {"35.78": "Surabaya", "61.71": "Pontianak", "15.71": "Jambi"}


@pytest.fixture(scope="module")
def ds() -> readiness.Dataset:
    return readiness.load_dataset()


def _score(ds: readiness.Dataset, spec: readiness.ScoringSpec) -> readiness.Result:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return readiness.score(ds.framework, ds.observations, spec.but(year=default_year_of(ds, spec)),
                               regions=ds.regions)


def test_the_study_regions_are_the_ikn_and_jakarta_buffers(ds):
    groups = ds.region_groups()
    assert {groups[c] for c in ds.study_regions()} == {"ikn_buffer", "jakarta_buffer"}
    assert set(BENCHMARKS) <= set(ds.benchmark_regions())


def test_benchmarks_have_no_rank_by_default_and_of_m_counts_study_regions(ds):
    res = _score(ds, readiness.ScoringSpec(study=ds.study_regions()))
    root = ds.framework.root
    ranks = res.ranks_frame()[root]
    for code in BENCHMARKS:
        assert np.isnan(res.rank_of(code)), code
    assert not np.isnan(res.score_of("35.78")), "Surabaya keeps its score"
    ranked = set(ranks[ranks.notna()].index)
    assert ranked <= set(ds.study_regions()) and "64.71" in ranked
    of_m = tables.headline(res, ds)["ranked"]
    assert of_m == len(ranked) <= len(ds.study_regions())
    assert sorted(ranks.dropna().astype(int)) == list(range(1, of_m + 1))
    deck = briefing.build_briefing(ds, res, "64.71", ["64.72"], "en")
    assert deck.facts["total"] == of_m and deck.facts["rank"] == int(ranks["64.71"])


def test_ranking_every_region_ranks_the_benchmarks_and_keeps_the_scores(ds):
    study = _score(ds, readiness.ScoringSpec(study=ds.study_regions()))
    every = _score(ds, readiness.ScoringSpec(study=ds.study_regions(), rank_among="all"))
    np.testing.assert_array_equal(every.values, study.values)
    assert not np.isnan(every.rank_of("35.78")) and every.rank_of("64.71") > study.rank_of("64.71")
