"""Ringkasan / Overview: where every region stands this year — ranking with the pillar breakdown, headline figures
and a filter by group. Hover a bar for score, rank, coverage and the years of the data."""

import streamlit as st

import readiness_app as app
from readiness.display import charts, tables
from readiness.display.i18n import fmt_number
from readiness_app import whatif

ds = app.dataset()
spec = app.spec()
year, window = spec.year, spec.window
lang = app.lang()
res = app.result(spec)
prev_year = app.previous_year(year)
prev = app.result(spec.but(year=prev_year)) if prev_year else None

st.title(app.t("overview.title"))
st.caption(app.t("overview.caption", year=year, window=window))

head = tables.headline(res, ds, prev)
mean_names = ds.group_names(lang, mean=True)
cols = st.columns([1] * (1 + len(head["group_means"])) + [1.7])
cols[0].metric(app.t("overview.scored"), app.t("overview.scored_value", scored=head["scored"], total=head["total"]))
for col, (group, mean) in zip(cols[1:-1], head["group_means"].items(), strict=True):
    col.metric(mean_names[group], fmt_number(mean, lang))
c4 = cols[-1]
if head["improver"]:
    c4.metric(app.t("overview.improver", year=head["previous_year"]), app.region_format(head["improver"]),
              delta=fmt_number(head["improver_delta"], lang))
else:
    c4.metric(app.t("overview.improver_none"), "–")

groups = ds.scored_groups()
group_names = ds.group_names(lang)
chosen = st.pills(app.t("overview.filter"), groups, selection_mode="multi", default=groups, key="overview_groups",
                  bind="query-params", format_func=group_names.get)
table = tables.ranking_table(res, ds, groups=chosen or [])
if not chosen:
    st.info(app.t("overview.select_group"))
elif table["score"].isna().all():
    st.warning(app.t("overview.no_scores", year=year))
else:
    app.chart(charts.build_ranking(table, ds.framework, lang, title=app.t("overview.ranking_title", year=year)),
              key="overview_ranking")
    if table["low_coverage"].any():
        st.caption(app.t("overview.low_coverage_note", share=int(tables.LOW_COVERAGE * 100)))
    if missing := tables.unscored_names(table):
        st.caption(app.t("overview.missing_note", names=", ".join(missing)))
    with st.expander(app.t("whatif.overview_intervals")):
        app.chart(whatif.interval_chart(spec, table["region_code"], lang,
                                        app.t("whatif.overview_intervals_title", year=year)), key="overview_intervals")

if chosen:
    st.subheader(app.t("overview.map_title"))
    view = st.segmented_control(app.t("overview.map_view"), list(charts.MAP_VIEWS), default="national",
                                required=True, key="overview_map_view", bind="query-params",
                                format_func=lambda v: app.t(f"overview.map_{v}"))
    app.chart(charts.build_map(tables.map_points(res, ds, groups=chosen), lang, view), key="overview_map")
    st.caption(app.t("overview.map_note"))
app.comparability_notes(res)
