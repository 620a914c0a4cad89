"""A figure published for a kecamatan (code 64.71.01) is drawn on the bundled kecamatan layer, inside its city,
over the kabupaten/kota layer, coloured by its band (the fixture dataset with one kecamatan value and a hand-made
band table added; the layers are the bundled ones)."""

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
    with (folder / "observations.csv").open("a", encoding="utf-8") as fh:
        fh.write("64.71.01,ombudsman_score,2024,91.5,src-b,,,\n")
    (folder / "bands.csv").write_text(  # a hand-made band table (synthetic)
        "indicator,period_from_year,lower_bound,upper_bound,band_id,name_id,name_en,source_id\n"
        "ombudsman_score,2013,0,80.99,kuning,Zona Kuning,Yellow zone,src-b\n"
        "ombudsman_score,2013,81,100,hijau,Zona Hijau,Green zone,src-b\n", encoding="utf-8")
    ds = readiness.load_dataset(folder)
    values = mapdata.band_values(ds, "ombudsman_score", 2024, window=3)
    assert "64.71.01" in set(values["code"])
    layer = boundaries.with_kecamatan(boundaries.layer_geojson("kabkota", provinces=("64",)), values["code"])
    kecamatan = [f for f in layer["features"] if f["properties"]["code"] == "64.71.01"]
    assert len(kecamatan) == 1  # the kecamatan's own outline, added over the kabupaten/kota layer
    legend = mapdata.band_legend(ds, "ombudsman_score", values, 2024)
    fig = choropleth.build_choropleth(layer, values, "id", view="kaltim", bands=list(legend["band"]),
                                      band_colors=choropleth.band_colors(legend))
    located = {loc for trace in fig.data for loc in (getattr(trace, "locations", None) or ())}
    assert "64.71.01" in located
    green = [c for t in fig.data if t.type == "choropleth" and t.name == "Zona Hijau" for c in t.locations]
    assert "64.71.01" in green  # coloured by the band of its own published value
