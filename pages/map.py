"""Peta / Map: where the regions are and how ready each is — around IKN with distance rings, or across Indonesia.
Markers are sized and coloured by the index, a pillar or an indicator; clicking a region opens its profile."""

import streamlit as st

import readiness_app as app
from readiness import charts, report
from readiness.i18n import fmt_number
from readiness_app import uploads

ds = app.dataset()
year, method, window, min_cov = app.settings()
lang = app.lang()
res = app.result(year, method, window, min_cov)
fw = ds.framework

st.title(app.t("map.title"))
c1, c2 = st.columns([1, 2])
view = c1.segmented_control(app.t("map.view"), ["kaltim", "national"], default="kaltim", required=True,
                            key="map_view", bind="query-params", format_func=lambda v: app.t(f"overview.map_{v}"))
nodes = [fw.root, *fw.pillars(), *fw.indicators]
node = c2.selectbox(app.t("map.measure"), nodes, key="map_measure", format_func=lambda n: fw.node(n).name(lang))

shapes = None
with st.expander(app.t("map.boundaries_title")):
    files = app.boundary_files()
    upload = st.file_uploader(app.t("map.boundaries_upload"), type=["geojson", "json", "gpkg"],
                              key="map_boundaries_upload", max_upload_size=uploads.UPLOAD_MAX_MB)
    source = None
    if upload is not None:  # read in memory, limits enforced, nothing written to disk; kept for this session only
        source = upload
    elif files:
        source = app.BOUNDARY_DIR / st.selectbox(app.t("map.boundaries_file"), files, key="map_boundaries_file")
    if source is None:
        st.caption(app.t("map.boundaries_none"))
    else:
        try:
            joined, simplified, tolerance, size = (uploads.uploaded_boundaries(source, ds.regions)
                                                   if upload is not None else app.boundaries(str(source)))
        except Exception as exc:  # any file: a translated message, never an exception box
            st.error(uploads.problem_message(exc, lang))
        else:
            shapes = report.shape_scores(simplified, res, node)
            st.caption(app.t("map.boundaries_report", matched=len(joined.shapes),
                             column=uploads.md_escape(joined.code_column), kb=fmt_number(size / 1024, lang, 0)))
            if joined.regions_without_boundary:
                st.caption(app.t("map.boundaries_missing",
                                 names=", ".join(app.region_format(c) for c in joined.regions_without_boundary)))
            if joined.unmatched_boundary_codes:
                st.caption(app.t("map.boundaries_unmatched", n=len(joined.unmatched_boundary_codes),
                                 codes=uploads.md_escape(", ".join(joined.unmatched_boundary_codes[:12]))))

street = st.toggle(app.t("map.street"), value=False, key="map_street", help=app.t("map.street_help"))
points = report.map_points(res, ds, node=node)
if street:
    fig = charts.build_street_map(points, lang, view, value_label=fw.node(node).name(lang), rings=app.ikn_rings())
else:
    fig = charts.build_map(points, lang, view, value_label=fw.node(node).name(lang), rings=app.ikn_rings(),
                           shapes=shapes, height=640 if view == "kaltim" else 440)
event = st.plotly_chart(fig, key="map_chart", theme=None, config=app.PLOTLY_CONFIG, on_select="rerun",
                        selection_mode="points")
clicked = report.selected_region(event, set(res.regions))
if clicked:
    st.session_state["profile_region"] = clicked
    st.switch_page("pages/profile.py")
st.caption(app.t("map.note"))

st.subheader(app.t("map.table_title"))
st.dataframe(app.localise(report.map_view_table(points, lang)), key="map_table", hide_index=True, width="stretch")
app.comparability_notes(res)
