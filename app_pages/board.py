"""Hasil resmi / Official results: the published figures each region is judged on — regions × indicators, each cell
the value, its year and its official band (coloured, the band's name as text); filter by group, sort by an
indicator, download as CSV. The composite index comes after these."""

import streamlit as st

import readiness_app as app
from readiness.display import board, tables

ds, spec, lang, res, fw = app.page()

st.title(app.t("board.title"))
st.caption(app.t("board.caption", year=spec.year, window=spec.window))
groups = ds.scored_groups()
group_names = ds.group_names(lang)
left, right = st.columns([2, 1])
chosen = left.pills(app.t("board.filter"), groups, selection_mode="multi", default=groups, key="board_groups",
                    bind="query-params", format_func=group_names.get)
sort_options = ["name", *fw.indicators]
sort_by = right.selectbox(app.t("board.sort"), sort_options, key="board_sort", bind="query-params",
                          format_func=lambda i: app.t("board.sort_name") if i == "name" else fw.node(i).name(lang))
if not chosen:
    st.info(app.t("board.select_group"))
    st.stop()
table = board.board_table(ds, spec.year, spec.window)
text, colours = board.board_view(table, fw, lang, sort_by=sort_by, groups=chosen, group_names=group_names)
st.dataframe(board.board_styler(text, colours), key="board_table", hide_index=True, width="stretch",
             height=36 * (len(text) + 1) + 4)
st.caption(app.t("board.legend"))
if note := tables.benchmark_note(res, ds, lang, shown=table.loc[table["group"].isin(chosen), "region_code"],
                                  name=app.plain):
    st.caption("ℹ️ " + note)
st.download_button(app.t("board.download"), board.board_csv(table[table["group"].isin(chosen)], fw, lang),
                   file_name=f"hasil-resmi-{spec.year}.csv", mime="text/csv", key="board_download")
