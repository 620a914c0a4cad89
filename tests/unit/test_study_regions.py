"""Study regions and reference regions (issue 19, item 2): only the study regions (groups with role ``study``) are
ranked by default; benchmarks keep their scores, have no rank and are not counted in "rank N of M";
``ScoringSpec(rank_among="all")`` ranks every region, on every path that takes the spec. Hand-made fixtures only."""

from __future__ import annotations

import shutil
import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import MINI

import readiness
from readiness.analysis.sensitivity import leave_one_out
from readiness.analysis.uncertainty import UncertaintyOptions, uncertainty
from readiness.cli.commands import build_parser
from readiness.cli.options import spec_from_args
from readiness.display import tables

STUDY = ("64.71", "64.72", "32.76")          # Balikpapan, Samarinda, Depok
BENCHMARKS = ("35.78", "61.71")              # Surabaya, Pontianak
FRAMEWORK = pd.DataFrame({
    "id": ["index", "digital", "service", "spbe", "ombudsman"],
    "parent": ["", "index", "index", "digital", "service"],
    "weight": ["", "1", "1", "1", "1"],
    "direction": ["", "", "", "1", "1"],
    "goal_min": ["", "", "", "0", "0"],
    "goal_max": ["", "", "", "5", "100"],
})


def _framework() -> readiness.Framework:
    return readiness.framework_from_frame(FRAMEWORK, source="test")


def _observations(benchmark_values: dict[str, tuple[float, float]] | None = None) -> pd.DataFrame:
    """Study regions with fixed figures; benchmarks with ``benchmark_values`` (spbe, ombudsman), default the best."""
    study = {"64.71": (3.0, 80.0), "64.72": (2.0, 90.0), "32.76": (4.0, 70.0)}
    bench = {"35.78": (4.8, 99.0), "61.71": (4.5, 95.0)} if benchmark_values is None else benchmark_values
    rows = [(code, ind, 2024, value) for code, (spbe, omb) in {**study, **bench}.items()
            for ind, value in (("spbe", spbe), ("ombudsman", omb)) if not np.isnan(value)]
    return pd.DataFrame(rows, columns=["region_code", "indicator", "year", "value"])


def _score(spec: readiness.ScoringSpec, observations: pd.DataFrame | None = None) -> readiness.Result:
    obs = _observations() if observations is None else observations
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return readiness.score(_framework(), obs, spec.but(year=2024), regions=[*STUDY, *BENCHMARKS])


def test_by_default_only_the_study_regions_are_ranked():
    res = _score(readiness.ScoringSpec(study=STUDY))
    for code in BENCHMARKS:
        assert not np.isnan(res.score_of(code)), "a benchmark keeps its score"
        assert np.isnan(res.rank_of(code)), "a benchmark has no rank by default"
    assert sorted(res.rank_of(c) for c in STUDY) == [1.0, 2.0, 3.0]
    assert res.ranks_frame()["index"].notna().sum() == len(STUDY)   # the "of M" counts the study regions
    assert max(res.score_of(c) for c in BENCHMARKS) > max(res.score_of(c) for c in STUDY)  # yet ranks 1..3


def test_rank_among_all_ranks_every_region_and_keeps_every_score():
    study_only = _score(readiness.ScoringSpec(study=STUDY))
    every = _score(readiness.ScoringSpec(study=STUDY, rank_among="all"))
    assert sorted(every.rank_of(c) for c in (*STUDY, *BENCHMARKS)) == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert {every.rank_of(c) for c in BENCHMARKS} == {1.0, 2.0}
    np.testing.assert_array_equal(every.values, study_only.values)   # only ranks change, never scores


def test_without_a_study_set_every_region_is_ranked():
    res = _score(readiness.ScoringSpec())
    assert res.ranks_frame()["index"].notna().sum() == len(STUDY) + len(BENCHMARKS)


