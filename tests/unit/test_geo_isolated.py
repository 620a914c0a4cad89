"""Boundary uploads read in a limited child process; only the checked, simplified shapes come back (issue 23)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Polygon

from readiness.errors import DataError
from readiness.geo import isolated
from readiness.geo import places as geo

REGIONS = pd.DataFrame({"code": ["64.71", "64.72", "99.99"], "kind": ["kota", "kota", "reference"]})


def upload(codes: tuple[str, ...] = ("ID6471", "ID1101"), n_vertices: int = 6) -> bytes:
    """A hand-made GeoJSON: one square-ish polygon per code."""
    shapes = []
    for k, _ in enumerate(codes):
        ring = [(116 + k + i / n_vertices, (i % 2) / 10) for i in range(n_vertices)] + [(117 + k, 1), (116 + k, 1)]
        shapes.append(Polygon(ring))
    return gpd.GeoDataFrame({"kode": list(codes)}, geometry=shapes, crs="EPSG:4326").to_json().encode()


def test_the_child_returns_the_joined_simplified_shapes():
    out = isolated.prepare_upload(upload(), "upload.geojson", REGIONS)
    assert list(out.shapes["code"]) == ["64.71"]
    assert list(out.shapes.columns) == ["code", "geometry"] and out.shapes.crs.to_epsg() == 4326
    assert out.code_column == "kode"
    assert out.unmatched_boundary_codes == ("ID1101",)
    assert out.regions_without_boundary == ("64.72",)
    assert out.size > 0 and out.tolerance == 0.0


def test_the_childs_messages_are_the_in_process_ones():
    data = b'{"type": "FeatureCollection", "features": []}'
    with pytest.raises(DataError) as in_process:
        geo.read_boundaries(data, "upload.geojson")
    with pytest.raises(DataError) as in_child:
        isolated.prepare_upload(data, "upload.geojson", REGIONS)
    assert in_child.value.problems == in_process.value.problems


def test_too_little_memory_is_a_clear_error():
    with pytest.raises(DataError, match=r"upload.geojson: reading it needed more than 64 MB of memory"):
        isolated.prepare_upload(upload(), "upload.geojson", REGIONS, memory_limit=64 * 2**20)


def test_too_little_time_is_a_clear_error():
    with pytest.raises(DataError, match=r"upload.geojson: reading it took more than 0 s"):
        isolated.prepare_upload(upload(), "upload.geojson", REGIONS, time_limit=0.05)


def test_a_file_above_the_limit_never_reaches_a_child(monkeypatch):
    monkeypatch.setattr(isolated, "_run_child", lambda *a: pytest.fail("a child was started"))
    with pytest.raises(DataError, match="MB; the limit is 20 MB"):
        isolated.prepare_upload(b"x" * (geo.UPLOAD_MAX_BYTES + 1), "big.geojson", REGIONS)
