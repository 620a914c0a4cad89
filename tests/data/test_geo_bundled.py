"""Straight-line distances between the bundled regions are plausible."""

from __future__ import annotations

import numpy as np
import pytest

from readiness.geo.places import distances


def test_bundled_distances_are_plausible(ds):
    d = distances(ds.regions).set_index("code")
    assert d.loc["ref.ikn", "km_to_ikn"] == 0
    assert d.loc["ref.ikn", "km_to_jakarta"] == pytest.approx(1238, abs=15)  # Jakarta-Nusantara ~1,200 km
    assert d.loc["64.71", "km_to_ikn"] < 89.3  # straight line shorter than the sourced "sekitar 89,3 km" by road
    assert d.loc["32.76", "km_to_jakarta"] == pytest.approx(24, abs=3)  # Depok-Monas
    assert np.isnan(d.loc["35.78", "km_to_ikn"])  # no coordinates, no distance
