"""Data: download the Excel template and the current figures with their sources; editors log in with the passcode,
upload a CSV/Excel file, check the preview (new, changed, unchanged, rejected) and commit it; edit one region's
figures; see a value's history and revert a change. Viewing needs no login. All checks live in
``readiness.store``; this page only renders. User-supplied text is shown as plain text (tables, st.text), never as
markdown or HTML.
"""

from __future__ import annotations

import os

import streamlit as st

import readiness_app as app
from readiness.derive import derive_rules
from readiness.errors import ReadinessError
from readiness.store import Access, Store, default_url
from readiness.store.importer import Source, commit, export_bytes, preview_edit, preview_upload, template_bytes

COPY = {
    "id": {
        "title": "Data", "version": "Versi data {v} · penyimpanan {b}", "downloads": "Unduh",
        "template": "Templat impor (Excel)", "export_csv": "Data terkini + sumber (CSV)",
        "export_xlsx": "Data terkini + sumber (Excel)", "login": "Masuk sebagai editor", "name": "Nama Anda",
        "passcode": "Kode akses", "login_button": "Masuk", "logout": "Keluar", "logged_in": "Masuk sebagai {n}.",
        "disabled": "Penyuntingan dinonaktifkan: kode akses editor belum diatur (READINESS_EDITOR_PASSCODE_HASH). "
                    "Data tetap dapat dilihat dan diunduh.",
        "upload": "Impor berkas", "file": "Berkas CSV atau Excel (.xlsx)",
        "source_help": "Sumber untuk baris tanpa sumber (judul, penerbit, tanggal; URL bila daring)",
        "source_title": "Judul sumber", "source_publisher": "Penerbit", "source_url": "URL (opsional)",
        "source_date": "Tanggal (2024, 2024-05 atau 2024-05-31)", "preview": "Pratinjau",
        "new": "baru", "changed": "berubah", "unchanged": "tetap", "rejected": "ditolak",
        "problems": "Perbaiki berkas lalu unggah lagi; tidak ada yang disimpan:", "commit": "Simpan semua",
        "reason": "Alasan (opsional)", "saved": "Tersimpan: {n} revisi.", "editor": "Sunting satu wilayah",
        "region": "Wilayah", "indicator": "Indikator", "year": "Tahun", "value": "Nilai",
        "source_id": "Sumber yang sudah ada (id)", "check": "Periksa", "history": "Riwayat dan pembatalan",
        "no_history": "Belum ada riwayat.", "revision": "Nomor revisi yang dibatalkan", "revert": "Batalkan",
        "reverted": "Revisi {r} dibatalkan (revisi baru {n}).", "nothing": "Tidak ada perubahan.",
    },
    "en": {
        "title": "Data", "version": "Data version {v} · store {b}", "downloads": "Download",
        "template": "Import template (Excel)", "export_csv": "Current figures + sources (CSV)",
        "export_xlsx": "Current figures + sources (Excel)", "login": "Log in as an editor", "name": "Your name",
        "passcode": "Passcode", "login_button": "Log in", "logout": "Log out", "logged_in": "Logged in as {n}.",
        "disabled": "Editing is disabled: no editor passcode is configured (READINESS_EDITOR_PASSCODE_HASH). "
                    "The data can still be viewed and downloaded.",
        "upload": "Import a file", "file": "CSV or Excel (.xlsx) file",
        "source_help": "Source of the rows that name none (title, publisher, date; URL if online)",
        "source_title": "Source title", "source_publisher": "Publisher", "source_url": "URL (optional)",
        "source_date": "Date (2024, 2024-05 or 2024-05-31)", "preview": "Preview",
        "new": "new", "changed": "changed", "unchanged": "unchanged", "rejected": "rejected",
        "problems": "Fix the file and upload it again; nothing was saved:", "commit": "Save all",
        "reason": "Reason (optional)", "saved": "Saved: {n} revisions.", "editor": "Edit one region",
        "region": "Region", "indicator": "Indicator", "year": "Year", "value": "Value",
        "source_id": "Existing source (id)", "check": "Check", "history": "History and revert",
        "no_history": "No history yet.", "revision": "Revision number to revert", "revert": "Revert",
        "reverted": "Revision {r} reverted (new revision {n}).", "nothing": "Nothing changed.",
    },
}


SETTINGS = ("DATABASE_URL", "READINESS_EDITOR_PASSCODE_HASH", "READINESS_EDITOR_PASSCODE")


def settings() -> tuple[str, tuple[tuple[str, str], ...]]:
    """The store URL and the passcode settings, from the environment, else Streamlit secrets."""
    values = {}
    for key in SETTINGS:
        value = os.environ.get(key)
        if not value:
            try:
                value = st.secrets.get(key)
            except FileNotFoundError:  # no secrets file
                value = None
        if value:
            values[key] = str(value)
    url = values.pop("DATABASE_URL", None) or default_url()
    return url, tuple(sorted(values.items()))


@st.cache_resource(show_spinner=False, max_entries=4)
def store(url: str, passcode_settings: tuple[tuple[str, str], ...]) -> Store:
    """The store (migrated and seeded on first use) and its editor access, shared by the sessions of this server."""
    return Store.open(url, access=Access.from_env(dict(passcode_settings)))


@st.cache_data(max_entries=4, show_spinner=False)
def downloads(url: str, version: int, kind: str) -> bytes:
    """Template and export bytes; ``version`` (the data version) keys the cache."""
    s = store(*settings())
    return template_bytes(s) if kind == "template" else export_bytes(s, kind)


