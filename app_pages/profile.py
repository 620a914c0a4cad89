"""Profil Kota / City profile: one region's score, rank and coverage; its pillars against the peer groups; its trend;
its strengths and weaknesses; the evidence log as a timeline; and every raw figure with its source."""

import math

import streamlit as st

import readiness_app as app
from readiness.display import board, change, charts, context, findings, tables
from readiness.display.i18n import fmt_percent
from readiness_app import downloads, simulation, snapshots

ds, spec, lang, res, fw = app.page()
year, window = spec.year, spec.window
codes = list(res.regions)

st.title(app.t("profile.title"))
snapshots.save_button("profile", spec)
mine = app.my_city()
region = app.choice(st.selectbox, "profile_region", app.t("profile.region"), codes,
                    mine if mine in codes else app.settings_file().profile_region, format_func=app.region_format)
name = app.region_format(region)  # charts and file names; page text gets it plain (no Markdown)
shown = app.plain(name)
row = tables.ranking_table(res, ds).set_index("region_code").loc[region]
ranked = tables.headline(res, ds)["ranked"]

c1, c2, c3 = st.columns(3)
c1.metric(app.t("profile.score", year=year), board.index_text(res, region, lang, with_coverage=False))
c2.metric(app.t("profile.rank"), app.t("profile.rank_value", rank=int(row["rank"]), total=ranked)
          if not math.isnan(row["rank"]) else app.t("profile.rank_benchmark") if row["reference"] else "–")
if row["reference"] and (note := tables.benchmark_note(res, ds, lang, shown=[region], name=app.plain)):
    c2.caption(note)
if not math.isnan(row["rank"]) and (interval := simulation.interval_text(spec, region, lang)):
    c2.caption(interval, help=app.t("whatif.profile_interval_help"))
c3.metric(app.t("profile.coverage"), fmt_percent(row["coverage"], lang),
          help=app.t("profile.coverage_help", n=int(row["n_indicators"]), total=int(row["n_indicators_total"])))
if lacks := board.missing_core_text(res, region, lang):
    st.warning(app.t("profile.lacks_core", name=shown, year=year, why=lacks))
elif math.isnan(row["score"]) and row["coverage"] > 0:
    st.warning(app.t("profile.not_enough", name=shown, year=year, coverage=fmt_percent(row["coverage"], lang)))
elif math.isnan(row["score"]):
    st.warning(app.t("profile.no_score", name=shown, year=year))
elif row["low_coverage"]:
    st.warning(app.t("profile.low_coverage", name=shown, n=int(row["n_indicators"]),
                     total=int(row["n_indicators_total"])))

st.caption("ℹ️ " + board.rule_text(spec, lang, fw))
st.subheader(app.t("profile.published_title"))
published_text, published_colours = board.region_view(app.board_table(year, window), region, fw, lang)
if published_text.empty:
    st.caption(app.t("profile.no_published", name=shown, year=year, window=window))
else:
    st.dataframe(board.board_styler(published_text, published_colours), key="profile_board", hide_index=True,
                 width="stretch")

st.subheader(app.t("profile_context.title"))
placed = app.region_context(region, year, window, lang)
st.caption(app.t("profile_context.caption") if len(placed) else app.t("profile_context.none", name=shown))
if len(placed):
    st.markdown("\n".join(context.context_markdown(placed, lang)))
for k, bar in enumerate(app.distribution_bars(region, year, window, lang, name)):
    app.chart(bar, key=f"profile_ctx_bar_{k}")
missing = context.region_gaps(ds, region, year, window, lang)
st.markdown(f"**{app.t('profile_context.gaps_title')}**")
st.caption(app.t("profile_context.gaps_caption" if len(missing) else "profile_context.gaps_none", name=shown,
                 start=year - window, end=year))
if len(missing):
    st.dataframe(missing, key="profile_gaps_table", hide_index=True, width="stretch")

left, right = st.columns(2)
with left:
    mean_names = ds.group_names(lang, mean=True)
    reference = {g: mean_names[g] for g in ds.headline_groups()}
    series = tables.pillar_series(res, ds, region, reference, name)
    group_colors = ds.group_colors()
    colors = {name: app.region_colors()[region], **{label: group_colors[g] for g, label in reference.items()}}
    pillars_fig = charts.build_pillar_bars(series, fw, lang, colors, title=app.t("profile.pillars_title"))
    app.chart(pillars_fig, key="profile_pillars")
    ctx = downloads.context(f"{name}: {app.t('profile.pillars_title')}", spec, res, ds, [region])
    downloads.download_row("profile_pillars", ctx, pillars_fig)
with right:
    results = app.results_by_year(spec)
    nodes = [fw.root, *fw.pillars()]
    trends = board.basis_trends(results, ds, window, {n: (region, n) for n in nodes})
    labels = {n: fw.node(n).name(lang) for n in nodes}
    colors = {fw.root: "#1f2430", **dict(zip(fw.pillars(), charts.PILLAR_COLORS, strict=False))}
    trend_fig = board.build_basis_trend(trends, fw, lang, labels, colors, title=app.t("profile.trend_title", name=name))
    app.chart(trend_fig, key="profile_trend")
    ctx = downloads.context(app.t("profile.trend_title", name=name), spec, res, ds, [region])
    downloads.download_row("profile_trend", ctx, trend_fig)
    st.markdown(change.change_sentence(app.region_change(spec, region), shown, fw, lang))
    st.caption(app.t("compare.trend_caption"))

st.subheader(app.t("profile.strengths_title"))
group_names = {"all": app.t("groups.all"), **ds.group_names(lang)}
peers_choice = app.choice(st.segmented_control, "profile_peers", app.t("profile.peers"), ["all", *ds.scored_groups()],
                          "all", required=True, format_func=group_names.get)
sw = findings.strengths_weaknesses(res, ds, region, tables.peer_codes(ds, res, peers_choice))
if sw.empty:
    st.info(app.t("profile.no_strengths"))
else:
    for kind, col in zip(("strength", "weakness"), st.columns(2), strict=True):
        part = sw[sw["kind"] == kind]
        col.markdown(f"**{app.t(f'profile.{kind}')}**")
        if part.empty:
            col.caption(app.t("common.none"))
        for item in part.itertuples():
            col.markdown(app.t("profile.sw_item", item=findings.finding_text(item, fw, lang)))

st.subheader(app.t("profile.events_title"))
events = tables.region_events(ds, region)
app.chart(charts.build_timeline(events, lang, app.region_colors()[region]), key="profile_timeline")
if len(events):
    st.dataframe(app.localise(tables.events_view(events, lang)), key="profile_events_table", hide_index=True,
                 column_config=app.link_columns(), width="stretch")

st.subheader(app.t("profile.raw_title"))
raw = tables.raw_values(ds, region)
if raw.empty:
    st.info(app.t("profile.no_raw", name=shown))
else:
    raw_frame = app.localise(tables.raw_view(raw, fw, lang))
    st.dataframe(raw_frame, key="profile_raw_table", hide_index=True, column_config=app.link_columns(),
                 width="stretch")
    ctx = downloads.context(app.t("downloads.raw_table", name=name), spec, res, ds, [region])
    downloads.download_row("profile_raw", ctx, frame=raw_frame)
    st.caption(app.t("profile.raw_note"))
app.comparability_notes(res)
