"""The bundled map views a presenter shows: East Kalimantan framed on the five IKN buffers and Jabodetabek on the
five Jakarta buffers, every buffer labelled (whether or not it has a figure), at the dashboard's width at 1280 px
and a wider one, in both languages; the national view's insets label the buffers' clusters; the band colours come
from published values through the one band lookup, grey only where there is no value."""

from __future__ import annotations

import pytest

from readiness.display import choropleth
from readiness.geo import boundaries, mapdata

IKN_BUFFERS = {"64.71", "64.72", "64.74", "64.09", "64.02"}
JAKARTA_BUFFERS = {"32.76", "32.75", "36.71", "36.74", "32.71"}


def _figure(ds, view: str, lang: str, width: int, indicator: str = "spbe_index"):
    values = mapdata.band_values(ds, indicator, 2025, 3, lang)
    legend = mapdata.band_legend(ds, indicator, values, 2025, lang)
    layer = boundaries.layer_geojson("kabkota", provinces=choropleth.view_provinces(view))
    places = ds.regions[ds.regions["kind"] == "reference"]
    return values, choropleth.build_choropleth(
        layer, values, lang, view=view, bands=list(legend["band"]), band_colors=choropleth.band_colors(legend),
        places=places.assign(name=places["short_name"]), label_codes=mapdata.map_labels(ds), width_hint=width)


def _labelled(fig, geo: str = "geo") -> set[str]:
    return {c for t in fig.data if t.name == "labels" and (t.geo or "geo") == geo for c in t.customdata}


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("width", [790, 1200])
@pytest.mark.parametrize(("view", "buffers"), [("kaltim", IKN_BUFFERS), ("jakarta", JAKARTA_BUFFERS)])
def test_every_buffer_labelled_in_its_view(ds, view, buffers, lang, width):
    _, fig = _figure(ds, view, lang, width)
    assert buffers <= _labelled(fig)


@pytest.mark.parametrize(("view", "buffers"), [("kaltim", IKN_BUFFERS), ("jakarta", JAKARTA_BUFFERS)])
def test_each_view_is_framed_on_its_buffers(ds, view, buffers):
    frame = choropleth.CHOROPLETH_VIEWS[view]
    layer = boundaries.layer_geojson("kabkota", provinces=choropleth.view_provinces(view))
    for feature in layer["features"]:
        if feature["properties"]["code"] in buffers:
            lon, lat = feature["properties"]["label_lon"], feature["properties"]["label_lat"]
            assert frame.lon[0] < lon < frame.lon[1] and frame.lat[0] < lat < frame.lat[1]
    # framed, not a whole province: the extent is at most a few times the buffers' own spread
    lons = [f["properties"]["label_lon"] for f in layer["features"] if f["properties"]["code"] in buffers]
    assert frame.lon[1] - frame.lon[0] < 5 * (max(lons) - min(lons))


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("width", [790, 1200])
def test_national_insets_label_every_buffer(ds, lang, width):
    _, fig = _figure(ds, "national", lang, width)
    assert _labelled(fig, "geo3") >= JAKARTA_BUFFERS
    assert _labelled(fig, "geo2") >= IKN_BUFFERS  # the places' names give way to them; their stars stay


def test_map_labels_tell_a_kota_from_its_kabupaten(ds):
    labels = mapdata.map_labels(ds)
    assert labels["32.75"] == "Kota Bekasi" and labels["32.16"] == "Kab. Bekasi"
    assert labels["36.71"] == "Kota Tangerang" and labels["32.71"] == "Kota Bogor"
    assert labels["32.76"] == "Depok" and labels["64.71"] == "Balikpapan"
    assert list(labels)[:len(ds.study_regions())] == list(ds.study_regions())


@pytest.mark.parametrize("lang", ["id", "en"])
def test_band_colouring_grey_only_where_there_is_no_value(ds, lang):
    values, fig = _figure(ds, "jakarta", lang, 790)
    grey = {c for t in fig.data if t.type == "choropleth" and t.legendgroup == "no_data" for c in t.locations}
    banded = set(values.loc[values["band"].notna(), "code"])
    assert banded and not banded & grey
    looked_up = ds.bands_of("spbe_index", values["value"].to_numpy(dtype=float), values["year"])
    name = "name_id" if lang == "id" else "name_en"
    assert list(values["band"]) == list(looked_up[name])  # the one band lookup, from the published values


def test_every_bundled_measure_has_a_name_in_both_languages(ds):
    """The Data page names every figure it lists (framework indicators and the other published measures)."""
    from readiness.display.tables import measure_name

    for lang in ("id", "en"):
        unnamed = sorted({m for m in ds.observations["indicator"].astype(str)
                          if measure_name(ds.framework, m, lang) == m})
        assert unnamed == [], (lang, unnamed)
