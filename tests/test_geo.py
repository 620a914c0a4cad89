"""Geodesic distances against known values."""

from __future__ import annotations

import numpy as np
import pytest

import readiness
from readiness.geo import distances, geodesic_km


def test_known_distances():
    # one degree of longitude on the equator: 111.32 km on WGS84
    assert geodesic_km(np.array([0.0]), np.array([100.0]), 0.0, 101.0)[0] == pytest.approx(111.32, abs=0.1)
    # one degree of latitude near the equator: 110.57 km
    assert geodesic_km(np.array([0.0]), np.array([100.0]), 1.0, 100.0)[0] == pytest.approx(110.57, abs=0.1)


def test_bundled_distances_are_plausible():
    d = distances(readiness.load_dataset().regions).set_index("code")
    assert d.loc["ref.ikn", "km_to_ikn"] == 0
    assert d.loc["ref.ikn", "km_to_jakarta"] == pytest.approx(1238, abs=15)  # Jakarta-Nusantara ~1,200 km
    assert d.loc["64.71", "km_to_ikn"] < 89.3  # straight line shorter than the sourced "sekitar 89,3 km" by road
    assert d.loc["32.76", "km_to_jakarta"] == pytest.approx(24, abs=3)  # Depok-Monas
    assert np.isnan(d.loc["35.78", "km_to_ikn"])  # no coordinates, no distance
