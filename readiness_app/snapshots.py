"""Snapshots in the app: the "Simpan snapshot / Save snapshot" button (one widget, on the presenter, profile, compare
and overview pages), and, on a snapshot link (``?snapshot=ID``), the banner in the reader's language with a link to
the current view and the list of what changed since.

Which data a rerun shows is decided once, in :func:`readiness_app.store.refresh`: on a snapshot link the data version
is the snapshot's, so every cached dataset, result and briefing of the rerun is the snapshot's, and
:func:`readiness_app.widgets.spec` returns the snapshot's spec. Saving writes no data and needs no passcode.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

import readiness
from readiness.analysis.since import rank_moves
from readiness.display import since
from readiness.display.export import method_summary
from readiness_app.pages import page as page_info
from readiness_app.store import SNAPSHOT_PARAM, live_version, snapshot, snapshot_problem, store
from readiness_app.text import lang, t

__all__ = ["banner", "save_button", "sidebar_note", "snapshot_id"]


def snapshot_id() -> str | None:
    """The id of the snapshot shown, or None (printed on every export made from the view)."""
    snap = snapshot()
    return None if snap is None else snap.id


def _params(**changes: str | None) -> str:
    """This page's URL parameters (every value of a multi-valued one) with ``changes`` (None removes)."""
    pairs = [(k, v) for k in st.query_params for v in st.query_params.get_all(k) if k not in changes]
    pairs += [(k, v) for k, v in changes.items() if v is not None]
    return "?" + urlencode(pairs)


def _link(url_path: str, **changes: str | None) -> str:
    return f"/{url_path}{_params(**changes)}"


def save_button(page_name: str, spec: readiness.ScoringSpec) -> None:
    """The "Simpan snapshot / Save snapshot" button of ``page_name``: saves the data, ``spec``, the framework and
    rules in force and shows the snapshot's link (this page with ``?snapshot=ID`` and its other parameters).
    Hidden while a snapshot is shown (the banner names it)."""
    if snapshot() is not None:
        return
    key = f"{page_name}_snapshot"
    if st.button(t("snapshot.save"), key=key, icon=":material/bookmark_add:", help=t("snapshot.save_help")):
        # deferred: the store's snapshots: SQLAlchemy (readiness_app.store); only saving one writes
        from readiness.store import snapshots

        try:  # the data this page was drawn from: refused when someone committed since
            st.session_state[f"{key}_made"] = snapshots.create(store(), spec, stamp=live_version()[1:]).id
        except readiness.ReadinessError as exc:
            st.error(str(exc))
    made = st.session_state.get(f"{key}_made")
    if made:
        link = _link(page_info(page_name).url, **{SNAPSHOT_PARAM: made})
        st.success(t("snapshot.saved", id=made))
        st.markdown(f"[{t('snapshot.open', id=made)}]({link})")
        st.code(link, language=None)


def sidebar_note() -> bool:
    """In the sidebar on a snapshot link: which settings the snapshot fixes. True when a snapshot is shown (the
    sidebar then draws no scoring settings)."""
    snap = snapshot()
    if snap is None:
        return False
    st.info(t("snapshot.sidebar", id=snap.id, method=method_summary(snap.spec, lang()), year=snap.spec.year))
    return True


@st.cache_resource(show_spinner=False, max_entries=16)
def _since(snapshot_key: str, live: Any, _dataset: readiness.Dataset) -> tuple[pd.DataFrame, Any, list[str]]:
    """What changed between the snapshot and the store at ``live``: the values, the rank moves, the files."""
    # deferred: the store's snapshots: SQLAlchemy (readiness_app.store); only a snapshot link reads them
    from readiness.store import snapshots

    s = store()
    snap = snapshots.get(s, snapshot_key)
    changes = snapshots.changes_since(s, snap)
    moves = rank_moves(_dataset.framework, _dataset.observations, snap.spec, changes, regions=_dataset.regions)
    return changes, moves, snapshots.files_changed(s, snap)


def banner(url_path: str, dataset: readiness.Dataset) -> None:
    """On a snapshot link (of the page at ``url_path``): the banner (date, counts of values changed since, a link
    to the current view) and the list of what changed; on a link to a snapshot that cannot be opened, why. Nothing
    otherwise."""
    if problem := snapshot_problem():
        st.error(t("snapshot.not_found", problem=problem))
        return
    snap = snapshot()
    if snap is None:
        return
    language = lang()
    changes, moves, files = _since(snap.id, live_version(), dataset)
    current = _link(url_path, **{SNAPSHOT_PARAM: None})
    with st.container(key="snapshot_banner"):
        st.info(f"**{since.banner_text(snap.date, changes, language)}** · [{t('snapshot.current')}]({current})",
                icon=":material/history:")
        with st.expander(t("snapshot.since_title"), expanded=False):
            for line in since.moves_lines(moves, changes, dataset, language):
                st.markdown(line)
            if text := since.files_text(files, language):
                st.caption(text)
            if len(changes):
                st.dataframe(since.changes_view(changes, dataset, language), key="snapshot_changes",
                             hide_index=True, width="stretch")
            st.caption(t("snapshot.id_caption", id=snap.id, revision=snap.revision_id, version=snap.app_version))
