"""The view in the URL, in one place: every widget's value goes into the link as a code or an id (a region code
``64.71``, a group id ``ikn_buffer``, a method name ``minmax``), never as its displayed label, so that a link opens
the same view in either language.

Two kinds of widget, one rule each:

- a *choice* among options whose labels depend on the language (region names, group names, method names, views):
  drawn through :func:`choice`, which seeds the widget's value from the URL's code on the first draw of the session,
  keeps it for the session (``persist_state``) and writes the chosen code back into the URL (nothing when it is the
  default, so links stay short);
- a widget whose shown value *is* its code (the language switch ``ID``/``EN``, a year, a toggle, a number, a slider,
  a page number): Streamlit's own binding, ``**BOUND`` (it writes the value itself).

Reading the URL before the widgets are drawn (the language of the navigation, the presenter mode's label) goes
through :func:`url_value`. "My city" (:func:`my_city`) is one of these choices, drawn in the sidebar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

__all__ = ["BOUND", "MY_CITY", "choice", "my_city", "url_value"]

#: Streamlit's binding, for widgets whose shown value is its code (see the module's docstring).
BOUND: dict[str, str] = {"bind": "query-params", "persist_state": "session"}
#: The key (and URL parameter) of "Kota saya / My city"; "" is no city.
MY_CITY = "my_city"


def url_value(key: str) -> str | None:
    """The URL's value of ``key`` (the first, when repeated), or None."""
    value = st.query_params.get(key)
    return None if value is None else str(value)


def _from_url(key: str, by_code: dict[str, Any], multi: bool) -> Any:
    """The URL's code(s) of ``key`` as options, or ``...`` when the URL has none (or none that is an option)."""
    if key not in st.query_params:
        return ...
    raw = [str(v) for v in st.query_params.get_all(key)]
    if multi:
        if raw in ([], [""]):
            return []
        found = [by_code[r] for r in raw if r in by_code]
        return found if found else ...
    return by_code.get(raw[0], ...) if raw else ...


def _fits(value: Any, options: Sequence[Any], multi: bool) -> bool:
    if multi:
        return isinstance(value, list | tuple) and all(v in options for v in value)
    return value in options


def choice(draw: Callable[..., Any], key: str, label: str, options: Sequence[Any], default: Any, *,
           multi: bool = False, **kwargs: Any) -> Any:
    """Draw a choice widget and keep its value in the URL by code; returns the widget's value.

    Parameters
    ----------
    draw
        The widget function: ``st.selectbox``, ``st.multiselect``, ``st.pills``, ``st.segmented_control`` or a
        column's (``left.pills``).
    key
        The widget's key, also its URL parameter.
    label, options
        As for the widget; ``options`` are the codes (their ``str`` is what the URL carries).
    default
        The value when neither the session nor the URL has one (a list when ``multi``).
    multi
        Whether the widget holds several options (a multiselect, ``selection_mode="multi"``).
    **kwargs
        Passed to the widget (``format_func``, ``help``...); never ``index`` or ``default``: the value is set through
        the session, once.
    """
    options = list(options)
    by_code = {str(o): o for o in options}
    state = st.session_state
    if key not in state or not _fits(state[key], options, multi):
        value = _from_url(key, by_code, multi) if key not in state else ...
        if value is ... or not _fits(value, options, multi):
            value = list(default) if multi else default
        state[key] = value
    value = draw(label, options, key=key, persist_state="session", **kwargs)
    _publish(key, value, default, multi)
    return value


def _publish(key: str, value: Any, default: Any, multi: bool) -> None:
    """Write the value's code(s) into the URL, or take the parameter out when it is the default."""
    if (list(value or []) == list(default)) if multi else value == default:
        if key in st.query_params:
            del st.query_params[key]
        return
    codes = [str(v) for v in value] if multi else str(value)
    if multi and not codes:
        codes = ""
    if st.query_params.get_all(key) != (codes if isinstance(codes, list) else [codes]):
        st.query_params[key] = codes


def my_city() -> str | None:
    """The region chosen as "Kota saya / My city" in the sidebar (a region code), or None."""
    value = st.session_state.get(MY_CITY)
    return str(value) if value else None
