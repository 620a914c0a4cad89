"""Issue 19, item 9: an unknown region code in an observations table is an error naming the row on every path that
reads one (checked against the national register, with or without a regions table; reference places ``ref.<name>``
allowed), and the index rule counts pillars: a one-level framework (indicators directly under the index) is scored,
its index held to the pillars' coverage threshold."""

from __future__ import annotations

import io
import shutil
import warnings

import numpy as np
import pandas as pd
import pytest
from cli_run import run_cli as run
from conftest import MINI

import readiness
from readiness.model.schema import SPECS, codes_in_register, validate_table

UNKNOWN = "'64.99' is not a Kemendagri code in the national register"
OBS = "region_code,indicator,year,value,source_id\n64.71,spbe_index,2024,3,src-a\n64.99,spbe_index,2024,2,src-a\n"


@pytest.fixture
def bad_obs(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text(OBS, encoding="utf-8")
    return path


def test_load_observations_names_the_row(bad_obs):
    with pytest.raises(readiness.DataError, match=rf"obs.csv row 3 column 'region_code': {UNKNOWN}"):
        readiness.load_observations(bad_obs)


def test_load_dataset_names_the_row(tmp_path):
    folder = tmp_path / "ds"
    shutil.copytree(MINI, folder)
    with (folder / "observations.csv").open("a", encoding="utf-8") as fh:
        fh.write("64.99,ombudsman_score,2024,70,src-b,,,\n")
    with pytest.raises(readiness.DataError, match=rf"observations.csv row 13 column 'region_code': {UNKNOWN}"):
        readiness.load_dataset(folder)


@pytest.mark.parametrize("with_regions", [False, True])
def test_cli_file_mode_names_the_row(bad_obs, tmp_path, with_regions):
    out = tmp_path / "out.csv"
    extra = ("--regions", str(MINI / "regions.csv")) if with_regions else ()
    ran = run("score", "--framework", str(MINI / "framework.yaml"), "--observations", str(bad_obs), *extra,
              "--events", str(MINI / "events.csv"), "--out", str(out))
    assert ran.returncode == 2
    assert f"error: obs.csv row 3 column 'region_code': {UNKNOWN}" in ran.stderr
    assert not out.exists()


def test_validate_names_the_row(bad_obs):
    ran = run("validate", str(bad_obs))
    assert ran.returncode == 2
    assert f"error: obs.csv row 3 column 'region_code': {UNKNOWN}" in ran.stderr


@pytest.mark.parametrize("table", ["observations", "labels", "undated", "events"])
def test_every_table_of_region_figures_checks_the_register(table):
    assert codes_in_register in SPECS[table].frame_checks


def test_reference_places_are_allowed_as_in_the_regions_table():
    frame = pd.DataFrame({"region_code": ["ref.ikn", "64.71"], "indicator": ["spbe_index"] * 2,
                          "year": ["2024"] * 2, "value": ["3", "2"]})
    typed = validate_table(frame, SPECS["observations"], source="o.csv")
    assert list(typed["region_code"]) == ["ref.ikn", "64.71"]


# --- the index rule on a one-level and a two-level framework, both made here by hand -----------------------------

ONE_LEVEL = """\
id: idx
name_en: Index
children:
  - {id: a, weight: 1, direction: 1, goal_min: 0, goal_max: 100, unit: u, name_en: A}
  - {id: b, weight: 1, direction: 1, goal_min: 0, goal_max: 100, unit: u, name_en: B}
  - {id: c, weight: 2, direction: 1, goal_min: 0, goal_max: 100, unit: u, name_en: C}
"""
TWO_LEVEL = """\
id: idx
name_en: Index
children:
  - id: p
    weight: 1
    name_en: P
    children:
      - {id: a, weight: 1, direction: 1, goal_min: 0, goal_max: 100, unit: u, name_en: A}
      - {id: b, weight: 1, direction: 1, goal_min: 0, goal_max: 100, unit: u, name_en: B}
  - id: q
    weight: 1
    name_en: Q
    children:
      - {id: c, weight: 1, direction: 1, goal_min: 0, goal_max: 100, unit: u, name_en: C}
"""
#: 64.71: a and b (half the one-level weight); 64.72: c alone (half, from one indicator); 32.76: a alone (a quarter);
#: 32.75: everything.
ROWS = [("64.71", "a", 50), ("64.71", "b", 60), ("64.72", "c", 70), ("32.76", "a", 40),
        ("32.75", "a", 10), ("32.75", "b", 20), ("32.75", "c", 30)]


def _score(tmp_path, text: str, **spec) -> readiness.Result:
    path = tmp_path / "fw.yaml"
    path.write_text(text, encoding="utf-8")
    fw = readiness.load_framework(path)
    obs = pd.DataFrame(ROWS, columns=["region_code", "indicator", "value"]).assign(year=2024)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return readiness.score(fw, obs, readiness.ScoringSpec(year=2024, **spec))


def _scored(res: readiness.Result) -> set[str]:
    return {r for r in res.regions if not np.isnan(res.score_of(r, "idx"))}


def test_a_one_level_framework_is_scored_by_the_coverage_threshold(tmp_path):
    res = _score(tmp_path, ONE_LEVEL)
    # coverage 0.5 (two light indicators, or one heavy one) meets the threshold 0.5; 0.25 does not
    assert _scored(res) == {"64.71", "64.72", "32.75"}
    assert res.score_of("64.72", "idx") == pytest.approx(70)
    assert res.score_of("64.71", "idx") == pytest.approx(55)
    # the pillar count does not apply (there are no pillars); the coverage threshold does
    assert _scored(_score(tmp_path, ONE_LEVEL, index_min_pillars=5)) == {"64.71", "64.72", "32.75"}
    assert _scored(_score(tmp_path, ONE_LEVEL, pillar_min_coverage=0.75)) == {"32.75"}
    assert _scored(_score(tmp_path, ONE_LEVEL, pillar_min_coverage=0, index_min_pillars=0)) == \
        {"64.71", "64.72", "32.76", "32.75"}


def test_a_two_level_framework_needs_its_pillars(tmp_path):
    res = _score(tmp_path, TWO_LEVEL)
    # two pillars needed: 64.71 (P only) and 64.72 (Q only) have one; 32.76's P has half its weight
    assert _scored(res) == {"32.75"}
    assert res.insufficient[res.regions.index("64.71"), res.framework.node_ids.index("idx")]
    assert _scored(_score(tmp_path, TWO_LEVEL, index_min_pillars=1)) == {"64.71", "64.72", "32.76", "32.75"}


def test_the_command_line_scores_a_one_level_framework(tmp_path):
    (tmp_path / "fw.yaml").write_text(ONE_LEVEL, encoding="utf-8")
    lines = ["region_code,indicator,year,value", *(f"{r},{i},2024,{v}" for r, i, v in ROWS)]
    (tmp_path / "obs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ran = run("score", "--framework", str(tmp_path / "fw.yaml"), "--observations", str(tmp_path / "obs.csv"))
    assert ran.returncode == 0, ran.stderr
    table = pd.read_csv(io.StringIO(ran.stdout), dtype={"region_code": str})
    index = table[table["node"] == "idx"].set_index("region_code")
    assert index["rank"].notna().sum() == 3 and pd.isna(index.loc["32.76", "score"])
