"""Kesiapan Penyangga IKN: the dashboard's entry point (``streamlit run dashboard.py``).

Registers the pages first, from their one list (``readiness_app.pages``), so that a shared deep link such as
``/bandingkan?lang=EN`` resolves on the very first request; then reads the store's data version (one single-row
query per rerun: a commit from another process shows now), loads the data and draws the shared sidebar (language,
year, scoring settings — all kept in the URL), then runs the chosen page. The pages read the selections, call the
``readiness`` library and render.
"""

import os

# pyarrow picks its memory pool when it first loads (with pandas, below): the system allocator, for a server of small
# tables (readiness_app.process explains; tune_memory() covers a process where pyarrow was loaded already).
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

import streamlit as st

import readiness_app as app
from readiness.errors import ReadinessError
from readiness.store.errors import SeedAheadError
from readiness_app import uploads
from readiness_app.pages import PAGES
from readiness_app.presenter import projector_css
from readiness_app.process import tune_memory
from readiness_app.snapshots import banner as snapshot_banner

tune_memory()
uploads.bound_session_uploads()  # a session holds at most 48 MB of uploads, whatever the file ids
st.set_page_config(page_title="Kesiapan Penyangga IKN", layout="wide", initial_sidebar_state="expanded")

lang = app.requested_language()
page = st.navigation(
    [st.Page(p.file, title=app.t(p.title_key, language=lang), url_path=p.url_path, default=p.default, icon=p.icon)
     for p in PAGES],
    position="top",
)
try:
    app.refresh_data()
    app.dataset()
except SeedAheadError as exc:  # a store seeded from an older data/: db sync, not "invalid data"
    st.error(app.t("data.store_behind", language=lang, folder=exc.folder, ids=", ".join(exc.missing[:10])))
    st.stop()
except ReadinessError as exc:  # bad bundled data: say what is wrong, never a traceback
    st.error("Data tidak valid / The data is not valid:\n\n" + "\n".join(f"- {p}" for p in exc.problems[:20]))
    st.stop()
app.sidebar()
snapshot_banner(page.url_path, app.dataset())  # on a snapshot link: its date, what changed since, the current view
projector_css()  # no blank band above titles, metric cards that fit their labels (readiness_app.presenter)
page.run()
