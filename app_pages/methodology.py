"""Metodologi / Methodology: the framework as a tree with what each indicator measures and why it matters for a
buffer city, the methods and parameters behind the scores on screen, a coverage heat map, and every source."""

import streamlit as st

import readiness_app as app
from readiness.analysis.screen import ScreenRules, screen, study_regions
from readiness.display import board, charts, methods, notes, tables
from readiness.display.i18n import fmt_number, fmt_percent
from readiness.model.coverage import coverage_years
from readiness.pipeline.provenance import NOTE_KINDS

ds, spec, lang, res, fw = app.page()
year, window = spec.year, spec.window
root = fw.node(fw.root)

st.title(app.t("methodology.title"))
st.markdown(root.extra.get(f"description_{lang}", ""))

st.subheader(app.t("methodology.framework_title"))
for pillar in fw.pillars():
    node = fw.node(pillar)
    share = fmt_number(fw.relative_weight(pillar) * 100, lang, 0)
    with st.expander(f"{node.name(lang)} — {app.t('methodology.weight', share=share)}", expanded=False):
        st.markdown(node.extra.get(f"description_{lang}", ""))
        st.caption(node.extra.get(f"weight_rationale_{lang}", ""))
        for ind in fw.children(pillar):
            n = fw.node(ind)
            status = f" · _{app.t('common.awaiting_data')}_" if n.extra.get("status") == "awaiting data" else ""
            st.markdown(f"**{n.name(lang)}**{status}")
            st.markdown(app.t("methodology.indicator_detail",
                              what=n.extra.get(f"description_{lang}", ""), why=n.extra.get(f"why_{lang}", ""),
                              weight=fmt_number(fw.relative_weight(ind) * 100, lang, 0),
                              rationale=n.extra.get(f"weight_rationale_{lang}", ""),
                              origin=n.extra.get("publisher") or n.extra.get(f"derived_from_{lang}")
                              or n.extra.get("derived_from") or "–"))
            if n.extra.get("bands"):
                st.caption(app.t("methodology.bands", bands=n.extra.get(f"bands_{lang}") or n.extra["bands"]))
st.dataframe(app.localise(tables.framework_view(fw, lang, core=res.is_core)), key="methodology_framework_table",
             hide_index=True, width="stretch")

st.subheader(app.t("methodology.rule_title"))
st.info(board.rule_text(spec, lang, fw))
st.markdown(app.t("methodology.rule_body"))

if fw.core:  # the common core: which indicators, chosen by which screen, and the default year
    st.subheader(app.t("methodology.core_title"))
    rules = ScreenRules()
    screen_year = max(ds.years_with_data())
    st.markdown(app.t("methodology.core_body", share=fmt_percent(rules.min_share, lang), per_group=rules.min_per_group,
                      unique=fmt_percent(rules.min_unique, lang), year=screen_year, window=window,
                      n=len(spec.study or ())))
    screened = screen(fw, app.cube(), study_regions(ds.regions, ds.headline_groups()), year=screen_year,
                      window=window)
    st.dataframe(app.localise(tables.screen_view(screened, fw, ds.group_names(lang), lang)),
                 key="methodology_screen_table", hide_index=True, width="stretch")
    for ind in fw.core:
        why = fw.node(ind).extra.get(f"core_rationale_{lang}") or fw.node(ind).core_rationale
        st.caption(f"**{fw.node(ind).name(lang)}** — {why}")
st.markdown(app.t("methodology.default_year_body", year=year))

st.subheader(app.t("methodology.scales_title"))
for ind in fw.indicators:
    rationale = fw.node(ind).extra.get(f"scale_rationale_{lang}")
    if rationale:
        st.markdown(f"**{fw.node(ind).name(lang)}** — {rationale}")

st.subheader(app.t("methodology.periods_title"))
st.caption(app.t("methodology.periods_caption"))
st.dataframe(app.localise(board.periods_view(ds, lang)), key="methodology_periods_table", hide_index=True,
             column_config=app.link_columns(), width="stretch")

st.subheader(app.t("methodology.bands_title"))
st.caption(app.t("methodology.bands_caption"))
st.dataframe(app.localise(board.bands_view(ds, lang)), key="methodology_bands_table", hide_index=True,
             column_config=app.link_columns(), width="stretch")

st.subheader(app.t("methodology.methods_title"))
st.markdown(app.t("methodology.methods_body", year=year, window=window, method=app.method_name(spec.normalise),
                  aggregate=methods.label("aggregate", spec.aggregate, lang, "term"),
                  coverage=int(spec.min_coverage * 100)))
st.markdown(app.t("methodology.weights_core" if res.is_core else "methodology.weights_extended"))
st.markdown(methods.label("normalise", spec.normalise, lang, "about"))
st.dataframe(app.localise(tables.methods_view(res, lang)), key="methodology_methods_table", hide_index=True,
             width="stretch")
shown = [k for k in NOTE_KINDS if k != "weights_rescaled"]  # relative weights are the design, not news
for text in notes.describe_all(res.notes, fw, lang, kinds=shown):  # what the engine recorded about these scores
    st.caption("ℹ️ " + text)

st.subheader(app.t("methodology.coverage_title"))
st.caption(app.t("methodology.coverage_caption"))
app.chart(charts.build_coverage_heatmap(coverage_years(ds), fw, lang, ds.region_labels()),
          key="methodology_coverage")

st.subheader(app.t("methodology.undated_title"))
st.caption(app.t("methodology.undated_caption"))
st.dataframe(app.localise(tables.undated_view(ds, lang)), key="methodology_undated_table", hide_index=True,
             column_config=app.link_columns(), width="stretch")

st.subheader(app.t("methodology.sources_title", n=len(ds.sources)))
st.dataframe(app.localise(tables.sources_view(ds)), key="methodology_sources_table", hide_index=True,
             column_config=app.link_columns(), width="stretch")
