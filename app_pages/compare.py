"""Bandingkan / Compare: two to six regions side by side (Balikpapan, Depok and Bekasi by default) — pillar
profile, indicator bars (raw or normalised), trends, and which indicators explain the gap between two of them."""

import math

import streamlit as st

import readiness
import readiness_app as app
from readiness.display import board, charts, tables
from readiness.display.i18n import fmt_number
from readiness_app import downloads, snapshots

ds, spec, lang, res, fw = app.page()
year, window = spec.year, spec.window
labels = ds.region_labels()
colors = app.region_colors()

st.title(app.t("compare.title"))
snapshots.save_button("compare", spec)
conf = app.settings_file()
mine = app.my_city()
defaults = [c for c in conf.compare_regions if c in res.regions]
if mine in res.regions and mine not in defaults:  # "my city" first among the defaults
    defaults = [mine, *defaults][: conf.compare_max]
chosen = app.choice(st.multiselect, "compare_regions", app.t("compare.regions"), list(res.regions), defaults,
                    multi=True, max_selections=conf.compare_max, format_func=app.region_format,
                    help=app.t("compare.regions_help"))
if len(chosen) < 2:
    st.info(app.t("compare.select_two"))
    st.stop()

lfl = app.like_for_like(spec, tuple(chosen))
show_full = st.toggle(app.t("compare.show_full"), key="compare_full", **app.BOUND)
for text in board.basis_text(lfl.shared, lfl.left_out, fw, lang):
    st.caption("ℹ️ " + text)
root = fw.root
lines = []
for code in chosen:
    lfl_text = board.index_text(lfl.result, code, lang, left_out=lfl.left_out)
    if show_full:
        full_text = board.index_text(res, code, lang)
        lines.append(app.t("compare.score_line_full", name=labels[code], lfl=lfl_text, full=full_text))
    else:
        lines.append(app.t("compare.score_line", name=labels[code], lfl=lfl_text))
st.markdown("  \n".join(lines))
st.caption(board.rule_text(spec, lang, fw))

left, right = st.columns(2)
with left:
    pillars = lfl.result.scores_frame().loc[chosen, list(fw.pillars())]
    profile_fig = charts.build_pillar_profile(pillars, fw, lang, labels, colors, title=app.t("compare.profile_title"))
    app.chart(profile_fig, key="compare_profile")
    ctx = downloads.context(app.t("compare.profile_title"), spec, lfl.result, ds, chosen, lfl.shared)
    downloads.download_row("compare_profile", ctx, profile_fig)
    st.caption(app.t("compare.lfl_caption"))
    if show_full:
        full_pillars = res.scores_frame().loc[chosen, list(fw.pillars())]
        app.chart(charts.build_pillar_profile(full_pillars, fw, lang, labels, colors,
                                              title=app.t("compare.full_caption")), key="compare_profile_full")
with right:
    results = app.results_by_year(spec)
    trends = board.basis_trends(results, ds, window, {code: (code, None) for code in chosen})
    app.chart(board.build_basis_trend(trends, fw, lang, labels, colors, title=app.t("compare.trend_title")),
              key="compare_trend")
    st.caption(app.t("compare.trend_caption"))

st.subheader(app.t("compare.indicators_title"))
mode = app.choice(st.segmented_control, "compare_mode", app.t("compare.mode"), ["normalised", "raw"], "normalised",
                  required=True, format_func=lambda m: app.t(f"compare.mode_{m}"))
table = tables.indicator_table(res, ds, chosen)
indicators_fig = charts.build_indicator_bars(table, fw, lang, labels, colors, mode=mode)
app.chart(indicators_fig, key="compare_indicators")
ctx = downloads.context(app.t("downloads.indicators_table", year=year), spec, res, ds, chosen)
downloads.download_row("compare_indicators", ctx, indicators_fig, app.localise(
    tables.indicator_export(table, fw, labels, lang)))

st.subheader(app.t("compare.gap_title"))
a_col, b_col, node_col = st.columns(3)
region_a = app.choice(a_col.selectbox, "compare_a", app.t("compare.region_a"), chosen, chosen[0],
                      format_func=app.region_format)
others = [c for c in chosen if c != region_a]
region_b = app.choice(b_col.selectbox, "compare_b", app.t("compare.region_b"), others, others[0],
                      format_func=app.region_format)
nodes = [fw.root, *fw.pillars()]
node = app.choice(node_col.selectbox, "compare_node", app.t("compare.node"), nodes, fw.root,
                  format_func=lambda n: fw.node(n).name(lang))
pair = app.like_for_like(spec, (region_a, region_b))
for text in board.basis_text(pair.shared, pair.left_out, fw, lang):
    st.caption("ℹ️ " + text)
gap = readiness.gap_table(pair, region_a, region_b, node)
score_a, score_b = pair.result.score_of(region_a, node), pair.result.score_of(region_b, node)
if node == root and (whys := [f"{labels[c]}: {why}" for c in (region_a, region_b)
                              if (why := board.missing_core_text(pair.result, c, lang, pair.left_out))]):
    st.info(app.t("compare.gap_lacks_core", a=labels[region_a], b=labels[region_b], why="; ".join(whys)))
elif math.isnan(score_a) or math.isnan(score_b):
    st.info(app.t("compare.gap_missing", a=labels[region_a], b=labels[region_b]))
else:
    st.markdown(app.t("compare.gap_summary", a=labels[region_a], b=labels[region_b],
                      gap=fmt_number(score_a - score_b, lang), node=fw.node(node).name(lang)))
    bars = gap[gap["comparable"]].rename(columns={"contribution": "difference"})
    if not bars.empty:
        app.chart(charts.build_gap_bars(bars, fw, lang, labels[region_a], labels[region_b]), key="compare_gap")
if not gap.empty:
    view = board.gap_view(gap, fw, lang, labels[region_a], labels[region_b])
    st.dataframe(app.localise(view), key="compare_gap_table", hide_index=True, width="stretch")
st.caption(app.t("compare.gap_note"))
app.comparability_notes(res)
