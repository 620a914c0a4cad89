"""Simulasi / What if: how certain the ranks are (simulations, leave-one-out, sensitivity); the ranking under other
weights and methods (kept in the URL); scenarios of changed indicator values (kept in the session and the link; an
editor may save one for everyone; each is labelled "scenario") and compared; and the fewest improvements that reach
a goal, applied as a scenario. Nothing here changes the published figures."""

import math

import streamlit as st

import readiness_app as app
from readiness.analysis.scenarios import Scenario, default_weights, effective_weights
from readiness.display import methods
from readiness.display import simulation as dw
from readiness.display.i18n import fmt_number, fmt_percent
from readiness.errors import ReadinessError
from readiness_app import simulation as wi
from readiness_app import store as data

ds = app.dataset()
spec = app.spec()
lang = app.lang()
res = app.result(spec)
fw = ds.framework
conf = app.settings_file()
labels = ds.region_labels()
codes = list(res.regions)
colors = app.region_colors()

st.title(app.t("whatif.title"))
if flash := data.flash():
    st.success(flash)
st.caption(app.t("whatif.caption", year=spec.year, window=spec.window, method=app.method_name(spec.normalise)))
views = ["robust", "weights", "scenario", "target"]
view = app.choice(st.segmented_control, "whatif_view", app.t("whatif.view"), views, "robust", required=True,
                  format_func=lambda v: app.t(f"whatif.views.{v}"))
mine = app.my_city()
start_region = mine if mine in codes else conf.profile_region


def save_form(scenario: Scenario, key: str, label: str = "whatif.sc_save") -> None:
    """An editor (logged in on the Data page) saves ``scenario`` for everyone; a viewer's stays in this session and
    its link."""
    if data.editor() is None:
        st.caption(app.t("whatif.sc_viewer"))
        return
    who = app.plain(data.editor().name)
    if st.button(app.t(label), key=f"{key}_save", help=app.t("whatif.sc_save_help", name=who)):
        try:
            wi.save_scenario(scenario)
        except ReadinessError as exc:
            st.error(str(exc))
        else:
            data.done(app.t("whatif.sc_saved", name=app.plain(scenario.name)))


def show_scenario(scenario: Scenario, key: str) -> None:
    """Today vs the scenario for its region, and every region's rank today vs in the scenario."""
    scen = wi.scenario_result(spec, scenario)
    st.dataframe(dw.scenario_view(res, scen, scenario, ds.band_book(), lang), hide_index=True,
                 width="stretch", key=f"{key}_table")
    shift = dw.rank_shift_table(res, scen, labels)
    app.chart(dw.build_rank_shift(shift, lang, app.t("robust.today"), dw.scenario_label(scenario.name, lang),
                                  colors, title=app.t("whatif.sc_shift_title")), key=f"{key}_shift")


