"""One default, one dataset (issue 19, item 4), on the bundled data: ``python -m readiness score`` with no options,
the Python API with the default spec on ``load_dataset()``, and the dashboard's overview give the same index, rank
and year for Balikpapan, Samarinda, Depok and Kota Bekasi (the MPP indicator derived from events.csv included)."""

from __future__ import annotations

import json
import math
import re
import warnings
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import readiness
from readiness.analysis.compare import default_year_of
from readiness.cli.commands import main
from readiness_app import data
from readiness_app.config import settings_file

ROOT = Path(__file__).resolve().parents[2]
REGIONS = {"64.71": "Balikpapan", "64.72": "Samarinda", "32.76": "Depok", "32.75": "Bekasi"}


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9)


@pytest.fixture(scope="module")
def api() -> readiness.Result:
    ds = readiness.load_dataset()
    spec = readiness.ScoringSpec(study=ds.study_regions())  # the dashboard's and the CLI's: ranks among the study
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return readiness.score(ds.framework, ds.observations, spec.but(year=default_year_of(ds, spec)),
                               regions=ds.regions)


@pytest.fixture(scope="module")
def overview(tmp_path_factory):
    """The overview as a new user opens it (a fresh store seeded from data/), and the result its page scored with
    (the same cache, read in this process after the run)."""
    with pytest.MonkeyPatch.context() as mp:
        for key in ("DATABASE_URL", "READINESS_EDITOR_PASSCODE", "READINESS_EDITOR_PASSCODE_HASH",
                    "READINESS_SEED_DIR"):
            mp.delenv(key, raising=False)
        mp.setenv("READINESS_DATA_DIR", str(tmp_path_factory.mktemp("one-default-store")))
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        year = at.selectbox(key="year").value
        cached = data.result(settings_file().default_spec.but(year=int(year),
                                                              study=data.dataset().study_regions()))
        ranking = next(c for c in at.get("plotly_chart") if "Peringkat" in c.proto.spec)
        yield at, year, cached, ranking


def test_cli_api_and_overview_agree(api, overview, capsys):
    assert main(["score"]) == 0
    out = capsys.readouterr()
    table = pd.read_csv(StringIO(out.out), dtype={"region_code": str})
    cli = table[table["node"] == api.framework.root].set_index("region_code")
    at, year, cached, ranking = overview
    cli_year = int(re.search(r"note: no year given: scored (\d{4})", out.err).group(1))
    assert cli_year == api.year == int(year) == cached.year
    assert f"Tahun {year}" in " ".join(c.value for c in at.caption)
    root = api.framework.root
    hover = _hover_texts(ranking)
    for code, name in REGIONS.items():
        score, rank = api.score_of(code, root), api.ranks_frame().loc[code, root]
        assert _same(float(cli.loc[code, "score"]), score), code
        assert _same(cached.score_of(code, root), score), code
        assert (pd.isna(cli.loc[code, "rank"]) and pd.isna(rank)) or int(cli.loc[code, "rank"]) == int(rank)
        shown_rank = cached.ranks_frame().loc[code, root]
        assert (pd.isna(shown_rank) and pd.isna(rank)) or shown_rank == rank
        shown = hover[name]
        if math.isnan(score):
            assert "Peringkat: –<" in shown, (name, shown)  # no index, no rank
        else:
            assert f"Skor: {score:.1f}".replace(".", ",") in shown and f"Peringkat: {int(rank)}<" in shown, shown
    # the derived MPP indicator (from events.csv) is scored by the command line as by the dashboard (without it
    # Balikpapan read 72.97 against the dashboard's 73.6)
    mpp = table[(table["region_code"] == "64.71") & (table["node"] == "mpp_in_operation")]["score"]
    assert _same(float(mpp.iloc[0]), cached.score_of("64.71", "mpp_in_operation"))
    assert not math.isnan(float(mpp.iloc[0]))


def _hover_texts(chart) -> dict[str, str]:
    """Region name -> hover text on the overview's ranking chart (score, rank, coverage, years)."""
    out: dict[str, str] = {}
    for trace in json.loads(chart.proto.spec)["data"]:
        if trace.get("hovertext") and isinstance(trace.get("y"), list):
            out.update(zip(trace["y"], trace["hovertext"], strict=False))
    return out
