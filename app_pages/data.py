"""Data: download the Excel template and the current figures with their sources; editors log in with the passcode,
upload a CSV/Excel file, check the preview (new, changed, unchanged, rejected) and commit it; edit one region's
figures; see a value's history and revert a change. Viewing needs no login. All checks live in
``readiness.store``; the store and the session's editor in ``readiness_app.store``; the copy in
``readiness_app/locales/data.{id,en}.yaml``. This page only renders. User-supplied text is shown as plain text
(tables, st.text), never as markdown or HTML.
"""

from __future__ import annotations

import streamlit as st

import readiness_app as app
from readiness.errors import ReadinessError
from readiness.model.derive import derive_rules
from readiness_app import store as data


def c(key: str, **values: object) -> str:
    return app.t(f"data.{key}", **values)


def show_problems(lines: list[str]) -> None:
    st.error(c("problems"))
    st.text("\n".join(lines[:200]))


s = data.store()
version = data.data_version()[1]
editor = data.editor()
if editor is not None:  # the importer (and its Excel reading) only for editors
    from readiness.store.importer import Source, commit, preview_edit, preview_upload

st.title(c("title"))
st.caption(c("version", v=version, b=s.backend))
if (seeded := data.seed_status()) != "current":  # data/ edited since the store was seeded: say how to bring it in
    (st.warning if seeded == "changed" else st.info)(c(f"seed_{seeded}", folder=s.seed_dir.name))
if flash := data.flash():
    st.success(flash)

st.subheader(c("downloads"))
cols = st.columns(3)
for col, (label, kind, name, key) in zip(cols, [("template", "template", "template_kesiapan.xlsx", "data_template"),
                                               ("export_csv", ".csv", "data_kesiapan.csv", "data_export_csv"),
                                               ("export_xlsx", ".xlsx", "data_kesiapan.xlsx", "data_export_xlsx")],
                                         strict=True):
    # built on click (Excel writing is loaded only then), once per data version
    col.download_button(c(label), lambda kind=kind: data.downloads(kind), name, key=key, on_click="ignore")

if not s.access.enabled:
    st.info(c("disabled"))
elif editor is None:
    with st.form("data_login"):
        st.subheader(c("login"))
        name = st.text_input(c("name"), key="data_login_name")
        passcode = st.text_input(c("passcode"), type="password", key="data_login_passcode")
        if st.form_submit_button(c("login_button")):
            try:
                data.login(name, passcode)
                st.rerun()
            except ReadinessError as exc:
                st.error(str(exc))
else:
    st.success(c("logged_in", n=app.plain(editor.name)))
    if st.button(c("logout"), key="data_logout"):
        data.logout()
        st.rerun()

    st.subheader(c("upload"))
    upload = st.file_uploader(c("file"), type=["csv", "xlsx"], key="data_upload")
    st.caption(c("source_help"))
    src_cols = st.columns(4)
    source = Source(src_cols[0].text_input(c("source_title"), key="data_source_title"),
                    src_cols[1].text_input(c("source_publisher"), key="data_source_publisher"),
                    src_cols[3].text_input(c("source_date"), key="data_source_date"),
                    src_cols[2].text_input(c("source_url"), key="data_source_url"))
    if upload is not None:
        preview = preview_upload(upload.getvalue(), upload.name, s,
                                 default_source=source if source.title or source.publisher else None)
        counts = preview.counts
        st.markdown("**" + c("preview") + "**")
        metric_cols = st.columns(4)
        for col, status in zip(metric_cols, ("new", "changed", "unchanged", "rejected"), strict=True):
            col.metric(c(status), counts[status])
        if preview.rows:
            st.dataframe(preview.to_frame(), key="data_preview_table", hide_index=True, width="stretch")
        if not preview.ok:
            show_problems(preview.problems(limit=200))
        else:
            reason = st.text_input(c("reason"), key="data_upload_reason")
            if st.button(c("commit"), key="data_commit", type="primary"):
                try:
                    ids = commit(s, preview, editor=editor, reason=reason or None)
                    data.done(c("saved", n=len(ids)) if ids else c("nothing"))
                except ReadinessError as exc:
                    show_problems(list(exc.problems))

st.subheader(c("editor"))
regions = s.table("regions")
regions = regions[regions["kind"] != "reference"]
code = st.selectbox(c("region"), list(regions["code"]), key="data_region",
                    format_func=lambda k: f"{k} {regions.set_index('code').at[k, 'name']}")
st.dataframe(s.region_observations(code), key="data_region_table", hide_index=True, width="stretch")
indicators = [i for i in s.framework.indicators if i not in derive_rules(s.framework)]  # derived ones come from events
if editor is not None:
    with st.form("data_edit"):
        e_cols = st.columns(4)
        ind = e_cols[0].selectbox(c("indicator"), indicators, key="data_edit_indicator")
        year = e_cols[1].number_input(c("year"), min_value=1990, max_value=2100, value=2024, step=1,
                                      key="data_edit_year")
        value = e_cols[2].text_input(c("value"), key="data_edit_value")
        source_id = e_cols[3].selectbox(c("source_id"), list(s.table("sources")["id"]), key="data_edit_source")
        if st.form_submit_button(c("check")):
            edit = preview_edit(s, code, {(ind, int(year)): value}, source_id=source_id)
            if edit.ok:
                try:
                    ids = commit(s, edit, editor=editor, reason="edited on the Data page")
                    data.done(c("saved", n=len(ids)) if ids else c("nothing"))
                except ReadinessError as exc:
                    show_problems(list(exc.problems))
            else:
                show_problems(edit.problems())

st.subheader(c("history"))
h_ind = st.selectbox(c("indicator"), indicators, key="data_history_indicator")
history = s.history(code, h_ind)
if history.empty:
    st.info(c("no_history"))
else:
    st.dataframe(history.drop(columns=["batch"]), key="data_history_table", hide_index=True, width="stretch")
    if editor is not None:
        rev = st.selectbox(c("revision"), list(history["id"])[::-1], key="data_revert_id")
        if st.button(c("revert"), key="data_revert"):
            try:
                new_id = s.revert(int(rev), editor=editor)
                data.done(c("reverted", r=rev, n=new_id))
            except ReadinessError as exc:
                show_problems(list(exc.problems))
