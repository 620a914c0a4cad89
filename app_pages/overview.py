"""Ringkasan / Overview: where every region stands this year — the ranking first, with the pillar breakdown; with
"my city" chosen in the sidebar, that region's standing beside it (its official results with bands and years, its
rank with its interval or what keeps it out of the ranking, and the like-for-like comparison with the region ranked
just above it); then the headline figures, the official results board, group means and the map. Hover a bar for
score, rank, coverage and the years of the data."""

import streamlit as st

import readiness_app as app
from readiness.display import board, charts, standing, tables
from readiness.display.i18n import fmt_number
from readiness_app import downloads, simulation, snapshots

ds, spec, lang, res, fw = app.page()
year, window = spec.year, spec.window
prev_year = app.previous_year(year)
city = app.my_city()
city = city if city in res.regions else None


def _draw_board() -> None:
    """The compact results board (published figures with their bands), below the first screen."""
    st.subheader(app.t("board.compact_title", year=year))
    board_text, board_colours = board.board_view(app.board_table(year, window), ds.framework, lang,
                                                 group_names=ds.group_names(lang), highlight=city)
    app.results_board(board_text, board_colours, key="overview_board", height=260)
    st.caption(app.t("board.compact_more"))


def _draw_city(code: str) -> None:
    """"My city": its standing, official results and the one like-for-like comparison that matters most."""
    name = app.region_format(code)
    everyone = tables.ranking_table(res, ds)
    st.markdown("#### " + app.plain(app.t("mycity.title", name=name, year=year)))  # one line in a half column
    ranked = code in set(everyone.loc[everyone["rank"].notna(), "region_code"])
    interval = simulation.interval_text(spec, code, lang) if ranked else None
    st.markdown(standing.standing_text(everyone, code, lang, interval))
    if not ranked and (missing := standing.missing_indicators(res, code)):
        st.caption(app.t("mycity.missing", names=", ".join(fw.node(i).name(lang) for i in missing)))
    text, colours = board.region_view(app.board_table(year, window), code, fw, lang)
    if len(text):  # an HTML table: its cells wrap in a half-width column, none is cut
        st.table(board.board_styler(text, colours).hide(axis="index"))
    else:
        st.caption(app.t("mycity.no_results"))
    if picked := standing.pick_comparison(everyone, code, lambda other: app.like_for_like(spec, (code, other))):
        st.markdown(standing.comparison_text(picked[1], code, picked[0], ds.region_labels(), lang))


def _draw_below() -> None:
    """The board, the rank intervals and the map: below the first screen, drawn after it (app.below_fold)."""
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
        view = app.choice(st.segmented_control, "overview_map_view", app.t("overview.map_view"),
                          list(charts.MAP_VIEWS), "national", required=True,
                          format_func=lambda v: app.t(f"overview.map_{v}"))
        # a small map: the national view with 1:110m outlines (the Map page draws 1:50m)
        points = tables.map_points(res, ds, groups=chosen)
        figure = charts.build_map(points, lang, view, outline=110 if view == "national" else 50)
        app.chart(charts.highlight_on_map(figure, points, city), key="overview_map")
        st.caption(app.t("overview.map_note"))


st.title(app.t("overview.title"))
snapshots.save_button("overview", spec)
if not city:  # with a city, the first screen is the ranking and the city's standing; this note comes below them
    st.caption(app.t("overview.caption", year=year, window=window))

# The first screen: the ranking (and "my city" beside it), filled in once the group filter below is read.
first = st.container()
groups = ds.scored_groups()
group_names = ds.group_names(lang)
chosen = app.choice(st.pills, "overview_groups", app.t("overview.filter"), groups, groups, multi=True,
                    selection_mode="multi", format_func=group_names.get)
table = tables.ranking_table(res, ds, groups=chosen or [])
no_scores = bool(table["score"].isna().all())
with first:
    rank_col, city_col = st.columns([1, 1]) if city else (st.container(), None)
    with rank_col:
        if not chosen:
            st.info(app.t("overview.select_group"))
        elif no_scores:
            st.warning(app.t("overview.no_scores", year=year))
        else:
            ranking_title = app.t("overview.ranking_title" if not city else "mycity.ranking_title", year=year)
            ranking_fig = charts.build_ranking(table, ds.framework, lang, title=ranking_title, highlight=city,
                                               compact=city is not None)
            app.chart(ranking_fig, key="overview_ranking")
            ctx = downloads.context(ranking_title, spec, res, ds, list(table["region_code"]))
            downloads.download_row("overview_ranking", ctx, ranking_fig,
                                   app.localise(tables.ranking_export(table, group_names)))
    if city_col is not None:
        with city_col:
            _draw_city(city)
    if city:
        st.caption(app.t("overview.caption", year=year, window=window))
    if chosen and not no_scores:
        if note := tables.benchmark_note(res, ds, lang, shown=table["region_code"], name=app.plain):
            st.caption("ℹ️ " + note)
        if table["low_coverage"].any():
            st.caption(app.t("overview.low_coverage_note", share=int(tables.LOW_COVERAGE * 100)))
        if lacking := [f"{name} ({why})" for code, name in zip(table["region_code"], table["name"], strict=True)
                       if (why := board.missing_core_text(res, code, lang))]:
            st.caption(app.t("overview.lacks_core", year=year, names="; ".join(lacking)))
        elif thin := tables.unscored_names(table, insufficient=True):
            st.caption(app.t("overview.not_enough", names=", ".join(thin)))
        if missing := tables.unscored_names(table, insufficient=False):
            st.caption(app.t("overview.missing_note", names=", ".join(missing)))

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
improver = tables.constant_basis_improver(changes, spec) if changes is not None else None
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
app.below_fold("overview", _draw_below)
app.comparability_notes(res)
