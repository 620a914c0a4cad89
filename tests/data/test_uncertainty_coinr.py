"""COINr parity of readiness.analysis.uncertainty: replaying COINr's own uncertainty draws on its ASEM example
(../shared/reference/coinr-asem/asem_ua_N{100,1000}_*) gives COINr's index scores and rank statistics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import readiness
from readiness.analysis.uncertainty import DrawPlan, UncertaintyOptions, uncertainty

pytestmark = pytest.mark.golden


def _coinr_dir() -> Path:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "reference" / "coinr-asem"
        if candidate.exists():
            return candidate
    pytest.skip("COINr golden files (shared/reference/coinr-asem) not found")


@pytest.fixture(scope="module")
def asem():
    folder = _coinr_dir()
    meta = pd.read_csv(folder / "asem_meta.csv")
    table = pd.DataFrame({
        "id": meta["iCode"], "parent": meta["Parent"].fillna(""), "weight": meta["Weight"].astype(str),
        "direction": np.where(meta["Type"] == "Indicator", meta["Direction"].astype(str), ""),
    })
    fw = readiness.framework_from_frame(table, source="asem_meta.csv")
    raw = pd.read_csv(folder / "asem_raw.csv").set_index("uCode")
    obs = raw.reset_index().melt(id_vars="uCode", var_name="indicator", value_name="value").dropna()
    obs = obs.rename(columns={"uCode": "region_code"}).assign(year=2018)
    return folder, fw, obs


@pytest.mark.parametrize("n", [100, 1000])
def test_replayed_coinr_draws_give_coinr_scores_and_rank_statistics(asem, n):
    folder, fw, obs = asem
    params = pd.read_csv(folder / f"asem_ua_N{n}_params.csv")
    scores = pd.read_csv(folder / f"asem_ua_N{n}_scores.csv").set_index("uCode")
    stats = pd.read_csv(folder / f"asem_ua_N{n}_rankstats.csv").set_index("uCode")
    base = DrawPlan.nominal(fw, n)
    weights = np.array(base.weights)
    for col in params.columns:
        if col.startswith("w_"):
            weights[:, fw.node_ids.index(col[2:])] = params[col].to_numpy()
    aggregate = (params["Aggregation"] == "a_gmean").to_numpy().astype(int)
    plan = DrawPlan(weights, base.normalise, aggregate, base.impute, base.left_out)
    spec = readiness.ScoringSpec(year=2018, window=0, normalise="minmax", range=(1, 100))
    u = uncertainty(fw, obs, spec, UncertaintyOptions(seed=None), plan=plan)
    assert list(u.regions) == list(scores.index)
    np.testing.assert_allclose(u.nominal_score, scores["Nominal"], rtol=1e-10)
    np.testing.assert_allclose(u.scores.T, scores[[f"r_{k}" for k in range(1, n + 1)]], rtol=1e-9)
    frame = u.to_frame().set_index("region_code").loc[stats.index]
    np.testing.assert_array_equal(frame["nominal_rank"].astype(float), stats["Nominal"])
    np.testing.assert_allclose(frame["mean_rank"], stats["Mean"], rtol=1e-12)
    np.testing.assert_allclose(frame["median_rank"], stats["Median"], rtol=1e-12)
    np.testing.assert_allclose(frame["q05_rank"], stats["Q5"], rtol=1e-12)
    np.testing.assert_allclose(frame["q95_rank"], stats["Q95"], rtol=1e-12)
