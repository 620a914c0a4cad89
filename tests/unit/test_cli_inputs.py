"""What the scoring commands read (issue 19, item 4), on the hand-made mini dataset: ``--data DIR`` goes through
:func:`readiness.load_dataset` (derived indicators included) with the dashboard's default year; single files are an
explicit alternative, refused together with ``--data``, and need ``--events`` where the framework derives
indicators."""

from __future__ import annotations

import warnings
from io import StringIO

import numpy as np
import pandas as pd
import pytest
from cli_run import run_cli as run
from conftest import MINI

import readiness
from readiness.analysis.compare import default_year_of

FILES = ("--framework", str(MINI / "framework.yaml"), "--observations", str(MINI / "observations.csv"),
         "--regions", str(MINI / "regions.csv"))


def _api(year: int | None = None) -> readiness.Result:
    ds = readiness.load_dataset(MINI)
    spec = readiness.ScoringSpec()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        year = year if year is not None else default_year_of(ds, spec)
        return readiness.score(ds.framework, ds.observations, spec.but(year=year), regions=ds.regions)


def _table(text: str) -> pd.DataFrame:
    return pd.read_csv(StringIO(text), dtype={"region_code": str}).set_index(["region_code", "node"])


def test_data_dir_scores_what_the_python_api_scores_with_the_default_year():
    ran = run("score", "--data", str(MINI))
    assert ran.returncode == 0, ran.stderr
    res = _api()
    assert f"note: no year given: scored {res.year}, the default year (the dashboard's)" in ran.stderr
    got = _table(ran.stdout)
    want = res.to_frame().set_index(["region_code", "node"])
    assert got.index.equals(want.index)
    np.testing.assert_allclose(got["score"].to_numpy(float), want["score"].to_numpy(float), rtol=1e-9)
    assert got["rank"].fillna(0).astype(int).tolist() == want["rank"].fillna(0).astype(int).tolist()
    # the derived indicator (from events.csv) is scored: Balikpapan's MPP opened in 2021
    assert not np.isnan(got.loc[("64.71", "mpp_years"), "score"])


def test_files_with_events_give_the_folders_numbers():
    folder = run("score", "--data", str(MINI), "--year", "2024")
    files = run("score", *FILES, "--events", str(MINI / "events.csv"), "--year", "2024")
    assert folder.returncode == files.returncode == 0, files.stderr
    assert files.stdout == folder.stdout


def test_files_without_events_are_refused_when_the_framework_derives_indicators(tmp_path):
    out = tmp_path / "out.csv"
    ran = run("score", *FILES, "--out", str(out))
    assert ran.returncode == 2
    assert ("error: framework.yaml derives asn_abroad, mpp_years from events (derive rules): give the events file "
            "with --events, or score the dataset folder with --data DIR") in ran.stderr
    assert not out.exists()


@pytest.mark.parametrize("command", [("score",), ("uncertainty", "--draws", "5"),
                                     ("target", "--region", "64.71", "--goal", "score:90")])
def test_data_and_files_together_are_refused(command, tmp_path):
    out = tmp_path / "out.csv"
    ran = run(*command, "--data", str(MINI), "--observations", str(MINI / "observations.csv"), "--out", str(out))
    assert ran.returncode == 2
    assert "error: --data and --observations are alternatives: give a dataset folder with --data, or the files" \
        in ran.stderr
    assert not out.exists()


def test_file_mode_needs_framework_and_observations():
    ran = run("score", "--regions", str(MINI / "regions.csv"))
    assert ran.returncode == 2
    assert "error: --framework and --observations missing: file mode needs --framework and --observations" \
        in ran.stderr


def test_uncertainty_and_target_read_the_folder_with_the_default_year(tmp_path):
    res = _api()
    out = tmp_path / "u.csv"
    ran = run("uncertainty", "--data", str(MINI), "--draws", "20", "--out", str(out))
    assert ran.returncode == 0, ran.stderr
    assert f"year {res.year}" in ran.stderr
    table = pd.read_csv(out, dtype={"region_code": str}).set_index("region_code")
    index = res.framework.root
    ranked = {r for r in res.regions if not np.isnan(res.score_of(r, index))}
    assert set(table.index[table["nominal_rank"].notna()]) == ranked
    for region in ranked:
        assert table.loc[region, "nominal_score"] == pytest.approx(res.score_of(region, index))
    plan = run("target", "--data", str(MINI), "--region", "64.72", "--goal", "score:99")
    assert plan.returncode == 0, plan.stderr
    assert f"score {res.score_of('64.72', index):.4g} ->" in plan.stderr


def test_compare_and_brief_take_the_same_data_option():
    for command in ("compare", "brief"):
        ran = run(command, "--help")
        assert "--data DIR" in ran.stdout and "the bundled data, the dashboard's" in " ".join(ran.stdout.split())
