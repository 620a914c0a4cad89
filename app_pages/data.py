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
from readiness.display import records
from readiness.errors import ReadinessError
from readiness.model.derive import derive_rules
from readiness_app import store as data


def c(key: str, **values: object) -> str:
    return app.t(f"data.{key}", **values)


def show_problems(lines: list[str]) -> None:
    st.error(c("problems"))
    st.text("\n".join(records.message(line, lang) for line in lines[:200]))


def saved(preview) -> str:
    """What a commit wrote: the values (one revision each) and, apart, any new sources they cite."""
    values = sum(r.status in ("new", "changed") for r in preview.rows)
    return c("saved", n=values) + (c("saved_sources", s=len(preview.new_sources)) if preview.new_sources else "")



editor = data.editor()
s = data.store() if editor is not None else data.reader()  # a viewer reads a SQLite store without SQLAlchemy
lang, fw = app.lang(), s.framework
version = data.data_version()[1]
regions = s.table("regions")
region_names = {str(k): str(n) for k, n, kind in zip(regions["code"], regions["name"], regions["kind"], strict=True)
                if kind != "reference"}
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

if not data.editing_enabled():
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
                st.error(records.message(exc, lang))
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
            st.dataframe(records.preview_view(preview.to_frame(), fw, region_names, lang), key="data_preview_table",
                         hide_index=True, width="stretch")
        if not preview.ok:
            show_problems(preview.problems(limit=200))
        else:
            reason = st.text_input(c("reason"), key="data_upload_reason")
            if st.button(c("commit"), key="data_commit", type="primary"):
                try:
                    ids = commit(s, preview, editor=editor, reason=reason or None)
                    data.done(saved(preview) if ids else c("nothing"))
                except ReadinessError as exc:
                    show_problems(list(exc.problems))

st.subheader(c("editor"))
code = st.selectbox(c("region"), list(region_names), key="data_region", format_func=region_names.get)
sources = s.table("sources")
shown = s.region_observations(code)
st.dataframe(records.observations_view(shown, fw, sources, lang), key="data_region_table", hide_index=True,
             width="stretch")
# The revisions this session saw on its previous run (the one whose form is being submitted), then this run's.
seen = st.session_state.get("_data_edit_seen", (None, {}))
st.session_state["_data_edit_seen"] = (code, {f"{code}|{i}|{y}": int(r) for i, y, r in
                                              zip(shown["indicator"], shown["year"], shown["revision_id"],
                                                  strict=True)})
indicators = [i for i in s.framework.indicators if i not in derive_rules(s.framework)]  # derived ones come from events
if editor is not None:
    with st.form("data_edit"):
        e_cols = st.columns(4)
        ind = e_cols[0].selectbox(c("indicator"), indicators, key="data_edit_indicator",
                                  format_func=lambda i: fw.node(i).name(lang))
        year = e_cols[1].number_input(c("year"), min_value=1990, max_value=2100, value=2024, step=1,
                                      key="data_edit_year")
        value = e_cols[2].text_input(c("value"), key="data_edit_value")
        source_names = records.source_names(sources)
        source_id = e_cols[3].selectbox(c("source_id"), list(sources["id"]), key="data_edit_source", index=None,
                                        placeholder=c("source_choose"), format_func=source_names.get)
        if st.form_submit_button(c("check")):
            key = f"{code}|{ind}|{int(year)}"
            now = s.current_values().get(key, (None, None))[0]
            was = seen[1].get(key) if seen[0] == code else now  # another editor or instance may have committed
            edit = None if source_id is None else preview_edit(s, code, {(ind, int(year)): value}, source_id=source_id)
            if edit is None:  # no default: the editor names the figure's source
                st.error(c("source_missing"))
            elif was != now:
                st.error(c("changed_since", what=f"{region_names[code]} · {fw.node(ind).name(lang)} · {int(year)}",
                           was=was or "–", now=now or "–"))
            elif edit.ok:
                try:
                    ids = commit(s, edit, editor=editor, reason="edited on the Data page")
                    data.done(saved(edit) if ids else c("nothing"))
                except ReadinessError as exc:
                    show_problems(list(exc.problems))
            else:
                show_problems(edit.problems())

st.subheader(c("history"))
h_ind = st.selectbox(c("indicator"), indicators, key="data_history_indicator",
                     format_func=lambda i: fw.node(i).name(lang))
history = s.history(code, h_ind)
if history.empty:
    st.info(c("no_history"))
else:
    st.dataframe(records.history_view(history, sources, lang), key="data_history_table", hide_index=True,
                 width="stretch")
    if editor is not None:
        rev = st.selectbox(c("revision"), list(history["id"])[::-1], key="data_revert_id")
        if st.button(c("revert"), key="data_revert"):
            st.session_state["data_revert_pending"] = int(rev)
        if (pending := st.session_state.get("data_revert_pending")) is not None:
            row = history[history["id"] == pending]
            if row.empty:
                st.session_state.pop("data_revert_pending")
            else:  # a confirmation before anything is written
                st.warning(c("revert_confirm", r=pending, year=int(row["year"].iloc[0]), name=fw.node(h_ind).name(lang),
                             region=region_names.get(code, code)))
                yes, no = st.columns([1, 4])
                if yes.button(c("revert_yes"), key="data_revert_yes", type="primary"):
                    st.session_state.pop("data_revert_pending")
                    try:
                        new_id = s.revert(pending, editor=editor)
                        data.done(c("reverted", r=pending, n=new_id))
                    except ReadinessError as exc:
                        show_problems(list(exc.problems))
                if no.button(c("revert_no"), key="data_revert_no"):
                    st.session_state.pop("data_revert_pending")
                    st.rerun()
