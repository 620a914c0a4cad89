"""Persistence: current figures with an append-only revision history, in SQLite or PostgreSQL.

``Store`` holds the data (seeded from the bundled ``data/``), ``Access`` guards writes with the editors' passcode,
:mod:`readiness.store.importer` previews and commits CSV/Excel files and writes templates and exports,
:mod:`readiness.store.sync` brings later edits of ``data/`` in. The command line is ``python -m readiness db ...``
(:mod:`readiness.cli.db`). No Streamlit, no plotly here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readiness.store.access import Access, AttemptRules, Editor, hash_passcode, verify_passcode
    from readiness.store.errors import AccessError, ConflictError, StoreError
    from readiness.store.store import Change, Store, default_url

#: Where each public name lives. They are imported on first use, so that ``readiness.store.peek`` (the app's
#: per-rerun read of a SQLite store) does not import SQLAlchemy with the package.
_HOMES = {
    "Access": "access", "AttemptRules": "access", "Editor": "access", "hash_passcode": "access",
    "verify_passcode": "access",
    "AccessError": "errors", "ConflictError": "errors", "StoreError": "errors",
    "Change": "store", "Store": "store", "default_url": "store",
}

__all__ = [
    "Access",
    "AccessError",
    "AttemptRules",
    "Change",
    "ConflictError",
    "Editor",
    "Store",
    "StoreError",
    "default_url",
    "hash_passcode",
    "verify_passcode",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