# --- (a) how certain are the ranks? ---------------------------------------------------------------------------------
if view == "robust":
    st.markdown(app.t("whatif.robust_intro"))
    c1, c2, c3, c4 = st.columns([1, 1, 1.8, 1.2])  # the toggles' labels fit at 1280 px
    draws = c1.select_slider(app.t("whatif.draws"), [200, 500, 1000, 2000], value=1000, key="whatif_draws",
                             **app.BOUND)
    noise = c2.slider(app.t("whatif.noise"), 0.0, 0.5, 0.25, 0.05, key="whatif_noise", **app.BOUND,
                      help=app.t("whatif.noise_help"), format="%.2f")
    geometric = c3.toggle(app.t("whatif.geometric"), value=True, key="whatif_geometric", **app.BOUND)
    loo_draws = c3.toggle(app.t("whatif.loo_toggle"), value=False, key="whatif_loo", **app.BOUND)
    others = [m for m in methods.names("normalise") if m != spec.normalise]
    extra = app.choice(c4.multiselect, "whatif_norms", app.t("whatif.extra_norms"), others, [], multi=True,
                       format_func=app.method_name, placeholder=app.t("whatif.extra_norms_none"))
    options = wi.simulation_options(draws, noise, tuple(extra), bool(geometric), bool(loo_draws))
    try:
        u = wi.uncertainty_run(spec, options)
    except ReadinessError as exc:
        st.error(app.t("whatif.error") + "\n\n" + "\n".join(f"- {p}" for p in exc.problems[:8]))
        st.stop()
    table = dw.rank_interval_table(u, labels)
    app.chart(dw.build_rank_intervals(table, lang, app.t("whatif.intervals_title", year=spec.year,
                                                         draws=fmt_number(draws, lang, 0))), key="whatif_intervals")
    st.caption(app.t("whatif.intervals_note"))
    with st.expander(app.t("whatif.intervals_table")):
        st.dataframe(dw.rank_interval_view(table, lang), hide_index=True, width="stretch", key="whatif_iv_table")

    st.subheader(app.t("whatif.loo_title"))
    loo = wi.loo_run(spec)
    app.chart(dw.build_loo_heatmap(loo, fw, labels, lang), key="whatif_loo_heat")
    st.caption(app.t("whatif.loo_note"))
    st.dataframe(dw.loo_view(loo, fw, lang), hide_index=True, width="stretch", key="whatif_loo_table")

    st.subheader(app.t("whatif.sens_title"))
    try:
        sens = wi.sensitivity_run(spec, options)
    except ReadinessError:
        st.info(app.t("whatif.sens_none"))
    else:
        app.chart(dw.build_sensitivity_bars(sens, lang), key="whatif_sens")
        st.caption(app.t("whatif.sens_note"))

# --- (b) other weights ------------------------------------------------------------------------------------------------
elif view == "weights":
    st.markdown(app.t("whatif.weights_intro"))
    defaults = default_weights(fw)

    def reset_weights() -> None:
        for node, weight in defaults.items():
            st.session_state[f"w_{node}"] = float(weight)
        st.session_state["whatif_norm"] = spec.normalise
        st.session_state["whatif_agg"] = "arithmetic"

    m1, m2, m3 = st.columns([1, 1.4, 1])
    normalisers = list(methods.names("normalise"))
    norm = app.choice(m1.selectbox, "whatif_norm", app.t("whatif.normalisation"), normalisers, spec.normalise,
                      format_func=app.method_name)
    agg = app.choice(m2.segmented_control, "whatif_agg", app.t("whatif.aggregation"), list(methods.names("aggregate")),
                     "arithmetic", required=True, format_func=lambda v: app.method_name(v, "aggregate"))
    m3.button(app.t("whatif.reset"), on_click=reset_weights, key="whatif_reset")
    weights: dict[str, float] = {}
    pillar_cols = st.columns(len(fw.pillars()))
    for col, pillar in zip(pillar_cols, fw.pillars(), strict=True):
        with col.container(border=True):
            # the pillar's name in bold above its slider; the slider's own label stays plain text (a screen reader
            # reads a label as written: "**Digitalisasi**" would be read with its asterisks)
            st.markdown(f"**{app.plain(fw.node(pillar).name(lang))}**")
            weights[pillar] = st.slider(fw.node(pillar).name(lang), 0.0, 5.0, float(defaults[pillar]), 0.5,
                                        key=f"w_{pillar}", **app.BOUND, help=app.t("whatif.pillar_weights"),
                                        label_visibility="collapsed")
            for ind in fw.children(pillar):
                weights[ind] = st.slider(fw.node(ind).name(lang), 0.0, 5.0, float(defaults[ind]), 0.5,
                                         key=f"w_{ind}", **app.BOUND)
    chosen = tuple(sorted((n, float(w)) for n, w in weights.items()))
    try:
        new_fw = wi.reweighted_framework(chosen)
    except ReadinessError as exc:
        st.warning(app.t("whatif.weights_error") + "\n\n" + "\n".join(f"- {p}" for p in exc.problems[:8]))
        st.stop()
    shares = effective_weights(new_fw)
    for col, pillar in zip(pillar_cols, fw.pillars(), strict=True):
        col.caption(app.t("whatif.share_of_index", share=fmt_percent(shares[pillar], lang, 1)) + " · "
                    + " · ".join(f"{fw.node(i).name(lang)} {fmt_percent(shares[i], lang, 1)}"
                                 for i in fw.children(pillar)))
    new_spec = spec.but(normalise=norm, aggregate=agg, range=(1.0, 100.0) if agg == "geometric" else spec.range)
    if agg == "geometric":
        st.caption(app.t("whatif.geometric_note"))
    try:
        new_res = wi.reweighted_result(new_spec, chosen)
    except ReadinessError as exc:
        st.warning(app.t("whatif.weights_error") + "\n\n" + "\n".join(f"- {p}" for p in exc.problems[:8]))
        st.stop()
    if chosen == tuple(sorted(defaults.items())) and new_spec == spec:
        st.info(app.t("whatif.unchanged"))
    shift = dw.rank_shift_table(res, new_res, labels)
    app.chart(dw.build_rank_shift(shift, lang, app.t("whatif.framework_label"), app.t("whatif.these_weights"),
                                  colors, title=app.t("whatif.shift_title")), key="whatif_shift")
    st.dataframe(dw.rank_shift_view(shift, lang, app.t("whatif.framework_label"), app.t("whatif.these_weights")),
                 hide_index=True, width="stretch", key="whatif_shift_table")
    with st.expander(app.t("whatif.weights_table")):
        st.dataframe(dw.weights_view(fw, new_fw, lang), hide_index=True, width="stretch", key="whatif_weights_table")

