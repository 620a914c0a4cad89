"""A figure published for a kecamatan (code 64.71.01) is drawn on the bundled kecamatan layer, inside its city,
over the kabupaten/kota layer (the fixture dataset with one kecamatan label added; the layers are the bundled ones)."""

from __future__ import annotations

import shutil
from pathlib import Path

import readiness
from readiness.display import choropleth
from readiness.geo import boundaries, mapdata

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


def test_a_kecamatan_label_is_drawn_on_the_kecamatan_layer(tmp_path):
    folder = tmp_path / "ds"
    shutil.copytree(MINI, folder)
    with (folder / "regions.csv").open("a", encoding="utf-8") as fh:
        fh.write("64.71.01,Balikpapan Timur,,kecamatan,Kalimantan Timur,north,-1.27,116.85,src-a,,,\n")
    with (folder / "labels.csv").open("a", encoding="utf-8") as fh:
        fh.write("64.71.01,ombudsman_zone,2024,Hijau,src-b,,,\n")
    ds = readiness.load_dataset(folder)
    values = mapdata.band_values(ds, "ombudsman_zone", 2024, window=3)
    assert "64.71.01" in set(values["code"])
    layer = boundaries.with_kecamatan(boundaries.layer_geojson("kabkota", provinces=("64",)), values["code"])
    kecamatan = [f for f in layer["features"] if f["properties"]["code"] == "64.71.01"]
    assert len(kecamatan) == 1  # the kecamatan's own outline, added over the kabupaten/kota layer
    fig = choropleth.build_choropleth(layer, values, "id", view="kaltim", bands=mapdata.BAND_MEASURES["ombudsman_zone"].bands)
    located = {loc for trace in fig.data for loc in (getattr(trace, "locations", None) or ())}
    assert "64.71.01" in located
