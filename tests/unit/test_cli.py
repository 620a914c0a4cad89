"""Command line: scoring output, --help, and bad input (exit 2, a clear message, no file written).

The commands run in this process (``cli_run.run_cli``); the last tests start real processes, to prove that
``python -m readiness`` and the ``readiness`` entry point work.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from cli_run import run_cli as run

import readiness
from readiness.cli.commands import main

FRAMEWORK = """\
id,parent,weight,direction,goal_min,goal_max,unit,name_id,name_en
index,,,,,,,Indeks,Index
digital,index,1,,,,,Digitalisasi,Digitalisation
service,index,1,,,,,Layanan,Service
spbe,digital,1,1,0,5,index,SPBE,SPBE
omb,service,1,1,0,100,score,Ombudsman,Ombudsman
"""
OBS = """\
region_code,indicator,year,value,source_id
64.71,spbe,2022,3.05,s1
64.71,omb,2022,87.12,s2
32.76,spbe,2022,3.42,s3
32.76,omb,2022,94.74,s4
32.75,omb,2022,83.18,s5
"""
REGIONS = """\
code,name,kind,province,group,lat,lon
64.71,Kota Balikpapan,kota,Kalimantan Timur,ikn_buffer,-1.27,116.83
32.76,Kota Depok,kota,Jawa Barat,jakarta_buffer,-6.39,106.82
32.75,Kota Bekasi,kota,Jawa Barat,jakarta_buffer,-6.24,106.99
ref.ikn,IKN core,reference,Kalimantan Timur,reference,-0.96,116.69
"""


@pytest.fixture
def files(tmp_path):
    out = {}
    for name, text in (("framework.csv", FRAMEWORK), ("observations.csv", OBS), ("regions.csv", REGIONS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        out[name.split(".")[0]] = tmp_path / name
    return out


ROOT = Path(__file__).resolve().parents[2]


def test_help_documents_every_option():
    proc = run("score", "--help")
    assert proc.returncode == 0
    for option in ("--framework", "--observations", "--regions", "--year", "--normalise", "--range",
                   "--zscore-mean", "--zscore-sd", "--aggregate", "--impute", "--min-coverage", "--out", "--format",
                   "minmax", "goalposts", "zscore", "rank", "target", "geometric", "group-mean", "carry-forward"):
        assert option in proc.stdout, option


def test_score_writes_long_table(files, tmp_path):
    out = tmp_path / "scores.csv"
    code = main(["score", "--framework", str(files["framework"]), "--observations", str(files["observations"]),
                 "--regions", str(files["regions"]), "--normalise", "goalposts", "--out", str(out)])
    assert code == 0
    table = pd.read_csv(out, dtype={"region_code": str})
    assert list(table.columns) == ["region_code", "node", "score", "rank", "coverage"]
    assert len(table) == 3 * 5  # 3 scored regions (reference skipped) x 5 nodes
    depok = table.query("region_code == '32.76' and node == 'index'").iloc[0]
    assert depok["score"] == pytest.approx((3.42 / 5 * 100 + 94.74) / 2)
    bekasi = table.query("region_code == '32.75' and node == 'spbe'").iloc[0]
    assert pd.isna(bekasi["score"]) and pd.isna(bekasi["rank"]) and bekasi["coverage"] == 0
    # Bekasi has one pillar of two (Ombudsman alone, 83.18 > Depok's 81.57): below the default sufficiency rule
    # (two pillars) it has no index and no rank, only its coverage, and can no longer top the ranking
    bekasi_index = table.query("region_code == '32.75' and node == 'index'").iloc[0]
    assert pd.isna(bekasi_index["score"]) and pd.isna(bekasi_index["rank"])
    assert bekasi_index["coverage"] == pytest.approx(0.5)
    assert depok["rank"] == 1


def test_sufficiency_options_switch_the_rule(files, tmp_path):
    out = tmp_path / "scores.csv"
    code = main(["score", "--framework", str(files["framework"]), "--observations", str(files["observations"]),
                 "--regions", str(files["regions"]), "--normalise", "goalposts", "--index-min-pillars", "1",
                 "--out", str(out)])
    assert code == 0
    table = pd.read_csv(out, dtype={"region_code": str})
    bekasi_index = table.query("region_code == '32.75' and node == 'index'").iloc[0]
    assert bekasi_index["score"] == pytest.approx(83.18) and bekasi_index["rank"] == 1


def test_min_coverage_leaves_thin_scores_unranked(files, tmp_path):
    out = tmp_path / "scores.csv"
    assert main(["score", "--framework", str(files["framework"]), "--observations", str(files["observations"]),
                 "--normalise", "goalposts", "--min-coverage", "0.6", "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype={"region_code": str}).query("node == 'index'").set_index("region_code")
    assert pd.isna(table.loc["32.75", "score"]) and pd.isna(table.loc["32.75", "rank"])
    assert table.loc["32.76", "rank"] == 1


def test_score_same_as_python_api(files, tmp_path):
    out = tmp_path / "scores.json"
    assert main(["score", "--framework", str(files["framework"]), "--observations", str(files["observations"]),
                 "--format", "json", "--out", str(out), "--aggregate", "geometric", "--range", "1", "100"]) == 0
    rows = json.loads(out.read_text())
    fw = readiness.load_framework(files["framework"])
    res = readiness.score(fw, readiness.load_observations(files["observations"]), aggregate="geometric",
                          range=(1, 100)).to_frame()
    assert len(rows) == len(res)
    got = {(r["region_code"], r["node"]): r["score"] for r in rows}
    for row in res.itertuples():
        if pd.notna(row.score):
            assert got[(row.region_code, row.node)] == pytest.approx(row.score, rel=1e-9)


def test_stdout_when_no_out(files):
    proc = run("score", "--framework", str(files["framework"]), "--observations", str(files["observations"]))
    assert proc.returncode == 0
    assert proc.stdout.startswith("region_code,node,score,rank,coverage\n")


def test_bad_observations_exit_2_no_file(files, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(OBS + "64.72,spbe,twenty,3.1,s9\n6472,omb,2022,80,s9\n", encoding="utf-8")
    out = tmp_path / "scores.csv"
    proc = run("score", "--framework", str(files["framework"]), "--observations", str(bad), "--out", str(out))
    assert proc.returncode == 2
    assert "bad.csv row 7 column 'year': must be a whole number, got 'twenty'" in proc.stderr
    assert "bad.csv row 8 column 'region_code': must be a Kemendagri code: 64, 64.71, 64.71.01 or 64.71.01.1001 (or ref.<name> for a reference place), got '6472'" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()
    assert list(tmp_path.glob(".scores.csv*")) == []


def test_bad_framework_exit_2(files, tmp_path):
    fw = tmp_path / "fw.csv"
    fw.write_text(FRAMEWORK.replace("spbe,digital,1,1", "spbe,digital,-1,1"), encoding="utf-8")
    out = tmp_path / "scores.csv"
    proc = run("score", "--framework", str(fw), "--observations", str(files["observations"]), "--out", str(out))
    assert proc.returncode == 2
    assert "fw.csv row 5 (node 'spbe'): weight must be >= 0, got -1" in proc.stderr
    assert not out.exists()


def test_scoring_error_exit_2_existing_file_kept(files, tmp_path):
    out = tmp_path / "scores.csv"
    out.write_text("previous results\n")
    proc = run("score", "--framework", str(files["framework"]), "--observations", str(files["observations"]),
               "--normalise", "minmax", "--aggregate", "geometric", "--out", str(out))
    assert proc.returncode == 2
    assert "geometric mean needs values > 0" in proc.stderr
    assert out.read_text() == "previous results\n"


def test_unknown_year_and_missing_file(files, tmp_path):
    proc = run("score", "--framework", str(files["framework"]), "--observations", str(files["observations"]),
               "--year", "2030")
    assert proc.returncode == 2 and "no observations for year 2030" in proc.stderr
    proc = run("score", "--framework", str(tmp_path / "none.yaml"), "--observations", str(files["observations"]))
    assert proc.returncode == 2 and "file not found" in proc.stderr


def test_unknown_region_code_in_observations(files, tmp_path):
    obs = tmp_path / "obs.csv"
    obs.write_text(OBS + "64.72,spbe,2022,3.1,s9\n", encoding="utf-8")
    proc = run("score", "--framework", str(files["framework"]), "--observations", str(obs),
               "--regions", str(files["regions"]))
    assert proc.returncode == 2
    assert "obs.csv row 7 column 'region_code': unknown region code (not in the regions table) '64.72'" in proc.stderr


def test_validate(files, tmp_path):
    proc = run("validate", str(files["framework"]), str(files["observations"]), str(files["regions"]))
    assert proc.returncode == 0, proc.stderr
    assert "ok: observations.csv (observations, 5 rows)" in proc.stdout
    bad = tmp_path / "regions.csv"
    bad.write_text(textwrap.dedent(REGIONS).replace("-1.27,116.83", "-91.27,116.83"), encoding="utf-8")
    proc = run("validate", str(bad))
    assert proc.returncode == 2
    assert "regions.csv row 2 column 'lat': latitude -91.27 is outside Indonesia" in proc.stderr


def test_boundaries_help_and_offline_fetch(tmp_path):
    proc = run("boundaries", "fetch", "--help")
    assert proc.returncode == 0 and "--url" in proc.stdout and "--code-column" in proc.stdout
    out = tmp_path / "b.geojson"
    proc = run("boundaries", "fetch", "--url", "http://127.0.0.1:9/none.geojson", "--out", str(out), "--timeout", "2")
    assert proc.returncode == 2 and "Are you offline?" in proc.stderr and not out.exists()


def test_boundaries_check(tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point

    path = tmp_path / "synthetic.geojson"  # SYNTHETIC shapes, for the test only
    gpd.GeoDataFrame({"kode": ["64.71", "99.01"]}, geometry=[Point(116.8, -1.2).buffer(0.1), Point(120, 0).buffer(0.1)],
                     crs="EPSG:4326").to_file(path, driver="GeoJSON")
    proc = run("boundaries", "check", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "code column: kode; matched regions: 1" in proc.stdout
    assert "boundary codes matching no region: 1 (e.g. 99.01)" in proc.stdout


# -----------------------------------------------------------------------------------------------------------------
# Real processes: the module and the console script start, pass the exit status on and never show a traceback


def process(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_python_m_readiness_writes_to_stdout(files):
    proc = process(sys.executable, "-m", "readiness", "score", "--framework", str(files["framework"]),
                   "--observations", str(files["observations"]))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("region_code,node,score,rank,coverage\n")


def test_python_m_readiness_exits_2_on_bad_input_without_a_traceback(files, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(OBS + "64.72,spbe,twenty,3.1,s9\n", encoding="utf-8")
    out = tmp_path / "scores.csv"
    proc = process(sys.executable, "-m", "readiness", "score", "--framework", str(files["framework"]),
                   "--observations", str(bad), "--out", str(out))
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()  # one line, the problem's: no traceback, nothing else
    assert len(lines) == 1 and lines[0].startswith("error: bad.csv row 7 column 'year': must be a whole number")
    assert not out.exists()


def test_the_readiness_entry_point(files):
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"readiness": "readiness.cli.commands:main"}
    script = shutil.which("readiness", path=str(Path(sys.executable).parent))
    assert script, "no `readiness` script beside this Python: install the project (pip install -e .[dev])"
    proc = process(script, "validate", str(files["framework"]), str(files["observations"]))
    assert proc.returncode == 0, proc.stderr
    assert "ok: observations.csv (observations, 5 rows)" in proc.stdout
    proc = process(script, "validate", str(ROOT / "no-such-file.csv"))
    assert proc.returncode == 2 and "file not found" in proc.stderr
