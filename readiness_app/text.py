"""The current language and the app's text: page copy (``readiness_app/locales``: ``{lang}.yaml`` and one
``<page>.{lang}.yaml`` per newer page) over the library's terms (``readiness/display/locales``)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import streamlit as st

from readiness.display import i18n
from readiness_app.state import url_value

__all__ = ["LANGUAGE_OPTIONS", "lang", "plain", "requested_language", "strings", "t"]

_LOCALES = Path(__file__).resolve().parent / "locales"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&\"'])")
#: The language switch's options are also its URL values (``?lang=EN``): a bound widget writes its label to the URL.
LANGUAGE_OPTIONS = tuple(code.upper() for code in i18n.LANGUAGES)


@cache
def strings(language: str) -> dict[str, str]:
    """Every text of ``language``: the library's terms, then the app's page copy (flat dotted keys)."""
    return {**i18n.strings(language), **i18n.load_locale(_LOCALES, language)}


def lang() -> str:
    """The language chosen in the sidebar (Bahasa Indonesia by default)."""
    value = str(st.session_state.get("lang") or "").lower()
    return value if value in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def requested_language() -> str:
    """The language before the sidebar is drawn: the session's choice, else the URL's ``?lang=``, else Indonesian."""
    value = str(st.session_state.get("lang") or url_value("lang") or "").lower()
    return value if value in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def t(key: str, language: str | None = None, **values: object) -> str:
    """A text in the current language (or in ``language``) with ``{placeholders}`` filled."""
    text = strings(language or lang())[key]
    return text.format(**values) if values else text


def plain(text: object) -> str:
    """``text`` from a user or the data (a region's name, a scenario's or an editor's name, a note, a file's column)
    made plain for any element that renders Markdown (``st.markdown``, ``st.caption``, ``st.success``..., widget
    labels and help): every Markdown-, HTML- or LaTeX-active character backslash-escaped and line breaks flattened,
    so it shows literally (no links, images, HTML, math or emoji codes). The one helper for it."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)