@pytest.mark.parametrize("bench", [
    {"35.78": (0.5, 10.0), "61.71": (1.0, 20.0)},        # benchmarks at the bottom
    {"35.78": (3.5, 85.0), "61.71": (2.5, 70.0)},        # between the study regions
    {"35.78": (np.nan, 99.0), "61.71": (5.0, np.nan)},   # a figure each missing
    {},                                                  # no benchmark figures at all
])
def test_study_ranks_do_not_depend_on_the_benchmarks_data(bench):
    spec = readiness.ScoringSpec(study=STUDY)
    base, changed = _score(spec), _score(spec, _observations(bench))
    assert [changed.rank_of(c) for c in STUDY] == [base.rank_of(c) for c in STUDY]
    assert [changed.score_of(c) for c in STUDY] == pytest.approx([base.score_of(c) for c in STUDY])


def test_the_uncertainty_draws_and_leave_one_out_rank_the_same_regions():
    spec = readiness.ScoringSpec(study=STUDY, year=2024)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        u = uncertainty(_framework(), _observations(), spec, UncertaintyOptions(draws=20, seed=1),
                        regions=[*STUDY, *BENCHMARKS])
        loo = leave_one_out(_framework(), _observations(), spec, regions=[*STUDY, *BENCHMARKS])
    bench = [u.regions.index(c) for c in BENCHMARKS]
    assert np.isnan(u.nominal_rank[bench]).all() and np.isnan(u.q95_rank[bench]).all()
    assert np.nanmax(u.q95_rank) <= len(STUDY)
    assert np.isnan(loo.ranks[bench]).all() and np.nanmax(loo.ranks) <= len(STUDY)


def test_the_spec_checks_its_ranking_choice():
    with pytest.raises(readiness.ScoringError, match="unknown rank_among 'some'"):
        readiness.ScoringSpec(rank_among="some")
    with pytest.raises(readiness.ScoringError, match="study must be a list of region codes"):
        readiness.ScoringSpec(study="64.71")
    assert readiness.ScoringSpec(study=["64.72", "64.71"]) == readiness.ScoringSpec(study=("64.71", "64.72"))


def test_the_dataset_names_its_study_and_benchmark_regions():
    ds = readiness.load_dataset(MINI)
    assert ds.study_regions() == ("64.71", "64.72", "32.76", "32.75")
    assert ds.benchmark_regions() == ("35.78",)


@pytest.mark.parametrize(("row", "message"), [
    ("odd,Aneh,Odd,,,#123456,favourite,true,false,5", r"column 'role'.*must be one of study, benchmark, reference"),
    ("odd,Aneh,Odd,,,#123456,reference,true,false,5", r"role 'reference' must have scored = false"),
])
def test_a_group_role_is_checked(tmp_path, row, message):
    folder = tmp_path / "ds"
    shutil.copytree(MINI, folder)
    with (folder / "groups.csv").open("a", encoding="utf-8") as fh:
        fh.write(row + "\n")
    with pytest.raises(readiness.DataError, match=message):
        readiness.load_dataset(folder)


def test_the_cli_ranks_the_study_regions_unless_rank_all():
    ds = readiness.load_dataset(MINI)
    parser = build_parser()
    default = spec_from_args(parser.parse_args(["score"]), ds)
    assert default.study == tuple(sorted(ds.study_regions())) and default.rank_among == "study"
    assert spec_from_args(parser.parse_args(["score", "--rank-all"]), ds).rank_among == "all"


def test_the_benchmark_note_names_the_unranked_rows_in_both_languages():
    ds = readiness.load_dataset(MINI)
    res = _score(readiness.ScoringSpec(study=STUDY))
    for lang in ("id", "en"):
        note = tables.benchmark_note(res, ds, lang)
        assert note is not None and "Surabaya" in note and "61.71" in note   # 61.71 is not in the mini regions
    assert tables.benchmark_note(res, ds, "en", shown=list(STUDY)) is None
    assert tables.benchmark_note(_score(readiness.ScoringSpec(study=STUDY, rank_among="all")), ds, "en") is None
