"""The common core of the ranked index (issue 19, item 1) on the bundled data: the published screen, re-run on
``data/``, agrees with the core ``data/framework.yaml`` declares; the core index ranks exactly the regions that
have every core indicator in the majority method period."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import readiness
from readiness.analysis.screen import screen, study_regions


@pytest.fixture(scope="module")
def table(ds):
    study = study_regions(ds.regions, ds.headline_groups())
    year = max(ds.years_with_data())
    return screen(ds.framework, ds.observations, study, year=year, window=readiness.ScoringSpec().window)


def test_the_declared_core_is_what_the_screen_passes(table):
    passing = set(table.loc[table["passes"], "indicator"])
    declared = set(table.loc[table["declared_core"], "indicator"])
    assert declared - passing == set(), f"declared core no longer passes the screen: {declared - passing}"
    assert passing - declared == set(), f"indicators now pass the screen but are not declared core: " \
                                        f"{passing - declared}"


def test_the_core_is_spbe_and_the_ombudsman_and_mpp_is_out_while_near_constant(ds, table):
    assert ds.framework.core == ("spbe_index", "ombudsman_compliance_score")
    mpp = table.set_index("indicator").loc["mpp_in_operation"]
    assert mpp["constant"] and not mpp["passes"] and mpp["fails"] == "constant"
    every_rationale = [ds.framework.nodes[i].core_rationale for i in ds.framework.core]
    assert all(every_rationale)


def test_the_core_index_ranks_only_regions_with_every_core_indicator(ds):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        res = readiness.score(ds.framework, ds.observations, readiness.ScoringSpec(year=2025), regions=ds.regions)
    cols = [ds.framework.indicators.index(i) for i in ds.framework.core]
    has_all = ~np.isnan(res.raw[:, cols]).any(axis=1)
    assert np.array_equal(has_all, ~np.isnan(res.values[:, -1]))
    depok = res.regions.index("32.76")  # its 2025 Ombudsman is in the new method: its 2024 value is taken instead
    j = ds.framework.indicators.index("ombudsman_compliance_score")
    assert res.year_used[depok, j] == 2024 and res.raw[depok, j] == pytest.approx(94.70)
    assert not res.meets_rule("64.74")  # Bontang: no SPBE within the window
