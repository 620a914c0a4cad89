"""Persistence: current figures with an append-only revision history, in SQLite or PostgreSQL.

``Store`` holds the data (seeded from the bundled ``data/``), ``Access`` guards writes with the editors' passcode,
:mod:`readiness.store.importer` previews and commits CSV/Excel files and writes templates and exports. The command
line is ``python -m readiness db ...`` (:mod:`readiness.store.cli`). No Streamlit, no plotly here.
"""

from __future__ import annotations

from readiness.store.access import Access, Editor, hash_passcode, verify_passcode
from readiness.store.errors import AccessError, ConflictError, StoreError
from readiness.store.store import Change, Store, default_url

__all__ = [
    "Access",
    "AccessError",
    "Change",
    "ConflictError",
    "Editor",
    "Store",
    "StoreError",
    "default_url",
    "hash_passcode",
    "verify_passcode",
]