# --- (c) scenarios ----------------------------------------------------------------------------------------------------
elif view == "scenario":
    st.info(app.t("whatif.scenario_banner"))
    region = app.choice(st.selectbox, "whatif_sc_region", app.t("whatif.region"), codes, start_region,
                        format_func=app.region_format)
    r = codes.index(region)
    st.markdown("**" + app.t("whatif.sc_values", name=app.plain(app.region_format(region))) + "**")
    changes: dict[str, float] = {}
    cols = st.columns(3)
    for k, ind in enumerate(fw.indicators):
        node = fw.node(ind)
        today = float(res.raw[r, k])
        has = not math.isnan(today)
        lo, hi = (node.goal_min, node.goal_max) if node.has_goalposts else (0.0, None)
        help_text = (app.t("whatif.sc_today", value=fmt_number(today, lang, 2), year=int(res.year_used[r, k]))
                     if has else app.t("whatif.sc_today_none"))
        value = app.number_field(cols[k % 3], f"{node.name(lang)} ({node.unit_in(lang)})" if node.unit
                                 else node.name(lang), f"sc_{region}_{ind}", today if has else None, lo, hi,
                                 bound=True, help=help_text, placeholder=app.t("common.no_data"))
        if value is not None and (not has or abs(float(value) - round(today, 2)) > 1e-9):
            changes[ind] = float(value)
    saved = wi.saved_scenarios()
    name = st.text_input(app.t("whatif.sc_name"), value=app.t("whatif.sc_default_name", n=len(saved) + 1),
                         key="whatif_sc_name", bind="query-params")
    if changes:
        scenario = Scenario.of(name or app.t("whatif.sc_default_name", n=len(saved) + 1), region, changes)
        st.subheader(app.plain(dw.scenario_label(scenario.name, lang)))
        show_scenario(scenario, "whatif_sc")
        save_form(scenario, "whatif_sc")
    else:
        st.caption(app.t("whatif.sc_none"))

    st.subheader(app.t("whatif.sc_compare"))
    st.caption(app.t("whatif.sc_shared"))
    usable = {n: s for n, s in saved.items() if s.scenario.region in codes}
    if not usable:
        st.caption(app.t("whatif.sc_empty"))
    else:
        picked = st.multiselect(app.t("whatif.sc_compare_pick"), list(usable), default=list(usable),
                                key="whatif_sc_compare",
                                format_func=lambda n: app.t("whatif.sc_by", label=dw.scenario_label(n, lang),
                                                            author=usable[n].author))
        items = [(usable[n].scenario, wi.scenario_result(spec, usable[n].scenario)) for n in picked]
        if items:
            st.dataframe(dw.scenarios_view(res, items, labels, lang), hide_index=True, width="stretch",
                         key="whatif_sc_compare_table")

