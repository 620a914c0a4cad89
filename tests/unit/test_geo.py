"""Geodesic distances against known values."""

from __future__ import annotations

import numpy as np
import pytest

import readiness
from readiness.geo.places import geodesic_km


def test_known_distances():
    # one degree of longitude on the equator: 111.32 km on WGS84
    assert geodesic_km(np.array([0.0]), np.array([100.0]), 0.0, 101.0)[0] == pytest.approx(111.32, abs=0.1)
    # one degree of latitude near the equator: 110.57 km
    assert geodesic_km(np.array([0.0]), np.array([100.0]), 1.0, 100.0)[0] == pytest.approx(110.57, abs=0.1)


def test_distances_agree_with_pyproj_to_a_millimetre():
    from pyproj import Geod

    rng = np.random.default_rng(7)  # synthetic points: across Indonesia and a few far away
    lat = np.concatenate([rng.uniform(-11, 6, 300), [0.0, 0.0, -0.9606123, 45.0, -60.0, 89.9]])
    lon = np.concatenate([rng.uniform(95, 141, 300), [116.69, -60.0, 116.6936633, -170.0, 30.0, 10.0]])
    lat0, lon0 = -0.9606123, 116.6936633
    _, _, expected = Geod(ellps="WGS84").inv(lon, lat, np.full(lat.size, lon0), np.full(lat.size, lat0))
    got = geodesic_km(lat, lon, lat0, lon0)
    assert np.abs(got * 1000 - expected).max() < 1e-3
    assert got[-4] == 0.0  # the same point


def test_nearly_antipodal_points_still_get_a_distance():
    from pyproj import Geod

    lat, lon = np.array([0.5, -0.3]), np.array([179.7, -179.8])  # where Vincenty's iteration does not converge
    _, _, expected = Geod(ellps="WGS84").inv(lon, lat, np.zeros(2), np.zeros(2))
    assert np.allclose(geodesic_km(lat, lon, 0.0, 0.0) * 1000, expected, atol=1e-3)
    assert np.isnan(geodesic_km(np.array([np.nan]), np.array([1.0]), 0.0, 0.0)).all()


# --- rings -----------------------------------------------------------------------------------------------------

IKN_LAT, IKN_LON = -0.9606123, 116.6936633


def test_rings_are_polygons_with_area_close_to_pi_r_squared():
    from pyproj import Geod

    rings = readiness.geo.places.rings(IKN_LAT, IKN_LON)
    assert list(rings["radius_km"]) == [50, 100, 150, 200]
    assert rings.crs.to_epsg() == 4326 and (rings.geom_type == "Polygon").all()
    geod = Geod(ellps="WGS84")
    for radius, geom in zip(rings["radius_km"], rings.geometry, strict=True):
        area, _ = geod.geometry_area_perimeter(geom)  # true area on the ellipsoid, m^2
        assert abs(abs(area) / (np.pi * (radius * 1000) ** 2) - 1) < 0.01, radius


def test_ring_edge_is_radius_away_from_centre():
    ring = readiness.geo.places.rings(IKN_LAT, IKN_LON, radii_km=[100]).geometry.iloc[0]
    lon, lat = ring.exterior.coords.xy
    d = geodesic_km(np.array(lat), np.array(lon), IKN_LAT, IKN_LON)
    assert np.allclose(d, 100, atol=1.0)  # within 1 km all round


# --- boundaries ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "code"), [("64.71", "64.71"), ("6471", "64.71"), ("ID6471", "64.71"),
                                           ("IDN6471", "64.71"), ("64.71.00", "64.71"), (6471, "64.71"),
                                           ("Balikpapan", None), ("64", None), (None, None)])
def test_normalise_code(raw, code):
    assert readiness.geo.places.normalise_code(raw) == code


def synthetic_boundaries(tmp_path, codes=("ID6471", "ID6472", "ID9999"), size_deg=0.2, vertices=8):
    """SYNTHETIC test boundaries: squares-ish polygons around city points; not real administrative shapes."""
    import geopandas as gpd
    from shapely.geometry import Point

    centres = {"ID6471": (116.83, -1.28), "ID6472": (117.14, -0.50), "ID9999": (120.0, 0.0), "ID3276": (106.82, -6.39)}
    shapes = [Point(*centres[c]).buffer(size_deg, vertices) for c in codes]
    frame = gpd.GeoDataFrame({"ADM2_PCODE": list(codes), "ADM2_EN": ["synthetic"] * len(codes)}, geometry=shapes,
                             crs="EPSG:4326")
    path = tmp_path / "synthetic_adm2.geojson"
    frame.to_file(path, driver="GeoJSON")
    return path


def test_join_on_codes_reports_unmatched(tmp_path, mini):
    ds = mini
    boundaries = readiness.geo.places.load_boundaries(synthetic_boundaries(tmp_path))
    assert boundaries.attrs["code_column"] == "ADM2_PCODE"  # detected, not named
    joined = readiness.geo.places.join_boundaries(boundaries, ds.regions)
    assert set(joined.shapes["code"]) == {"64.71", "64.72"}
    assert joined.unmatched_boundary_codes == ("ID9999",)
    assert "32.76" in joined.regions_without_boundary and "64.71" not in joined.regions_without_boundary


