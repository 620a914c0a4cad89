"""Uploaded files in the dashboard: read in memory (never written to a temp folder), bounded, and kept per session.

* The upload's bytes stay in Streamlit's in-memory upload store; this module reads them with
  :func:`readiness.geo.places.read_boundaries` (size and vertex limits) and writes nothing to disk.
* The prepared shapes are kept in the session's state under one key, keyed by the upload's id, so a rerun does not
  redo the work and the memory is released with the session (never in a server-wide cache).
* Every failure becomes a translated one-line message (:func:`problem_message`); no exception box, no server path.
* Text that comes from a file is escaped (:func:`md_escape`) before it reaches any Markdown-rendering element.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import pandas as pd
import streamlit as st

from readiness.errors import ReadinessError
from readiness.geo import places as geo
from readiness_app.text import plain, t

__all__ = ["UPLOAD_MAX_MB", "UploadError", "md_escape", "problem_message", "uploaded_boundaries"]

log = logging.getLogger(__name__)

#: Must equal ``server.maxUploadSize`` in .streamlit/config.toml (a unit test keeps them in step).
UPLOAD_MAX_MB = geo.UPLOAD_MAX_BYTES // (1024 * 1024)
_STATE_KEY = "_uploaded_boundaries"
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
    frame = geo.read_boundaries(upload.getvalue(), "upload")
    joined = geo.join_boundaries(frame, regions)
    shapes, tolerance, size = geo.simplify_to_size(joined.shapes)
    out = (joined, shapes, tolerance, size)
    st.session_state[_STATE_KEY] = (upload.file_id, out)
    return out


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
