"""Unit-test fixtures: the COINr ASEM golden files as this project's framework, and the hand-made mini dataset.
Unit tests never read the bundled ``data/`` (an autouse guard fails them if they do)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from coinr_golden import coinr_table, need_coinr

import readiness


@pytest.fixture(scope="session")
def asem_framework() -> readiness.Framework:
    """asem_meta.csv as a framework table: iCode -> id, Parent -> parent, aggregates without direction."""
    meta = pd.read_csv(need_coinr() / "asem_meta.csv")
    table = pd.DataFrame(
        {
            "id": meta["iCode"],
            "parent": meta["Parent"].fillna(""),
            "weight": meta["Weight"].astype(str),
            "direction": np.where(meta["Type"] == "Indicator", meta["Direction"].astype(str), ""),
            "name_en": meta["iName"],
        }
    )
    return readiness.framework_from_frame(table, source="asem_meta.csv")


@pytest.fixture(scope="session")
def asem_raw() -> pd.DataFrame:
    return coinr_table("asem_raw.csv")


MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


@pytest.fixture(scope="session")
def mini() -> readiness.Dataset:
    """The hand-made fixture dataset (tests/fixtures/mini): 5 regions, 2 pillars, 5 indicators, 2022-2024."""
    return readiness.load_dataset(MINI)


def _score(dataset: readiness.Dataset, year: int, **options) -> readiness.Result:
    # The display tests check table and chart mechanics on every region's number, so the fixture is scored with
    # the data-sufficiency rule switched off; the rule has its own tests (test_sufficiency_rule.py, mini_rule_res).
    options = {"pillar_min_coverage": 0, "index_min_pillars": 0, **options}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return readiness.score(dataset.framework, dataset.observations, regions=dataset.regions, year=year,
                               window=3, normalise="goalposts", **options)


@pytest.fixture(scope="session")
def mini_res(mini) -> readiness.Result:
    """The fixture scored as the app does by default: 2024, window 3, goalposts."""
    return _score(mini, 2024)


@pytest.fixture(scope="session")
def mini_rule_res(mini) -> readiness.Result:
    """The fixture scored with the default data-sufficiency rule (as the app does): 2024, window 3, goalposts."""
    return _score(mini, 2024, pillar_min_coverage=0.5, index_min_pillars=2)


@pytest.fixture(scope="session")
def mini_res_2023(mini) -> readiness.Result:
    """The same for 2023."""
    return _score(mini, 2023)


@pytest.fixture(autouse=True)
def _unit_tests_never_read_bundled_data(monkeypatch):
    """Unit tests run on hand-made fixtures only: loading the bundled data/ here is an error.

    The guard sits on the loader's own look-up of the framework file (a module global, read at call time), not on
    ``load_dataset`` itself: a module that imported ``load_dataset`` by name during a unit test would otherwise keep
    the guard after the test and fail a later test of another tier."""
    real = readiness.model.datasets.framework_path

    def guarded(directory):
        if Path(directory).resolve() == readiness.DATA_DIR.resolve():
            raise AssertionError("a unit test read the bundled data/; use the fixtures (tests/fixtures) instead")
        return real(directory)

    monkeypatch.setattr(readiness.model.datasets, "framework_path", guarded)
