"""Peta / Map: where the regions are and how ready each is — across Indonesia's 514 kabupaten/kota, East Kalimantan
around IKN with distance rings, or Jakarta with West Java and Banten. By default the areas are coloured by the official
band of each region's published figure (SPBE predikat, Ombudsman grade, IP ASN category, IKD target: data/bands.csv)
or by a score; points sized by a measure remain an option. Clicking a region opens its profile."""

import streamlit as st

import readiness_app as app
from readiness.display import charts, choropleth, tables
from readiness.display.i18n import fmt_number
from readiness.geo import boundaries, mapdata
from readiness_app import uploads
from readiness_app.data import BOUNDARY_DIR, BOUNDARY_URL
from readiness_app.widgets import plotly_config

ds, spec, lang, res, fw = app.page()
year, window = spec.year, spec.window

st.title(app.t("map.title"))
c0, c1, c2 = st.columns([1.15, 2.4, 1.75])  # the controls on one row: the map starts higher on a 720 px screen
kind = app.choice(c0.segmented_control, "map_kind", app.t("map.kind"), ["choropleth", "points"], "choropleth",
                  required=True, format_func=lambda v: app.t(f"map.kind_{v}"))
nodes = [fw.root, *fw.pillars(), *fw.indicators]
if kind == "choropleth":
    area = app.choice(c1.segmented_control, "map_area", app.t("map.view"), list(choropleth.CHOROPLETH_VIEWS),
                      "national", required=True, format_func=lambda v: app.t(f"map.area_{v}"))
    bands = [f"band:{i}" for i in mapdata.band_indicators(ds)]
    colour = app.choice(c2.selectbox, "map_colour", app.t("map.colour"), [*bands, *nodes], [*bands, *nodes][0],
                        format_func=lambda n: app.t("map.band_of", name=fw.node(n.removeprefix("band:")).name(lang))
                        if n in bands else fw.node(n).name(lang))
    banded, measure = colour in bands, colour.removeprefix("band:")
    values = (mapdata.band_values(ds, measure, year, window, lang) if banded
              else mapdata.score_values(res, ds, colour))
    legend = mapdata.band_legend(ds, measure, values, year, lang) if banded else None
    places = ds.regions[ds.regions["kind"] == "reference"]
    fig = choropleth.build_choropleth(
        boundaries.with_kecamatan(app.boundary_layer(area), values["code"]), values, lang, view=area,
        bands=list(legend["band"]) if banded else None, band_colors=choropleth.band_colors(legend) if banded else None,
        zrange=None if banded else (0, 100), value_label=fw.node(measure).name(lang),
        rings=choropleth.ring_lines(app.ikn_rings()) if area == "kaltim" else None,
        places=places.assign(name=places["short_name"]), label_codes=mapdata.map_labels(ds),
        geojson_url=BOUNDARY_URL if area == "national" else None)
    event = st.plotly_chart(fig, key="map_choropleth", theme=None, config=plotly_config(), on_select="rerun",
                            selection_mode="points")
    app.open_profile_on_click(event, set(res.regions))
    st.caption(app.t("map.choropleth_note"))
    st.caption(app.t("map.attribution"))
    if not banded:
        app.comparability_notes(res)
    st.stop()

view = app.choice(c1.segmented_control, "map_view", app.t("map.view"), ["kaltim", "national"], "kaltim",
                  required=True, format_func=lambda v: app.t(f"overview.map_{v}"))
node = app.choice(c2.selectbox, "map_measure", app.t("map.measure"), nodes, nodes[0],
                  format_func=lambda n: fw.node(n).name(lang))

shapes = None
with st.expander(app.t("map.boundaries_title")):
    files = app.boundary_files()
    upload = st.file_uploader(app.t("map.boundaries_upload"), type=["geojson", "json", "gpkg"],
                              key="map_boundaries_upload", max_upload_size=uploads.UPLOAD_MAX_MB)
    source = None
    if upload is not None:  # read in memory, limits enforced, nothing written to disk; kept for this session only
        source = upload
    elif files:
        source = BOUNDARY_DIR / st.selectbox(app.t("map.boundaries_file"), files, key="map_boundaries_file")
    if source is None:
        st.caption(app.t("map.boundaries_none"))
    else:
        try:
            joined, simplified, tolerance, size = (uploads.uploaded_boundaries(source, ds.regions)
                                                   if upload is not None else app.boundaries(str(source)))
        except Exception as exc:  # any file: a translated message, never an exception box
            st.error(uploads.problem_message(exc, lang))
        else:
            shapes = tables.shape_scores(simplified, res, node)
            st.caption(app.t("map.boundaries_report", matched=len(joined.shapes),
                             column=app.plain(joined.code_column), kb=fmt_number(size / 1024, lang, 0)))
            if joined.regions_without_boundary:
                st.caption(app.t("map.boundaries_missing",
                                 names=", ".join(app.plain(app.region_format(c))
                                                 for c in joined.regions_without_boundary)))
            if joined.unmatched_boundary_codes:
                st.caption(app.t("map.boundaries_unmatched", n=len(joined.unmatched_boundary_codes),
                                 codes=app.plain(", ".join(joined.unmatched_boundary_codes[:12]))))

street = st.toggle(app.t("map.street"), value=False, key="map_street", bind="query-params",
                   help=app.t("map.street_help"))
points = tables.map_points(res, ds, node=node)
if street:
    fig = charts.build_street_map(points, lang, view, value_label=fw.node(node).name(lang), rings=app.ikn_rings())
else:
    fig = charts.build_map(points, lang, view, value_label=fw.node(node).name(lang), rings=app.ikn_rings(),
                           shapes=shapes, height=640 if view == "kaltim" else 440)
event = st.plotly_chart(fig, key="map_chart", theme=None, config=plotly_config(), on_select="rerun",
                        selection_mode="points")
app.open_profile_on_click(event, set(res.regions))
st.caption(app.t("map.note"))

st.subheader(app.t("map.table_title"))
st.dataframe(app.localise(tables.map_view_table(points, lang, ds.group_names(lang))), key="map_table",
             hide_index=True, width="stretch")
app.comparability_notes(res)
