"""Uploaded files in the dashboard: read in memory (never written to a temp folder), bounded, and kept per session.

* The upload's bytes stay in Streamlit's in-memory upload store; this module hands them to a child process
  (:func:`readiness.geo.isolated.prepare_upload`: memory and time limits) that reads them with
  :func:`readiness.geo.places.read_boundaries` (size and vertex limits), joins and simplifies them, and sends back
  only the simplified shapes; the server never holds the parse's memory, and nothing is written to disk.
* A session holds at most :data:`SESSION_UPLOAD_MAX_BYTES` of uploaded files, whatever their file ids
  (:func:`bound_session_uploads`): Streamlit's upload endpoint takes a file under any id for an open session and
  keeps it until the session ends, and its size limit is per file.
* The prepared shapes are kept in the session's state under one key, keyed by the upload's id, so a rerun does not
  redo the work and the memory is released with the session (never in a server-wide cache).
* Every failure becomes a translated one-line message (:func:`problem_message`); no exception box, no server path.
* Text that comes from a file is escaped (:func:`md_escape`) before it reaches any Markdown-rendering element.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from streamlit import runtime

from readiness.errors import ReadinessError
from readiness.geo import places as geo
from readiness.geo.isolated import prepare_upload
from readiness_app.process import release_memory
from readiness_app.text import plain, t

__all__ = ["SESSION_UPLOAD_MAX_BYTES", "SWEEP_SECONDS", "UPLOAD_MAX_MB", "UploadError", "bound_session_uploads",
           "md_escape", "problem_message", "uploaded_boundaries"]

log = logging.getLogger(__name__)

#: Must equal ``server.maxUploadSize`` in .streamlit/config.toml (a unit test keeps them in step).
UPLOAD_MAX_MB = geo.UPLOAD_MAX_BYTES // (1024 * 1024)
#: The most a session may hold in uploaded files at once: the map's and the Data page's uploaders full, plus 8 MB.
SESSION_UPLOAD_MAX_BYTES = 2 * geo.UPLOAD_MAX_BYTES + 8 * 2**20
_STATE_KEY = "_uploaded_boundaries"
_BOUNDED = "_readiness_session_limit"
#: How often the files of closed sessions are looked for when no script runs (seconds).
SWEEP_SECONDS = 15.0
#: At most this many boundary files are parsed at once per server (each child takes a core and up to 1 GB of address
#: space); further uploads wait their turn.
_PARSES = threading.BoundedSemaphore(2)
#: Text from a file is made plain by the app's one helper (:func:`readiness_app.text.plain`).
md_escape = plain


class UploadError(Exception):
    """An upload that cannot be used; ``key`` names the translated message (``map.upload_<key>``)."""

    def __init__(self, key: str, **values: Any):
        super().__init__(key)
        self.key = key
        self.values = values


def uploaded_boundaries(upload: Any, regions: pd.DataFrame) -> tuple:
    """``(join, simplified shapes, tolerance, bytes)`` for an uploaded boundary file, computed once per upload and
    session. Raises :class:`UploadError` or :class:`~readiness.errors.ReadinessError` for an unusable file."""
    cached = st.session_state.get(_STATE_KEY)
    if cached is not None and cached[0] == upload.file_id:
        return cached[1]
    st.session_state.pop(_STATE_KEY, None)  # release the previous upload's shapes first
    if upload.size > geo.UPLOAD_MAX_BYTES:
        raise UploadError("too_big", mb=round(upload.size / 2**20, 1), limit=UPLOAD_MAX_MB)
    with _PARSES:
        prepared = prepare_upload(upload.getvalue(), "upload", regions)  # in a child process with limits
    release_memory()  # the request body and the file's copies are freed: give the pages back now
    out = (prepared, prepared.shapes, prepared.tolerance, prepared.size)
    st.session_state[_STATE_KEY] = (upload.file_id, out)
    return out


def bound_session_uploads(limit: int = SESSION_UPLOAD_MAX_BYTES, manager: Any = None,
                          is_active: Callable[[str], bool] | None = None) -> bool:
    """Bound the server's uploaded files (called on every script run; wraps the store once per process):

    * a session's files stay within ``limit`` bytes in total: a file that takes a session over it drops that
      session's oldest other files (a browser's current file is its newest), whatever the file ids;
    * the files of sessions without a connected browser are dropped. Streamlit keeps a closed session for
      reconnection (``server.disconnectedSessionTTL``, 2 min) and then forgets it without removing its files
      from the upload store, which kept them for good. A session that does reconnect keeps its parsed map
      (in its state); only a file not yet read would have to be uploaded again.

    ``manager`` and ``is_active``: the upload store and the check for a connected session (default: the running
    server's). False when there is no in-memory upload store to bound (then only the proxy's limits hold)."""
    if manager is None and runtime.exists():
        manager = runtime.get_instance().uploaded_file_mgr
        is_active = runtime.get_instance().is_active_session
    storage = getattr(manager, "file_storage", None)
    if manager is None or not isinstance(storage, dict) or not hasattr(manager, "remove_session_files"):
        return False
    if is_active is not None:
        _drop_closed(manager, storage, is_active)
    if getattr(manager, _BOUNDED, None) == limit:
        return True
    add_file = getattr(manager, "_readiness_add_file", manager.add_file)

    def bounded_add_file(session_id: str, file: Any) -> None:
        add_file(session_id, file)
        with getattr(manager, "_lock", contextlib.nullcontext()):  # the store's own lock, for a consistent view
            held = list(storage.get(session_id, {}).items())  # oldest first (insertion order)
        total = sum(len(rec.data) for _, rec in held)
        for file_id, rec in held:
            if total <= limit:
                break
            if file_id != file.file_id:
                manager.remove_file(session_id, file_id)
                total -= len(rec.data)
                log.warning("session upload limit: dropped an older upload of %d bytes", len(rec.data))
        if total > limit:
            manager.remove_file(session_id, file.file_id)

    manager._readiness_add_file = add_file
    manager.add_file = bounded_add_file
    setattr(manager, _BOUNDED, limit)
    if is_active is not None:  # also when no script runs: every SWEEP_SECONDS, for the server's life
        threading.Thread(target=_sweep, args=(manager, storage, is_active), daemon=True,
                         name="readiness-upload-sweep").start()
    return True


def _expire_closed_sessions() -> None:
    """Ask Streamlit's store of closed sessions to drop the expired ones now (its TTL cache expires entries when
    its length is read); nothing when this Streamlit keeps them elsewhere."""
    if not runtime.exists():
        return
    manager = getattr(runtime.get_instance(), "_session_mgr", None)
    cache = getattr(getattr(manager, "_session_storage", None), "_cache", None)
    if cache is not None and hasattr(cache, "expire"):
        cache.expire()


def _sweep(manager: Any, storage: dict, is_active: Callable[[str], bool]) -> None:
    while True:
        time.sleep(SWEEP_SECONDS)
        try:
            _drop_closed(manager, storage, is_active)
        except Exception:  # a sweep must never end the server; the next one tries again
            log.exception("upload sweep failed")


def _drop_closed(manager: Any, storage: dict, is_active: Callable[[str], bool]) -> None:
    """Remove the uploaded files of sessions that have no connected browser, and let Streamlit forget the closed
    sessions whose reconnection time (``server.disconnectedSessionTTL``) has passed: it does so only when another
    session disconnects, and until then a forgotten session's state (its uploads' bytes too) stays in memory."""
    _expire_closed_sessions()
    with getattr(manager, "_lock", contextlib.nullcontext()):
        sessions = list(storage)
    closed = [sid for sid in sessions if not is_active(sid)]
    for sid in closed:
        manager.remove_session_files(sid)
    if closed:
        release_memory()


_KINDS = (("vertices", "too_many_vertices"), ("holds no geometry", "no_geometry"), ("MB; the limit", "too_big"),
          ("polygons only", "no_geometry"), ("not a finite number", "unreadable"),
          ("no column holds region codes", "no_codes"), ("cannot be read", "unreadable"),
          ("the file is empty", "unreadable"), ("several layers", "layers"))


def problem_message(exc: BaseException, lang: str) -> str:
    """A translated, path-free, Markdown-safe message for why an upload cannot be used."""
    if isinstance(exc, UploadError):
        return t(f"map.upload_{exc.key}", lang, **exc.values)
    if isinstance(exc, ReadinessError):
        text = " ".join(exc.problems)
        for needle, key in _KINDS:
            if needle in text:
                values = {}
                if key == "too_many_vertices":
                    numbers = re.findall(r"[\d,]+(?= vertices)", text)
                    values = {"n": numbers[0] if numbers else "?", "limit": f"{geo.UPLOAD_MAX_VERTICES:,}"}
                if key == "too_big":
                    values = {"mb": "?", "limit": UPLOAD_MAX_MB}
                return t(f"map.upload_{key}", lang, **values)
        return t("map.boundaries_error", lang, problem=md_escape(text[:300]))
    log.warning("unexpected error reading an uploaded boundary file: %s", type(exc).__name__)
    return t("map.upload_unreadable", lang)
