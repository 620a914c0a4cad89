"""The app's store: where it is, opened once per server, and its data version read once per rerun.

The dashboard reads its figures through :class:`readiness.store.Store`: an embedded SQLite file in the data
directory (``READINESS_DATA_DIR``, default ``var/``; created, migrated and seeded from ``data/`` on first start), or
PostgreSQL when ``DATABASE_URL`` is set in the environment or in Streamlit secrets (``.streamlit/secrets.toml``).

``dashboard.py`` calls :func:`refresh` at the top of every rerun: one single-row read of the store's data version.
Every cached object (:func:`versioned`) is keyed by that version as well as by its arguments, so a commit made by
another process (or another session) shows on the next rerun and stale entries are no longer used.

``readiness.store`` (SQLAlchemy) is imported on first use, not with this module, and not at all while a SQLite
store only needs reading (:mod:`readiness.store.peek`).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import streamlit as st

from readiness.errors import ReadinessError
from readiness.store import peek
from readiness.store.access import passcode_configured
from readiness_app.config import ROOT, settings_file

if TYPE_CHECKING:
    from readiness import Dataset
    from readiness.store import Store

__all__ = [
    "SETTINGS",
    "SNAPSHOT_PARAM",
    "DataVersion",
    "client",
    "data_dir",
    "data_version",
    "editing_enabled",
    "live_version",
    "load_dataset",
    "reader",
    "refresh",
    "seed_status",
    "settings",
    "snapshot",
    "snapshot_problem",
    "store",
    "versioned",
]

#: Settings read from the environment, else from Streamlit secrets.
SETTINGS = ("DATABASE_URL", "READINESS_EDITOR_PASSCODE_HASH", "READINESS_EDITOR_PASSCODE")
#: ``(store URL, data version, time of the last commit)``: identifies the store's content (hashable: a cache key).
DataVersion = tuple[str, int, str]
_VERSION_KEY = "_readiness_data_version"
_LIVE_KEY = "_readiness_live_version"
_SNAPSHOT_KEY = "_readiness_snapshot"
#: The URL parameter that opens a page on a snapshot (``?snapshot=k3v9q2ma``).
SNAPSHOT_PARAM = "snapshot"
#: The data version of a snapshot: ``(url, -1, "snapshot:<id>")`` (a snapshot never changes, so neither does it).
_SNAPSHOT_PREFIX = "snapshot:"

F = TypeVar("F", bound=Callable[..., Any])


def data_dir() -> Path:
    """The data directory: ``READINESS_DATA_DIR`` (read on every call, so tests can point it elsewhere), else the
    settings file's ``[data] dir`` (default ``var/``)."""
    env = os.environ.get("READINESS_DATA_DIR")
    if env:
        path = Path(env)
        return path if path.is_absolute() else ROOT / path
    return settings_file().data_dir


def _secret(key: str) -> str | None:
    try:
        value = st.secrets.get(key)
    except FileNotFoundError:  # no secrets file (StreamlitSecretNotFoundError is a FileNotFoundError)
        return None
    return None if value is None else str(value)


def settings() -> tuple[str, tuple[tuple[str, str], ...]]:
    """The store URL and the passcode settings, from the environment, else Streamlit secrets."""
    values = {}
    for key in SETTINGS:
        value = os.environ.get(key) or _secret(key)
        if value:
            values[key] = str(value)
    url = values.pop("DATABASE_URL", None) or f"sqlite:///{data_dir().resolve() / 'readiness.sqlite'}"
    return url, tuple(sorted(values.items()))


@st.cache_resource(show_spinner=False, max_entries=4)
def _open(url: str, passcode_settings: tuple[tuple[str, str], ...]) -> Store:
    # deferred: the store: SQLAlchemy, 0.14 s, 16 MB (benchmarks/bench_imports.py); a SQLite store is read through
    # peek until a write
    from readiness.store import Access, Store

    return Store.open(url, access=Access.from_env(dict(passcode_settings)))


def store() -> Store:
    """The store (migrated and seeded on first use) and its editor access, shared by the sessions of this server."""
    return _open(*settings())


#: A child process's work on the very first start of a SQLite store: migrate and seed it, then cross-check its
#: dataset once and keep the checked copy (``cache/``), so the server reads both without SQLAlchemy.
_PREPARE = ("import sys\nfrom readiness.store import Store\n"
            "with Store.open(sys.argv[1]) as s:\n    s.load_dataset(cache_dir=sys.argv[2], stamp=s.data_stamp())\n")


