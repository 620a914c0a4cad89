"""Command line ``uncertainty`` and ``target``: outputs, and bad input (exit 2, a clear message, nothing written)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from readiness.cli.commands import main

# Hand-made, not real data.
FRAMEWORK = """\
id,parent,weight,direction,goal_min,goal_max,unit,name_id,name_en
index,,,,,,,Indeks,Index
digital,index,1,,,,,Digitalisasi,Digitalisation
service,index,1,,,,,Layanan,Service
spbe,digital,2,1,0,5,index,SPBE,SPBE
ikd,digital,1,1,0,100,%,IKD,IKD
omb,service,1,1,0,100,score,Ombudsman,Ombudsman
ikm,service,1,1,0,100,score,IKM,IKM
"""
VALUES = {
    "64.71": (3.05, 40.0, 87.0, 80.0),
    "64.72": (2.80, 55.0, 75.0, 85.0),
    "32.76": (3.40, 30.0, 95.0, 78.0),
    "32.75": (2.50, 60.0, 70.0, 90.0),
}


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    fw = tmp_path / "framework.csv"
    fw.write_text(FRAMEWORK, encoding="utf-8")
    rows = [f"{code},{ind},2024,{v}" for code, vals in VALUES.items()
            for ind, v in zip(("spbe", "ikd", "omb", "ikm"), vals, strict=True)]
    obs = tmp_path / "observations.csv"
    obs.write_text("region_code,indicator,year,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    bands = tmp_path / "bands.csv"
    bands.write_text("indicator,lower,name\nspbe,0,Kurang\nspbe,1.8,Cukup\nspbe,2.6,Baik\nspbe,3.5,Sangat Baik\n",
                     encoding="utf-8")
    return {"framework": fw, "observations": obs, "bands": bands, "dir": tmp_path}


def _base(files) -> list[str]:
    return ["--framework", str(files["framework"]), "--observations", str(files["observations"])]


def test_uncertainty_writes_statistics_draws_and_leave_one_out(files, capsys):
    out, draws, loo = (files["dir"] / n for n in ("u.csv", "d.csv", "l.csv"))
    code = main(["uncertainty", *_base(files), "--draws", "50", "--seed", "1", "--leave-one-out",
                 "--out", str(out), "--draws-out", str(draws), "--loo-out", str(loo)])
    assert code == 0
    stats = pd.read_csv(out, dtype={"region_code": str})
    assert list(stats.columns) == ["region_code", "nominal_score", "nominal_rank", "median_rank", "mean_rank",
                                   "q05_rank", "q95_rank", "share_nominal_rank", "share_nominal_band", "n_ranked"]
    assert sorted(stats["region_code"]) == sorted(VALUES)
    assert (stats["q05_rank"] <= stats["q95_rank"]).all()
    audit = pd.read_csv(draws)
    assert len(audit) == 50
    assert set(audit["aggregate"]) == {"arithmetic", "geometric"}
    assert set(pd.read_csv(loo)["indicator"]) == {"spbe", "ikd", "omb", "ikm"}
    assert "50 draws" in capsys.readouterr().err


def test_uncertainty_same_seed_same_file(files):
    a, b = files["dir"] / "a.csv", files["dir"] / "b.csv"
    for path in (a, b):
        assert main(["uncertainty", *_base(files), "--draws", "30", "--seed", "5", "--methods", "minmax",
                     "goalposts", "arithmetic", "--out", str(path)]) == 0
    assert a.read_text() == b.read_text()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--methods", "goalposts", "fancy"], "unknown method(s) fancy"),
        (["--draws", "0"], "draws must be"),
        (["--weights-noise", "2"], "weights_noise must be"),
        (["--normalise", "minmax", "--aggregate", "geometric", "--range", "0", "100"],
         "geometric mean needs values > 0"),
        (["--draws-out", "no/such/folder/d.csv"], "does not exist"),
    ],
)
def test_uncertainty_bad_input_exit_2_nothing_written(files, capsys, extra, message):
    out = files["dir"] / "u.csv"
    assert main(["uncertainty", *_base(files), "--out", str(out), *extra]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_uncertainty_bad_observations_exit_2(files, capsys):
    files["observations"].write_text("region_code,indicator,year,value\nBalikpapan,spbe,2024,3\n", encoding="utf-8")
    out = files["dir"] / "u.csv"
    assert main(["uncertainty", *_base(files), "--out", str(out)]) == 2
    assert "Kemendagri code" in capsys.readouterr().err
    assert not out.exists()


def test_target_writes_the_action_table(files, capsys):
    out = files["dir"] / "t.csv"
    assert main(["target", *_base(files), "--region", "64.71", "--goal", "overtake:32.76", "--bands",
                 str(files["bands"]), "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert len(table) >= 1
    assert (table["target"] <= table["range_hi"]).all()
    err = capsys.readouterr().err
    assert "reached" in err
    assert "NOT reached" not in err


def test_target_band_goal(files):
    out = files["dir"] / "t.csv"
    assert main(["target", *_base(files), "--region", "64.72", "--goal", "band:spbe", "--bands",
                 str(files["bands"]), "--out", str(out)]) == 0
    row = pd.read_csv(out).iloc[0]
    assert (row["indicator"], row["current"], row["target"], row["next_band"]) == ("spbe", 2.8, 3.5, "Sangat Baik")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--region", "64.71", "--goal", "rank:1"], "goal 'rank:1' not understood"),
        (["--region", "99.99", "--goal", "score:50"], "region '99.99' was not scored"),
        (["--region", "64.71", "--goal", "band:spbe"], "no bands given"),
    ],
)
def test_target_bad_input_exit_2(files, capsys, extra, message):
    out = files["dir"] / "t.csv"
    assert main(["target", *_base(files), *extra, "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()
