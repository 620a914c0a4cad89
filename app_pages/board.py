"""Hasil resmi / Official results: the published figures each region is judged on — regions × indicators, each cell
the value, its year and its official band (coloured, the band's name as text); filter by group, sort by an
indicator, download as CSV. The composite index comes after these."""

import streamlit as st

import readiness_app as app
from readiness.display import board, context, tables

ds, spec, lang, res, fw = app.page()

st.title(app.t("board.title"))
st.caption(app.t("board.caption", year=spec.year, window=spec.window))
groups = ds.scored_groups()
group_names = ds.group_names(lang)
left, right = st.columns([2.2, 1])
chosen = app.choice(left.pills, "board_groups", app.t("board.filter"), groups, groups, multi=True,
                    selection_mode="multi", format_func=group_names.get)
# paged by pillar (a row of its own: the pillars' names fit at 1280 px); "all" shows every indicator, the region
# column pinned while the board scrolls sideways
pillars = ["all", *fw.pillars()]
pillar = app.choice(st.segmented_control, "board_pillar", app.t("board.pillar"), pillars, fw.pillars()[0],
                    required=True,
                    format_func=lambda p: app.t("board.pillar_all") if p == "all" else fw.node(p).name(lang))
sort_options = ["name", *fw.indicators]
sort_by = app.choice(right.selectbox, "board_sort", app.t("board.sort"), sort_options, "name",
                     format_func=lambda i: app.t("board.sort_name") if i == "name" else fw.node(i).name(lang))
if not chosen:
    st.info(app.t("board.select_group"))
    st.stop()
table = app.board_table(spec.year, spec.window)
text, colours = board.board_view(table, fw, lang, sort_by=sort_by, groups=chosen, group_names=group_names,
                                 pillar=None if pillar == "all" else pillar, highlight=app.my_city())
text = context.mark_gaps(text, table, ds, spec.year, spec.window, lang)  # why a core figure is missing
app.results_board(text, colours, key="board_table")
st.caption(app.t("board.legend"))
if note := tables.benchmark_note(res, ds, lang, shown=table.loc[table["group"].isin(chosen), "region_code"],
                                  name=app.plain):
    st.caption("ℹ️ " + note)
st.download_button(app.t("board.download"), board.board_csv(table[table["group"].isin(chosen)], fw, lang),
                   file_name=f"hasil-resmi-{spec.year}.csv", mime="text/csv", key="board_download")