@st.cache_resource(show_spinner=False, max_entries=4)
def _prepared(url: str) -> bool:
    """Seed a new SQLite store in a child process, once per server (sessions arriving meanwhile wait): the seeding
    and the first cross-check (SQLAlchemy, every table read and checked) would otherwise stay in the server's
    memory, about 50 MB above a warm start (``benchmarks/bench_app.py``). True when the store is ready; False (the
    server then seeds it itself and reports any problem on the page) when the child failed."""
    done = subprocess.run([sys.executable, "-c", _PREPARE, url, str(data_dir() / "cache")], cwd=ROOT,
                          capture_output=True, timeout=600, check=False)
    return done.returncode == 0 and peek.stamp(url) is not None


def refresh() -> DataVersion:
    """Read the store's data version (one single-row query) and keep it for this session's rerun.

    A migrated and seeded SQLite store is read with the standard library (:mod:`readiness.store.peek`); a new
    SQLite store is seeded in a child process first (:func:`_prepared`); any other store, or one the child could
    not prepare, is opened (and migrated and seeded) here."""
    url = settings()[0]
    stamp = peek.stamp(url)
    if stamp is None and peek.sqlite_file(url) is not None and _prepared(url):
        stamp = peek.stamp(url)
    if stamp is None:
        s = store()
        url, stamp = s.url, s.data_stamp()
    version: DataVersion = (url, *stamp)
    st.session_state[_LIVE_KEY] = version
    st.session_state[_SNAPSHOT_KEY] = None, None
    wanted = st.query_params.get(SNAPSHOT_PARAM)
    if wanted:  # a snapshot link: every cached object of this rerun is the snapshot's
        try:
            snap = _snapshot(url, str(wanted))
        except ReadinessError as exc:
            st.session_state[_SNAPSHOT_KEY] = None, str(exc)
        else:
            st.session_state[_SNAPSHOT_KEY] = snap, None
            version = (url, -1, _SNAPSHOT_PREFIX + snap.id)
    st.session_state[_VERSION_KEY] = version
    return version


@st.cache_resource(show_spinner=False, max_entries=64)
def _snapshot(url: str, snapshot_id: str) -> Any:
    # deferred: the store's snapshots: SQLAlchemy (see _open); only a snapshot link reads them
    from readiness.store import snapshots

    return snapshots.get(store(), snapshot_id)


def snapshot() -> Any:
    """The snapshot this page shows (a :class:`readiness.store.snapshots.Snapshot` from ``?snapshot=ID``), or None
    for the current data."""
    value = st.session_state.get(_SNAPSHOT_KEY)
    return value[0] if value else None


def snapshot_problem() -> str | None:
    """Why the link's ``?snapshot=`` could not be opened (the page then shows the current data), or None."""
    value = st.session_state.get(_SNAPSHOT_KEY)
    return value[1] if value else None


def live_version() -> DataVersion:
    """The store's current data version, also while a snapshot is shown (:func:`data_version` is then the
    snapshot's)."""
    if st.session_state.get(_LIVE_KEY) is None:
        refresh()
    return st.session_state[_LIVE_KEY]


def data_version() -> DataVersion:
    """The data version read at the top of this rerun (:func:`refresh`; read now if it has not been)."""
    version = st.session_state.get(_VERSION_KEY)
    return version if version is not None else refresh()


def load_dataset(version: DataVersion) -> Dataset:
    """The store's dataset at ``version``, cross-checked once per version (a copy kept in the data directory's
    ``cache/`` serves the next server start while nothing has been committed; for a SQLite store it is read
    without opening the store)."""
    if str(version[2]).startswith(_SNAPSHOT_PREFIX):
        # deferred: the store's snapshots: SQLAlchemy (see _open); only a snapshot link reads them
        from readiness.store import snapshots

        return snapshots.dataset_of(store(), _snapshot(version[0], version[2][len(_SNAPSHOT_PREFIX):]))
    cache_dir = data_dir() / "cache"
    url, stamp = version[0], version[1:]
    if peek.sqlite_file(url) is not None and (cached := peek.cached_dataset(url, stamp, cache_dir)) is not None:
        return cached
    return store().load_dataset(cache_dir=cache_dir, stamp=stamp)


