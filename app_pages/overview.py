"""Ringkasan / Overview: where every region stands this year — ranking with the pillar breakdown, headline figures
and a filter by group. Hover a bar for score, rank, coverage and the years of the data."""

import streamlit as st

import readiness_app as app
from readiness.display import board, charts, tables
from readiness.display.i18n import fmt_number
from readiness_app import downloads, simulation

ds, spec, lang, res, fw = app.page()
year, window = spec.year, spec.window
prev_year = app.previous_year(year)


def _draw_board() -> None:
    """The compact results board (published figures with their bands), in its place at the top of the page."""
    with board_slot:
        st.subheader(app.t("board.compact_title", year=year))
        board_text, board_colours = board.board_view(board.board_table(ds, year, window), ds.framework, lang,
                                                     group_names=ds.group_names(lang))
        st.dataframe(board.board_styler(board_text, board_colours), key="overview_board", hide_index=True,
                     width="stretch", height=260)
        st.caption(app.t("board.compact_more"))


st.title(app.t("overview.title"))
st.caption(app.t("overview.caption", year=year, window=window))

# The compact board sits here but is drawn after the ranking chart: the browser then starts loading the chart
# library while the board is still being worked out (a faster first page; benchmarks/bench_app.py).
board_slot = st.container()

head = tables.headline(res, ds)
mean_names = ds.group_names(lang, mean=True)
headline_groups = tuple(ds.headline_groups())
groups_lfl = app.group_comparison(spec, headline_groups)
cols = st.columns([1] * (1 + len(headline_groups)) + [1.7])
cols[0].metric(app.t("overview.scored"), app.t("overview.scored_value", scored=head["scored"], total=head["total"]))
for col, group in zip(cols[1:-1], headline_groups, strict=True):
    row = groups_lfl.means.loc[group]
    col.metric(mean_names[group], fmt_number(row["mean"], lang))
    averaged = ", ".join(app.plain(app.region_format(c)) for c in groups_lfl.averaged.get(group, ()))
    col.caption(app.t("overview.group_mean_count" if averaged else "overview.group_mean_count_none",
                      n=int(row["n"]), total=int(row["total"]), names=averaged))
c4 = cols[-1]
changes = app.change(spec, prev_year, year) if prev_year else None
improver = tables.constant_basis_improver(changes) if changes is not None else None
if improver:
    c4.metric(app.t("overview.improver", year=prev_year), app.region_format(improver["region_code"]),
              delta=fmt_number(improver["change"], lang), help=app.t("overview.improver_help"))
else:
    c4.metric(app.t("overview.improver_none"), "–", help=app.t("overview.improver_none_help"))
if groups_lfl.shared:
    st.caption(app.t("overview.group_basis",
                     names=", ".join(ds.framework.node(i).name(lang) for i in groups_lfl.shared)))
else:
    st.caption(app.t("overview.group_basis_none"))
for ind, codes in groups_lfl.set_aside.items():
    st.caption(app.t("overview.group_set_aside", indicator=ds.framework.node(ind).name(lang),
                     names=", ".join(app.plain(app.region_format(c)) for c in codes)))
st.caption("ℹ️ " + board.rule_text(spec, lang, fw))

groups = ds.scored_groups()
group_names = ds.group_names(lang)
chosen = st.pills(app.t("overview.filter"), groups, selection_mode="multi", default=groups, key="overview_groups",
                  bind="query-params", format_func=group_names.get)
table = tables.ranking_table(res, ds, groups=chosen or [])
no_scores = bool(table["score"].isna().all())
if not chosen:
    st.info(app.t("overview.select_group"))
elif no_scores:
    st.warning(app.t("overview.no_scores", year=year))
else:
    ranking_title = app.t("overview.ranking_title", year=year)
    ranking_fig = charts.build_ranking(table, ds.framework, lang, title=ranking_title)
    app.chart(ranking_fig, key="overview_ranking")
    ctx, used = downloads.context(ranking_title, spec, res, ds, list(table["region_code"]))
    downloads.download_row("overview_ranking", ctx, ranking_fig,
                           app.localise(tables.ranking_export(table, group_names)), used)
    if note := tables.benchmark_note(res, ds, lang, shown=table["region_code"], name=app.plain):
        st.caption("ℹ️ " + note)
    if table["low_coverage"].any():
        st.caption(app.t("overview.low_coverage_note", share=int(tables.LOW_COVERAGE * 100)))
    if thin := tables.unscored_names(table, insufficient=True):
        st.caption(app.t("overview.not_enough", names=", ".join(thin)))
    if missing := tables.unscored_names(table, insufficient=False):
        st.caption(app.t("overview.missing_note", names=", ".join(missing)))
_draw_board()
if chosen and not no_scores:
    # Lazy: the rank intervals (a few hundred rescorings) are worked out only while the expander is open.
    with st.expander(app.t("whatif.overview_intervals"), key="overview_intervals_open", on_change="rerun") as more:
        if more.open:
            app.chart(simulation.interval_chart(spec, table["region_code"], lang,
                                            app.t("whatif.overview_intervals_title", year=year)),
                      key="overview_intervals")

if chosen:
    st.subheader(app.t("overview.map_title"))
    view = st.segmented_control(app.t("overview.map_view"), list(charts.MAP_VIEWS), default="national",
                                required=True, key="overview_map_view", bind="query-params",
                                format_func=lambda v: app.t(f"overview.map_{v}"))
    # a small map: the national view with 1:110m outlines (the Map page draws 1:50m)
    app.chart(charts.build_map(tables.map_points(res, ds, groups=chosen), lang, view,
                               outline=110 if view == "national" else 50), key="overview_map")
    st.caption(app.t("overview.map_note"))
app.comparability_notes(res)
