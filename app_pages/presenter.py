"""Presentasi / Presenter: a region's briefing, one message per view (official results, summary, pillars against
peers, trend, strengths and weaknesses, evidence, method), each titled with its finding and a source line. Presenter
mode (kept in the URL) hides the controls and enlarges the charts; the arrows or the keyboard step through the
views. The briefing pack (PowerPoint deck, one-page PDF) and each chart download with their sources."""

from html import escape

import streamlit as st

import readiness_app as app
from readiness.display import briefing
from readiness_app import presenter, snapshots

ds, spec, lang, res, _ = app.page()
codes = list(res.regions)

with st.container(key="presenter_controls"):
    st.title(app.t("presenter.title"))
    snapshots.save_button("presenter", spec)
    c1, c2 = st.columns([1, 2])
    mine = app.my_city()
    region = app.choice(c1.selectbox, "presenter_region", app.t("presenter.region"), codes,
                        mine if mine in codes else app.settings_file().profile_region, format_func=app.region_format)
    peers = app.choice(c2.multiselect, "presenter_peers", app.t("presenter.peers"), codes,
                       [p for p in briefing.DEFAULT_PEERS if p in codes and p != region], multi=True,
                       max_selections=5, format_func=app.region_format)
# the stepping arrows and the mode switch sit above the view, so that they stay in sight at 1280x720 on every view
nav, mode = st.columns([1.4, 1], vertical_alignment="center")
with mode:
    present = st.toggle(presenter.mode_label(), key="presenter_mode", **app.BOUND,
                        help=app.t("presenter.mode_help"))
brief = presenter.briefing_for(spec, region, tuple(p for p in peers if p != region), lang)
views = brief.views
with nav:
    number = st.pagination(len(views), default=1, key="presenter_view", **app.BOUND, max_visible_pages=8)
view = views[min(max(int(number), 1), len(views)) - 1]
presenter.presenter_css(present)
body = st.container()

with body:
    st.html(f"<p class='presenter-kicker'>{escape(view.heading)} · {escape(brief.name)} · {brief.year}</p>"
            f"<p class='presenter-title'>{escape(view.title)}</p>")
    if view.figure is not None:
        fig = briefing.presentation_figure(view.figure, 20 if present else 16, height=400 if present else 430)
        app.chart(fig, key=f"presenter_chart_{view.key}")
    elif view.table is not None and len(view.table):
        st.table(view.table.set_index(view.table.columns[0]))
    if view.bullets and view.key != "strengths":
        shown = view.bullets if view.key == "method" else view.bullets[:4] if view.figure is None else view.bullets[:1]
        items = "".join(f"<li>{escape(b)}</li>" for b in shown)
        st.html(f"<ul class='presenter-bullets'>{items}</ul>")
    st.html(f"<p class='presenter-source'>{escape(view.source)}</p>")
presenter.presenter_keys()
st.caption(app.t("presenter.keys"))

with st.container(key="presenter_pack"), st.expander(app.t("presenter.pack"), expanded=True):
    args = (spec, region, brief.peers, lang)
    d1, d2, d3 = st.columns(3)
    stem = f"paparan-{brief.name.lower().replace(' ', '-')}-{brief.year}-{lang}"
    d1.download_button(app.t("presenter.pptx"), data=presenter.deck(*args), file_name=f"{stem}.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       key="presenter_pptx", on_click="ignore")
    d2.download_button(app.t("presenter.pdf"), data=presenter.one_pager(*args), file_name=f"{stem}.pdf",
                       mime="application/pdf", key="presenter_pdf", on_click="ignore")
    if view.figure is not None:
        d3.download_button(app.t("presenter.png"), data=presenter.chart_png(*args, view.key),
                           file_name=f"{stem}-{view.key}.png", mime="image/png", key="presenter_png",
                           on_click="ignore")
    elif view.table is not None and len(view.table):
        d3.download_button(app.t("presenter.csv"), data=presenter.table_csv(*args, view.key),
                           file_name=f"{stem}-{view.key}.csv", mime="text/csv", key="presenter_csv",
                           on_click="ignore")
