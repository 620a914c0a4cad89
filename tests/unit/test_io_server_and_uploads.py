"""Server settings, uploads read in memory with limits, file text shown literally, and export neutralisation."""

from __future__ import annotations

import tomllib
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Polygon

from readiness import io as rio
from readiness.errors import DataError
from readiness.geo import places as geo

ROOT = Path(__file__).resolve().parents[2]


def test_server_listens_locally_with_small_uploads_and_no_statistics():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"  # also stops the external-IP lookup at start-up
    assert config["server"]["headless"] is True
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["maxUploadSize"] == geo.UPLOAD_MAX_BYTES // 2**20 == 20


def test_map_page_writes_no_upload_to_disk():
    page = (ROOT / "app_pages" / "map.py").read_text()
    assert "tempfile" not in page and "write_bytes" not in page
    assert "uploads.uploaded_boundaries" in page and "max_upload_size=uploads.UPLOAD_MAX_MB" in page


def polygons(n_vertices: int = 5) -> gpd.GeoDataFrame:
    ring = [(116 + i / n_vertices, (i % 2) / 10) for i in range(n_vertices)] + [(117, 1), (116, 1)]
    return gpd.GeoDataFrame({"code": ["ID6471"]}, geometry=[Polygon(ring)], crs="EPSG:4326")


def to_bytes(frame: gpd.GeoDataFrame) -> bytes:
    return frame.to_json().encode()


def test_uploaded_geojson_reads_from_memory():
    frame = geo.read_boundaries(to_bytes(polygons()), "upload.geojson")
    assert list(frame["code"]) == ["64.71"]


def test_vertex_and_size_limits():
    data = to_bytes(polygons(3000))
    with pytest.raises(DataError, match=r"3,003 vertices; the limit is 1,000\. Simplify the file first"):
        geo.read_boundaries(data, "upload.geojson", max_vertices=1000)
    with pytest.raises(DataError, match="the limit is 0 MB"):
        geo.read_boundaries(data, "upload.geojson", max_bytes=1000)
    with pytest.raises(DataError, match="the file is empty"):
        geo.read_boundaries(b"", "upload.geojson")


def test_a_geopackage_table_without_geometry_is_a_clear_error(tmp_path):
    import pyogrio

    pyogrio.write_dataframe(pd.DataFrame({"code": ["ID6471"]}), tmp_path / "t.gpkg", layer="t")
    with pytest.raises(DataError, match="holds no geometry"):
        geo.read_boundaries((tmp_path / "t.gpkg").read_bytes(), "upload.gpkg")


def test_unreadable_files_name_no_server_path():
    with pytest.raises(DataError) as err:
        geo.read_boundaries(b"not a boundary file at all", "upload.geojson")
    assert "/tmp" not in str(err.value) and "/vsimem" not in str(err.value)


def test_upload_messages_are_translated_and_markdown_is_escaped():
    from readiness_app import uploads

    escaped = uploads.md_escape("![x](http://host/track.png) <b>hi</b>\n$x$")
    assert escaped == r"\!\[x\]\(http\://host/track\.png\) \<b\>hi\</b\> \$x\$"
    too_many = DataError("upload: 600,000 vertices; the limit is 500,000. Simplify the file first")
    assert uploads.problem_message(too_many, "en").startswith("The file has too many vertices (600,000")
    assert uploads.problem_message(too_many, "id").startswith("Berkas memiliki terlalu banyak titik sudut")
    no_geometry = DataError("upload: holds no geometry (a table without shapes?)")
    assert uploads.problem_message(no_geometry, "id").startswith("Berkas tidak memuat bentuk wilayah")
    assert uploads.problem_message(RuntimeError("/tmp/x failed"), "en").startswith("The file cannot be read")
    big = uploads.UploadError("too_big", mb=27.0, limit=20)
    assert uploads.problem_message(big, "en").startswith("The file is too large (27.0 MB); the limit is 20 MB")


def test_neutralise_cells():
    frame = pd.DataFrame({"text": ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "ok", None],
                          "number": [-1.0, 2.0, -3.0, 4.0, 5.0, 6.0, 7.0, 8.0]})
    out = rio.neutralise_cells(frame)
    assert out["text"].tolist()[:7] == ["'=cmd|' /C calc'!A0", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "ok"]
    assert pd.isna(out["text"].iloc[7])
    assert out["number"].equals(frame["number"])
    assert frame["text"][0] == "=cmd|' /C calc'!A0"  # the input is not modified
    assert list(rio.neutralise_cells(pd.DataFrame(columns=["=x"])).columns) == ["'=x"]
    strings = pd.DataFrame({"s": pd.array(["=1", "a"], dtype="string")})
    assert rio.neutralise_cells(strings)["s"].tolist() == ["'=1", "a"]


def test_built_in_table_downloads_are_off_so_every_download_is_neutralised():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True  # tables' raw "Download as CSV" writes formulas verbatim


def test_the_board_download_neutralises_formula_cells(tmp_path):
    import pandas as pd

    from readiness.display import board

    fake = pd.DataFrame({"region_code": ["64.71"], "name": ["=HYPERLINK(\"http://x\")"], "group": ["g"],
                         "indicator": ["spbe"], "value": [3.05], "year": [2022], "band_name_id": ["@Baik"],
                         "band_name_en": ["@Good"], "label": ["-1"], "source_id": ["+s"]})
    framework = type("F", (), {"node": staticmethod(lambda i: type("N", (), {"name": lambda self, lang: "SPBE"})())})
    text = board.board_csv(fake, framework, "en")
    assert "'=HYPERLINK" in text and "'@Good" in text and "'+s" in text and ",3.05," in text