def done(message: str) -> None:
    """Show ``message`` after a rerun (so that every table on the page shows the new data)."""
    st.session_state["data_flash"] = message
    st.rerun()


def show_problems(lines: list[str]) -> None:
    st.error(c["problems"])
    st.text("\n".join(lines[:200]))


lang = app.lang()
c = COPY[lang]
s = store(*settings())
version = s.data_version()
editor = st.session_state.get("data_editor")

st.title(c["title"])
st.caption(c["version"].format(v=version, b=s.backend))
if flash := st.session_state.pop("data_flash", None):
    st.success(flash)

st.subheader(c["downloads"])
cols = st.columns(3)
cols[0].download_button(c["template"], downloads(s.url, version, "template"), "template_kesiapan.xlsx",
                        key="data_template")
cols[1].download_button(c["export_csv"], downloads(s.url, version, ".csv"), "data_kesiapan.csv", key="data_export_csv")
cols[2].download_button(c["export_xlsx"], downloads(s.url, version, ".xlsx"), "data_kesiapan.xlsx",
                        key="data_export_xlsx")

if not s.access.enabled:
    st.info(c["disabled"])
elif editor is None:
    with st.form("data_login"):
        st.subheader(c["login"])
        name = st.text_input(c["name"], key="data_login_name")
        passcode = st.text_input(c["passcode"], type="password", key="data_login_passcode")
        if st.form_submit_button(c["login_button"]):
            try:
                st.session_state["data_editor"] = s.access.login(name, passcode)
                st.rerun()
            except ReadinessError as exc:
                st.error(str(exc))
else:
    st.success(c["logged_in"].format(n=editor.name))
    if st.button(c["logout"], key="data_logout"):
        del st.session_state["data_editor"]
        st.rerun()

    st.subheader(c["upload"])
    upload = st.file_uploader(c["file"], type=["csv", "xlsx"], key="data_upload")
    st.caption(c["source_help"])
    src_cols = st.columns(4)
    source = Source(src_cols[0].text_input(c["source_title"], key="data_source_title"),
                    src_cols[1].text_input(c["source_publisher"], key="data_source_publisher"),
                    src_cols[3].text_input(c["source_date"], key="data_source_date"),
                    src_cols[2].text_input(c["source_url"], key="data_source_url"))
    if upload is not None:
        preview = preview_upload(upload.getvalue(), upload.name, s,
                                 default_source=source if source.title or source.publisher else None)
        counts = preview.counts
        st.markdown(f"**{c['preview']}**")
        metric_cols = st.columns(4)
        for col, status in zip(metric_cols, ("new", "changed", "unchanged", "rejected"), strict=True):
            col.metric(c[status], counts[status])
        if preview.rows:
            st.dataframe(preview.to_frame(), key="data_preview_table", hide_index=True, width="stretch")
        if not preview.ok:
            show_problems(preview.problems(limit=200))
        else:
            reason = st.text_input(c["reason"], key="data_upload_reason")
            if st.button(c["commit"], key="data_commit", type="primary"):
                try:
                    ids = commit(s, preview, editor=editor, reason=reason or None)
                    done(c["saved"].format(n=len(ids)) if ids else c["nothing"])
                except ReadinessError as exc:
                    show_problems(list(exc.problems))

st.subheader(c["editor"])
regions = s.table("regions")
regions = regions[regions["kind"] != "reference"]
code = st.selectbox(c["region"], list(regions["code"]), key="data_region",
                    format_func=lambda k: f"{k} {regions.set_index('code').at[k, 'name']}")
st.dataframe(s.region_observations(code), key="data_region_table", hide_index=True, width="stretch")
indicators = [i for i in s.framework.indicators if i not in derive_rules(s.framework)]  # derived ones come from events
if editor is not None:
    with st.form("data_edit"):
        e_cols = st.columns(4)
        ind = e_cols[0].selectbox(c["indicator"], indicators, key="data_edit_indicator")
        year = e_cols[1].number_input(c["year"], min_value=1990, max_value=2100, value=2024, step=1,
                                      key="data_edit_year")
        value = e_cols[2].text_input(c["value"], key="data_edit_value")
        source_id = e_cols[3].selectbox(c["source_id"], list(s.table("sources")["id"]), key="data_edit_source")
        if st.form_submit_button(c["check"]):
            edit = preview_edit(s, code, {(ind, int(year)): value}, source_id=source_id)
            if edit.ok:
                try:
                    ids = commit(s, edit, editor=editor, reason="edited on the Data page")
                    done(c["saved"].format(n=len(ids)) if ids else c["nothing"])
                except ReadinessError as exc:
                    show_problems(list(exc.problems))
            else:
                show_problems(edit.problems())

st.subheader(c["history"])
h_ind = st.selectbox(c["indicator"], indicators, key="data_history_indicator")
history = s.history(code, h_ind)
if history.empty:
    st.info(c["no_history"])
else:
    st.dataframe(history.drop(columns=["batch"]), key="data_history_table", hide_index=True, width="stretch")
    if editor is not None:
        rev = st.selectbox(c["revision"], list(history["id"])[::-1], key="data_revert_id")
        if st.button(c["revert"], key="data_revert"):
            try:
                new_id = s.revert(int(rev), editor=editor)
                done(c["reverted"].format(r=rev, n=new_id))
            except ReadinessError as exc:
                show_problems(list(exc.problems))