# --- (d) what moves us up? --------------------------------------------------------------------------------------------
else:
    kind = app.choice(st.segmented_control, "whatif_tg_kind", app.t("whatif.goal_kind"), ["band", "score", "overtake"],
                      "overtake", required=True, format_func=lambda v: app.t(f"whatif.goals.{v}"))
    c1, c3 = st.columns(2)
    region = app.choice(c1.selectbox, "whatif_tg_region", app.t("whatif.region"), codes, start_region,
                        format_func=app.region_format)
    r = codes.index(region)
    goal, goal_label = None, ""
    if kind == "band":
        bands = wi.bands(spec.year, lang)
        usable = [i for i in fw.indicators if i in bands and fw.node(i).direction == 1
                  and not math.isnan(res.raw[r, fw.indicators.index(i)])]
        if usable:
            ind = app.choice(c3.selectbox, "whatif_tg_band", app.t("whatif.goal_band"), usable, usable[0],
                             format_func=lambda i: fw.node(i).name(lang))
            goal = f"band:{ind}"
            goal_label = app.t("whatif.goal_label.band", name=fw.node(ind).name(lang))
        else:
            st.info(app.t("whatif.goal_band_none", name=app.plain(app.region_format(region))))
    elif kind == "score":
        current = res.values[r, -1]
        start = min(100.0, math.floor(current) + 5.0) if not math.isnan(current) else 50.0
        threshold = app.number_field(c3, app.t("whatif.goal_score"), "whatif_tg_score", start, 0.0, 100.0, 1,
                                     bound=True)
        if threshold is None:
            threshold = start
        goal = f"score:{threshold:g}"
        goal_label = app.t("whatif.goal_label.score", value=fmt_number(threshold, lang))
    else:
        others = [c for c in codes if c != region]
        default_other = "32.76" if "32.76" in others else others[0]
        other = app.choice(c3.selectbox, "whatif_tg_other", app.t("whatif.goal_other"), others, default_other,
                           format_func=app.region_format)
        goal = f"overtake:{other}"
        goal_label = app.t("whatif.goal_label.overtake", name=app.region_format(other))
        st.caption(app.t("whatif.like_for_like"))
    if goal is not None:
        try:
            plan = wi.target_plan(spec, region, goal, lang)
        except ReadinessError as exc:
            st.warning("\n".join(exc.problems[:8]))
            st.stop()
        st.subheader(app.t("whatif.plan_title"))
        words = dw.plan_text(plan, {c: app.plain(n) for c, n in labels.items()}, lang)  # shown as Markdown
        (st.success if plan.reached else st.warning)(" ".join(words))
        if plan.actions:
            st.dataframe(dw.plan_view(plan, fw, lang), hide_index=True, width="stretch", key="whatif_plan_table")
            st.caption(app.t("whatif.plan_note"))
            st.subheader(app.t("whatif.plan_applied"))
            scenario = Scenario.of(app.t("whatif.plan_scenario_name", goal=goal_label), region,
                                   {a["indicator"]: a["target"] for a in plan.actions})
            show_scenario(scenario, "whatif_tg")
            save_form(scenario, "whatif_tg", "whatif.plan_save")
