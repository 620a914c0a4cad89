"""Data-test fixtures: the bundled dataset, scored as the app does by default."""

from __future__ import annotations

import warnings

import pytest

import readiness


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
