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
from typing import Any

import pandas as pd
import streamlit as st

from readiness.errors import ReadinessError
from readiness.geo import places as geo
from readiness.geo.isolated import prepare_upload
from readiness_app.text import t

__all__ = ["SESSION_UPLOAD_MAX_BYTES", "UPLOAD_MAX_MB", "UploadError", "bound_session_uploads", "md_escape",
           "problem_message", "uploaded_boundaries"]

log = logging.getLogger(__name__)

#: Must equal ``server.maxUploadSize`` in .streamlit/config.toml (a unit test keeps them in step).
UPLOAD_MAX_MB = geo.UPLOAD_MAX_BYTES // (1024 * 1024)
#: The most a session may hold in uploaded files at once: the map's and the Data page's uploaders full, plus 8 MB.
SESSION_UPLOAD_MAX_BYTES = 2 * geo.UPLOAD_MAX_BYTES + 8 * 2**20
_STATE_KEY = "_uploaded_boundaries"
_BOUNDED = "_readiness_session_limit"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&\"'])")


def md_escape(text: object) -> str:
    """``text`` with every Markdown/HTML-active character backslash-escaped and line breaks flattened, so Streamlit
    shows it literally (no links, images, HTML, math or emoji codes)."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


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
    prepared = prepare_upload(upload.getvalue(), "upload", regions)  # in a child process with limits
    out = (prepared, prepared.shapes, prepared.tolerance, prepared.size)
    st.session_state[_STATE_KEY] = (upload.file_id, out)
    return out


def bound_session_uploads(limit: int = SESSION_UPLOAD_MAX_BYTES) -> bool:
    """Keep every session's uploaded files within ``limit`` bytes in total (once per server process): a file that
    takes a session over the limit drops that session's oldest other files (a browser's current file is its newest).
    False when the running Streamlit has no in-memory upload store to bound (then only the proxy's limits hold)."""
    # deferred: streamlit.runtime: the running server's runtime, there only after the server started
    from streamlit import runtime

    manager = runtime.get_instance().uploaded_file_mgr if runtime.exists() else None
    storage = getattr(manager, "file_storage", None)
    if manager is None or not isinstance(storage, dict) or not hasattr(manager, "remove_file"):
        return False
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
    return True


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