def seed_status() -> str:
    """Whether the store holds what ``data/`` (``READINESS_SEED_DIR``) holds: ``"current"``; ``"changed"`` (the
    folder was edited after the store was seeded or last synced: ``python -m readiness db sync`` brings the edits
    in); ``"unrecorded"`` (a store seeded before seeds were recorded). The store's record is read once per data
    version (without SQLAlchemy for a SQLite store), the folder's hash costs six ``stat`` calls
    (:func:`readiness.store.peek.data_hash`)."""
    return peek.seed_status(_seed_record(live_version()).get("seed:hash"), peek.data_hash())


@st.cache_resource(show_spinner=False, max_entries=2)
def _seed_record(version: DataVersion) -> dict[str, str]:
    record = peek.seed_record(version[0])
    return record if record is not None else store().seed_record()


def versioned(*, data: bool = False, **cache_kwargs: Any) -> Callable[[F], F]:
    """``st.cache_resource`` (``st.cache_data`` with ``data=True``) keyed by the data version as well as by the
    arguments.

    The wrapped function is called with the same arguments; the cache entry also depends on :func:`data_version`,
    so a commit anywhere gives new entries on the next rerun.
    """

    def wrap(func: F) -> F:
        def cached(version: DataVersion, *args: Any, **kwargs: Any) -> Any:
            return func(*args, **kwargs)

        # Streamlit names a cache by module and qualified name: give each wrapped function its own.
        cached.__module__, cached.__qualname__, cached.__name__ = (func.__module__, f"{func.__qualname__}@version",
                                                                    func.__name__)
        cached_fn = (st.cache_data if data else st.cache_resource)(show_spinner=False, **cache_kwargs)(cached)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return cached_fn(data_version(), *args, **kwargs)

        wrapper.clear = cached_fn.clear  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return wrap


# ------------------------------------------------------------------------------------------------ the Data page
_EDITOR_KEY = "data_editor"
_FLASH_KEY = "data_flash"


@versioned(data=True, max_entries=4)
def downloads(kind: str) -> bytes:
    """The import template (``kind="template"``) or the current figures with sources (``".csv"``/``".xlsx"``),
    made once per data version."""
    # deferred: the importer: 16 MB (benchmarks/bench_imports.py), openpyxl and the store; only editors import
    from readiness.store.importer import export_bytes, template_bytes

    s = store()
    return template_bytes(s) if kind == "template" else export_bytes(s, kind)


def reader() -> Any:
    """What a viewer's Data page reads: a seeded SQLite store through the standard library
    (:class:`readiness.store.peek.Reader`, no SQLAlchemy in the server), else :func:`store`. Both answer the same
    reads with the same SQL (:mod:`readiness.store.reads`)."""
    return _reader(settings()[0]) or store()


@st.cache_resource(show_spinner=False, max_entries=4)
def _reader(url: str) -> peek.Reader | None:
    return peek.Reader.open(url)


def editing_enabled() -> bool:
    """Whether an editors' passcode is configured (else the Data page says editing is disabled)."""
    return passcode_configured(dict(settings()[1]))


def editor() -> Any:
    """The editor logged in in this session (a :class:`readiness.store.Editor`), or None."""
    return st.session_state.get(_EDITOR_KEY)


def client() -> str:
    """Where this session's browser connects from, for counting passcode attempts: its address; behind a proxy on
    this machine (the connection comes from a loopback address), the last address the proxy appended to
    ``X-Forwarded-For``, which a browser cannot forge."""
    address = st.context.ip_address
    if not isinstance(address, str) or not address:  # no browser connection (a test harness, a bare run)
        return "unknown"
    if address in ("127.0.0.1", "::1") or address.startswith("127."):
        forwarded = st.context.headers.get("X-Forwarded-For")
        forwarded = forwarded.split(",")[-1].strip() if isinstance(forwarded, str) else ""
        if forwarded:
            return forwarded
    return address


def login(name: str, passcode: str) -> Any:
    """Log in through the store's :class:`~readiness.store.Access` (attempts counted per client and name in the
    store; raises ``AccessError``) and keep the editor in this session."""
    ed = store().access.login(name, passcode, client=client())
    st.session_state[_EDITOR_KEY] = ed
    return ed


def logout() -> None:
    """Forget this session's editor."""
    st.session_state.pop(_EDITOR_KEY, None)


def done(message: str) -> None:
    """Rerun, then show ``message`` (:func:`flash`): every table on the page and every cache then uses the new data
    version."""
    st.session_state[_FLASH_KEY] = message
    st.rerun()


def flash() -> str | None:
    """The message left by :func:`done`, once."""
    return st.session_state.pop(_FLASH_KEY, None)
