"""One rule on every path (issue 19, item 3): every entry point that ranks, counts, colours or plans regions ranks
exactly the regions ``readiness.score`` ranks for the same spec -- one parametrised test over all of them.

On a hand-made fixture (tests/fixtures/mini, copied and given a common core of SPBE and the Ombudsman, plus a
benchmark with figures); not real data. Bekasi (study) has only the Ombudsman, so it has no core index; Surabaya (a
benchmark) has every core indicator, so it is scored but, with ``rank_among="study"``, not ranked.
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.analysis.compare import change_on_constant_basis, group_counts, like_for_like
from readiness.analysis.scenarios import Scenario, score_scenario
from readiness.analysis.target import ScoreGoal
from readiness.display.briefing import build_briefing
from readiness.geo.mapdata import score_values
from tests.unit.cli_run import run_cli
from tests.unit.conftest import MINI

YEAR = 2024
BENCHMARK = "35.78"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """The mini fixture with a declared core and a benchmark that has every core figure (synthetic values)."""
    out = tmp_path_factory.mktemp("entry-points") / "mini"
    shutil.copytree(MINI, out)
    fw = (out / "framework.yaml").read_text(encoding="utf-8")
    for ind in ("spbe_index", "ombudsman_score"):
        fw = fw.replace(f"      - id: {ind}\n",
                        f"      - id: {ind}\n        core: true\n        core_rationale: test core (synthetic)\n")
    (out / "framework.yaml").write_text(fw, encoding="utf-8")
    with (out / "observations.csv").open("a", encoding="utf-8") as f:
        f.write(f"{BENCHMARK},spbe_index,2024,4.5,src-a,synthetic,,\n{BENCHMARK},ombudsman_score,2024,99,src-b,"
                "synthetic,,\n")
    return out


@pytest.fixture(scope="module")
def ds(data_dir) -> readiness.Dataset:
    return readiness.load_dataset(data_dir)


@pytest.fixture(scope="module", params=["study", "all"])
def spec(request, ds) -> readiness.ScoringSpec:
    return readiness.ScoringSpec(year=YEAR, study=ds.study_regions(), rank_among=request.param)


def _quiet(func: Callable, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return func(*args, **kwargs)


def _ranked(regions, ranks) -> set[str]:
    return {str(c) for c, r in zip(regions, ranks, strict=True) if not pd.isna(r)}


def _score(ds, spec):
    return _quiet(readiness.score, ds.framework, ds.observations, spec, regions=ds.regions)


def _cli_ranked(ds, spec, data_dir, command: str, tmp: Path) -> set[str]:
    out = tmp / f"{command}.csv"
    args = [command, "--data", str(data_dir), "--year", str(YEAR), "--out", str(out)]
    args += ["--rank-all"] if spec.rank_among == "all" else []
    if command == "uncertainty":
        args += ["--draws", "20", "--seed", "1"]
    ran = run_cli(*args)
    assert ran.returncode == 0, ran.stderr
    table = pd.read_csv(out, dtype={"region_code": str})
    if command == "score":
        table = table[table["node"] == ds.framework.root]
        return _ranked(table["region_code"], table["rank"])
    rank_col = next(c for c in ("nominal_rank", "rank") if c in table.columns)
    return _ranked(table["region_code"], table[rank_col])


def _plans(ds, spec) -> set[str]:
    ranked = set()
    for code in _score(ds, spec).regions:
        plan = _quiet(readiness.plan_target, ds.framework, ds.observations, spec, code, ScoreGoal(101.0),
                      regions=ds.regions)
        if not pd.isna(plan.before["index_rank"]):
            ranked.add(code)
    return ranked


def _briefings(ds, spec) -> set[str]:
    res = _score(ds, spec)
    ranked = set()
    for code in res.regions:
        if pd.isna(res.score_of(code)):
            continue
        b = build_briefing(ds, res, code, peers=[c for c in res.regions if c != code][:2], lang="en")
        if b.facts["rank"] is not None:
            ranked.add(code)
            assert b.facts["rank"] == res.rank_of(code)
        assert b.facts["total"] == int((~np.isnan(res.ranks[:, -1])).sum())
    return ranked


def _uncertainty(ds, spec) -> set[str]:
    u = _quiet(readiness.uncertainty, ds.framework, ds.observations, spec,
               readiness.UncertaintyOptions(draws=20, seed=1), regions=ds.regions)
    return {c for c, q, n in zip(u.regions, u.q05_rank, u.n_ranked, strict=True) if not np.isnan(q) and n > 0}


def _group_counts(ds, spec) -> set[str]:
    """Group means count exactly the ranked regions of their groups (the study groups; every group when all are
    ranked): the counts, and the members named."""
    res = _score(ds, spec)
    groups = {c: g for c, g in ds.region_groups().items() if c in res.regions
              and (spec.rank_among == "all" or c in spec.study)}
    counts = group_counts(res, groups)
    ranked = {c for c in groups if not pd.isna(res.rank_of(c))}
    assert int(counts["n"].sum()) == len(ranked)
    return ranked


ENTRY_POINTS: dict[str, Callable] = {
    "score_years": lambda ds, spec, d, tmp: _ranked(
        *(lambda r: (r.regions, r.ranks[:, -1]))(_quiet(readiness.score_years, ds.framework, ds.observations, spec,
                                                         years=[YEAR], regions=ds.regions)[YEAR])),
    "like_for_like (full result)": lambda ds, spec, d, tmp: _ranked(
        *(lambda r: (r.regions, r.ranks[:, -1]))(_quiet(like_for_like, ds.framework, ds.observations, spec,
                                                         list(ds.scored_regions()["code"]),
                                                         ds.method_periods).full)),
    "scenario (no change)": lambda ds, spec, d, tmp: _ranked(
        *(lambda r: (r.regions, r.ranks[:, -1]))(_quiet(score_scenario, ds.framework, ds.observations, spec,
                                                         Scenario.of("none", "64.71", {}), regions=ds.regions))),
    "uncertainty (rank intervals)": lambda ds, spec, d, tmp: _uncertainty(ds, spec),
    "leave-one-out": lambda ds, spec, d, tmp: _ranked(
        *(lambda lo: (lo.regions, lo.nominal_rank))(_quiet(readiness.leave_one_out, ds.framework, ds.observations,
                                                           spec, regions=ds.regions))),
    "target planner": lambda ds, spec, d, tmp: _plans(ds, spec),
    "group means": lambda ds, spec, d, tmp: _group_counts(ds, spec),
    "deck and PDF (briefing facts)": lambda ds, spec, d, tmp: _briefings(ds, spec),
    "CLI score": lambda ds, spec, d, tmp: _cli_ranked(ds, spec, d, "score", tmp),
    "CLI uncertainty": lambda ds, spec, d, tmp: _cli_ranked(ds, spec, d, "uncertainty", tmp),
}


@pytest.mark.parametrize("name", list(ENTRY_POINTS))
def test_every_entry_point_ranks_exactly_the_regions_score_ranks(name, ds, spec, data_dir, tmp_path):
    res = _score(ds, spec)
    expected = _ranked(res.regions, res.ranks[:, -1])
    assert expected, "the fixture must rank someone"
    assert "32.75" not in expected  # Bekasi lacks SPBE: no core index
    assert (BENCHMARK in expected) == (spec.rank_among == "all")
    assert ENTRY_POINTS[name](ds, spec, data_dir, tmp_path) == expected


def test_the_map_colours_exactly_the_regions_with_an_index(ds, spec):
    res = _score(ds, spec)
    coloured = set(score_values(res, ds, ds.framework.root)["code"])
    assert coloured == {c for c in res.regions if not pd.isna(res.score_of(c))}
    assert _ranked(res.regions, res.ranks[:, -1]) <= coloured  # a benchmark is coloured (scored) whether ranked or not


def test_the_biggest_improver_is_chosen_among_regions_ranked_in_both_years(ds, spec):
    """The constant-basis change exists only for regions that meet the rule in both years."""
    before = _quiet(readiness.score, ds.framework, ds.observations, spec.but(year=YEAR - 1), regions=ds.regions)
    after = _score(ds, spec)
    changes = _quiet(change_on_constant_basis, ds.framework, ds.observations, spec, YEAR - 1, YEAR,
                     list(after.regions), ds.method_periods)
    comparable = set(changes.loc[changes["comparable"], "region_code"])
    both = {c for c in after.regions if not pd.isna(after.score_of(c)) and not pd.isna(before.score_of(c))}
    assert comparable and comparable <= both


def test_the_ranking_says_what_a_region_without_an_index_lacks(ds, spec):
    """Full chart: "no index: no SPBE index"; compact (the first screen's half column): "no index"; the profile's
    and the briefing's sentence name the window."""
    from readiness.display import board, charts, tables

    res = _score(ds, spec)
    table = tables.ranking_table(res, ds)
    for compact, label in ((False, "no index: no SPBE index"), (True, "no index")):
        fig = charts.build_ranking(table, ds.framework, "en", compact=compact)
        texts = dict(zip(fig.data[-1].y, fig.data[-1].text, strict=True))
        assert texts["Bekasi"] == label
    assert board.missing_core_text(res, "32.75", "id") == "tidak ada Indeks SPBE (2021–2024)"
    assert board.index_text(res, "32.75", "en") == "no index: no SPBE index (2021–2024)"
    assert board.missing_core_text(res, "64.71", "en") is None  # it has an index