def test_boundary_file_without_codes_is_refused(tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point

    path = tmp_path / "names_only.geojson"
    gpd.GeoDataFrame({"name": ["Balikpapan"]}, geometry=[Point(116.8, -1.2).buffer(0.1)],
                     crs="EPSG:4326").to_file(path, driver="GeoJSON")
    with pytest.raises(readiness.DataError, match=r"no column holds region codes.*never on names"):
        readiness.geo.places.load_boundaries(path)
    with pytest.raises(readiness.DataError, match="no column 'KODE'"):
        readiness.geo.places.load_boundaries(path, code_column="KODE")


def test_simplify_to_size(tmp_path, mini):
    heavy = readiness.geo.places.load_boundaries(synthetic_boundaries(tmp_path, vertices=4000))
    joined = readiness.geo.places.join_boundaries(heavy, mini.regions)
    before = len(joined.shapes.to_json().encode())
    out, tolerance, size = readiness.geo.places.simplify_to_size(joined.shapes, max_bytes=20_000)
    assert before > 20_000 and size <= 20_000 and tolerance > 0
    assert out.is_valid.all()
    _, tol0, _ = readiness.geo.places.simplify_to_size(joined.shapes, max_bytes=10**9)
    assert tol0 == 0


@pytest.fixture
def http_server(tmp_path):
    """A local HTTP server on 127.0.0.1 serving ``tmp_path`` (never an outside host)."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_fetch_from_local_server(tmp_path, http_server):
    synthetic_boundaries(tmp_path)
    dest = tmp_path / "cache" / "idn_adm2.geojson"
    path = readiness.geo.places.fetch_boundaries(f"{http_server}/synthetic_adm2.geojson", dest, attribution="synthetic",
                                          license="test only")
    assert path == dest and dest.exists()
    assert "synthetic" in (dest.parent / "ATTRIBUTION.txt").read_text()
    assert set(readiness.geo.places.load_boundaries(dest)["code"]) == {"64.71", "64.72", "99.99"}


def test_fetch_offline_fails_clearly_and_writes_nothing(tmp_path, http_server):
    dest = tmp_path / "cache" / "idn_adm2.geojson"
    with pytest.raises(readiness.DataError, match=r"cannot download boundaries from .*Are you offline"):
        readiness.geo.places.fetch_boundaries("http://127.0.0.1:9/nothing.geojson", dest, attribution="x", license="x",
                                       timeout=2)
    with pytest.raises(readiness.DataError, match="cannot download"):
        readiness.geo.places.fetch_boundaries(f"{http_server}/missing.geojson", dest, attribution="x", license="x")
    assert not dest.parent.exists()


def test_fetch_a_web_page_says_what_to_do(tmp_path, http_server):
    (tmp_path / "dataset.html").write_text("<!DOCTYPE html><html><body>dataset page</body></html>")
    with pytest.raises(readiness.DataError, match=r"returned a web page, not a boundary file.*--url"):
        readiness.geo.places.fetch_boundaries(f"{http_server}/dataset.html", tmp_path / "out" / "b.geojson",
                                       attribution="x", license="x")


def test_zipped_shapefile_loads(tmp_path):
    import zipfile

    import geopandas as gpd

    boundaries = gpd.read_file(synthetic_boundaries(tmp_path, codes=("ID6471", "ID6472")))
    boundaries.to_file(tmp_path / "adm2.shp")
    with zipfile.ZipFile(tmp_path / "adm2.zip", "w") as archive:
        for part in tmp_path.glob("adm2.*"):
            if part.suffix != ".zip":
                archive.write(part, part.name)
    assert list(readiness.geo.places.load_boundaries(tmp_path / "adm2.zip")["code"]) == ["64.71", "64.72"]


def test_regions_gdf_joins_values(mini):
    import pandas as pd

    ds = mini
    gdf = readiness.geo.places.regions_gdf(ds.regions, pd.DataFrame({"score": [70.0]}, index=["64.71"]))
    assert gdf.crs.to_epsg() == 4326
    assert "35.78" not in set(gdf["code"])  # no coordinates
    row = gdf.set_index("code").loc["64.71"]
    assert row["score"] == 70.0 and row["km_to_ikn"] == pytest.approx(38.0, abs=1)
    assert row.geometry.x == pytest.approx(116.8277) and row.geometry.y == pytest.approx(-1.2768)
    assert np.isnan(gdf.set_index("code").loc["64.72", "score"])


def test_zip_of_several_levels_reads_the_admin2_layer(tmp_path):
    """Like OCHA's archive: adm1 and adm2 shapefiles in one zip (SYNTHETIC shapes)."""
    import zipfile

    import geopandas as gpd

    adm2 = gpd.read_file(synthetic_boundaries(tmp_path, codes=("ID6471", "ID6472")))
    adm2.to_file(tmp_path / "idn_admbnda_adm2_bps_20200401.shp")
    adm2.assign(ADM2_PCODE=["ID64", "ID64"]).to_file(tmp_path / "idn_admbnda_adm1_bps_20200401.shp")
    with zipfile.ZipFile(tmp_path / "idn_adm_shp.zip", "w") as archive:
        for part in tmp_path.glob("idn_admbnda_*"):
            archive.write(part, part.name)
    frame = readiness.geo.places.load_boundaries(tmp_path / "idn_adm_shp.zip")
    assert list(frame["code"]) == ["64.71", "64.72"]
    with pytest.raises(readiness.DataError, match="no layer 'adm9'"):
        readiness.geo.places.load_boundaries(tmp_path / "idn_adm_shp.zip", layer="adm9")
