"""Shared fixtures: the COINr ASEM golden files as this project's framework and observations."""

from __future__ import annotations

import warnings

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


@pytest.fixture(scope="session")
def ds() -> readiness.Dataset:
    """The bundled dataset."""
    return readiness.load_dataset()


def _bundled_scores(dataset: readiness.Dataset, year: int) -> readiness.Result:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return readiness.score(dataset.framework, dataset.observations, regions=dataset.regions, year=year,
                               window=3, normalise="goalposts")


@pytest.fixture(scope="session")
def res(ds) -> readiness.Result:
    """The bundled data scored as the app does by default: 2024, window 3, goalposts."""
    return _bundled_scores(ds, 2024)


@pytest.fixture(scope="session")
def res_2023(ds) -> readiness.Result:
    """The same for 2023."""
    return _bundled_scores(ds, 2023)
