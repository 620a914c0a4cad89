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

from pathlib import Path

import streamlit as st


def preload_charts() -> None:
    """Have the browser load and run Streamlit's chart module now, while this server imports the library and loads
    the data, instead of when the first chart arrives: the module is 4.7 MB and takes the browser about 1.3 s to run
    on two cores, most of a first page's wait (benchmarks/bench_app.py). Its file name carries Streamlit's build
    hash, read from the installed files; the browser resolves it as Streamlit's own loader does (beside the entry
    script), so the module runs once. Nothing is shown; without the file, nothing is done."""
    if (name := chart_module()) is None:
        return
    with st.container(key="chart_preload"):  # hidden (readiness_app.presenter.projector_css)
        st.html('<script type="module">'
                'const entry = document.querySelector(\'script[type="module"][src*="/js/index"]\');'
                f'if (entry) import(new URL("{name}", entry.src).href);</script>',
                unsafe_allow_javascript=True)


@st.cache_resource(show_spinner=False)
def chart_module() -> str | None:
    """The file name of Streamlit's chart module in its installed build (looked up once per process), or None."""
    modules = sorted((Path(st.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    return modules[0].name if len(modules) == 1 else None


preload_charts()  # before the imports below: they and the data take the server about a second on a first visit

import readiness_app as app  # noqa: E402
from readiness.errors import ReadinessError  # noqa: E402
from readiness.store.errors import SeedAheadError  # noqa: E402
from readiness_app import uploads  # noqa: E402
from readiness_app.pages import PAGES  # noqa: E402
from readiness_app.presenter import projector_css  # noqa: E402
from readiness_app.process import freeze_heap, tune_memory  # noqa: E402
from readiness_app.snapshots import banner as snapshot_banner  # noqa: E402

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
freeze_heap()  # after a run that loaded new modules: later collections skip what is alive now (readiness_app.process)
