"""Editor access: a passcode kept as a hash, checked in constant time, with attempts limited and logged.

Configuration (environment variables, or the same keys in Streamlit secrets passed by the app):

``READINESS_EDITOR_PASSCODE_HASH``
    The hash of the editors' passcode, as printed by ``python -m readiness db hash-passcode``:
    ``scrypt$<n>$<r>$<p>$<salt-hex>$<hash-hex>`` (or ``pbkdf2_sha256$<iterations>$<salt-hex>$<hash-hex>``).
``READINESS_EDITOR_PASSCODE``
    A plain passcode, hashed (scrypt, random salt) when read and then forgotten. Convenient for one laptop; prefer
    the hash on a shared server. The hash wins when both are set.

There is no default passcode. When neither is set, :meth:`Access.login` refuses every write with
:class:`~readiness.store.errors.AccessError`: viewing needs no login, editing is disabled.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import os
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from readiness.store.attempts import Counter, MemoryCounter
from readiness.store.errors import AccessError

__all__ = ["Access", "AttemptRules", "Editor", "hash_passcode", "passcode_configured", "verify_passcode"]

log = logging.getLogger(__name__)

HASH_ENV = "READINESS_EDITOR_PASSCODE_HASH"
PLAIN_ENV = "READINESS_EDITOR_PASSCODE"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MAX_NAME = 80


def passcode_configured(env: Mapping[str, str] | None = None) -> bool:
    """Whether ``env`` (default: the environment) configures a passcode, i.e. whether ``Access.from_env(env)`` is
    :attr:`~Access.enabled`; without hashing a plain passcode (a viewer's page asks on every rerun)."""
    env = os.environ if env is None else env
    return bool((env.get(HASH_ENV) or "").strip() or env.get(PLAIN_ENV))


def hash_passcode(passcode: str, *, salt: bytes | None = None) -> str:
    """Hash a passcode with scrypt (n=2**14, r=8, p=1, 16-byte random salt).

    Returns
    -------
    str
        ``scrypt$n$r$p$salt_hex$hash_hex``, the value for ``READINESS_EDITOR_PASSCODE_HASH``.
    """
    if not passcode:
        raise AccessError("the passcode must not be empty / kode akses tidak boleh kosong")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(passcode.encode("utf-8"), salt=salt, dklen=32, maxmem=64 * 1024 * 1024, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_passcode(passcode: str, stored: str) -> bool:
    """Whether ``passcode`` matches ``stored`` (a :func:`hash_passcode` string or a PBKDF2 one); constant time."""
    parts = stored.strip().split("$")
    try:
        if parts[0] == "scrypt" and len(parts) == 6:
            n, r, p = (int(x) for x in parts[1:4])
            salt, expected = bytes.fromhex(parts[4]), bytes.fromhex(parts[5])
            got = hashlib.scrypt(passcode.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(expected),
                                 maxmem=128 * 1024 * 1024)
        elif parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            iterations, salt, expected = int(parts[1]), bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
            got = hashlib.pbkdf2_hmac("sha256", passcode.encode("utf-8"), salt, iterations, dklen=len(expected))
        else:
            raise ValueError(parts[0])
    except ValueError:
        raise AccessError(f"{HASH_ENV} is not a hash made by 'python -m readiness db hash-passcode' / "
                          f"{HASH_ENV} bukan hash yang dibuat oleh 'python -m readiness db hash-passcode'") from None
    return hmac.compare_digest(got, expected)


@dataclass(frozen=True)
class Editor:
    """A logged-in editor: the name recorded in every revision they make. Obtain one from :meth:`Access.login`."""

    name: str
    _token: object = field(repr=False, compare=False, default=None)


_SYSTEM = object()


def system_editor(name: str) -> Editor:
    """An editor for the store's own writes (seeding); not reachable from the app or the command line."""
    return Editor(name, _SYSTEM)


def is_system(editor: object) -> bool:
    """Whether ``editor`` is the store's own (seeding) editor."""
    return isinstance(editor, Editor) and editor._token is _SYSTEM


@dataclass(frozen=True)
class AttemptRules:
    """How many passcode checks a window allows.

    Attributes
    ----------
    per_name
        Checks per client and editor name (5): a sixth attempt under that name from that client waits for the
        window to end. A wrong guess under one name, or from one client, never locks another editor out.
    per_client
        Checks per client under any names (20).
    total
        Checks in all (100) before the limit tightens: past it, only a client's first attempt in its window is
        checked, so that many clients guessing together get one guess each, while an editor who has not guessed
        wrong is still let in (the total never locks every editor out).
    window_s
        The fixed window (300 s): a lockout ends when the window that caused it ends, and never doubles.
    saves, save_window_s
        Scenario saves per editor (20) in a window of ``save_window_s`` (300 s), :meth:`Access.throttle`.
    """

    per_name: int = 5
    per_client: int = 20
    total: int = 100
    window_s: float = 300.0
    saves: int = 20
    save_window_s: float = 300.0


class Access:
    """Checks the editors' passcode and limits the attempts (:class:`AttemptRules`).

    Parameters
    ----------
    passcode_hash
        The stored hash, or None when no passcode is configured (every write refused).
    rules
        The attempt limits (default :class:`AttemptRules`).
    counter
        Where attempts are counted: in this process by default; a :class:`~readiness.store.Store` given this
        object counts them in its ``login_attempts`` table instead (:meth:`count_in`), shared by every instance
        and kept across restarts.
    clock
        Time source in seconds since the epoch (tests pass a fake one); every instance must share it.
    """

    def __init__(self, passcode_hash: str | None, *, rules: AttemptRules | None = None, counter: Counter | None = None,
                 clock=time.time):
        self._hash = passcode_hash.strip() if passcode_hash and passcode_hash.strip() else None
        self.rules = rules or AttemptRules()
        self.counter: Counter = counter or MemoryCounter()
        self._clock = clock
        self._token = object()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **kwargs) -> Access:
        """Read ``READINESS_EDITOR_PASSCODE_HASH`` (or a plain ``READINESS_EDITOR_PASSCODE``, hashed at once)."""
        env = os.environ if env is None else env
        stored = (env.get(HASH_ENV) or "").strip()
        if not stored and (env.get(PLAIN_ENV) or ""):
            stored = hash_passcode(env[PLAIN_ENV])
        return cls(stored or None, **kwargs)

    def count_in(self, counter: Counter) -> None:
        """Count attempts in ``counter`` from now on (the store passes its table's)."""
        self.counter = counter

    @property
    def enabled(self) -> bool:
        """Whether a passcode is configured (else editing is disabled)."""
        return self._hash is not None

    def login(self, name: str, passcode: str, *, client: str = "local") -> Editor:
        """Check the passcode and return the :class:`Editor` ``name``.

        ``client`` names where the attempt comes from (the app passes the browser's address, the command line
        ``cli``); attempts are counted per client and name, per client, and in total (:class:`AttemptRules`)
        before the passcode is checked, so that simultaneous attempts cannot exceed a limit.

        Raises
        ------
        AccessError
            No passcode configured; an empty or too long name; a wrong passcode; or too many attempts (the
            refusal says for how long). Every refusal is logged (warning) without the passcode.
        """
        if self._hash is None:
            raise AccessError(
                "editing is disabled: no editor passcode is configured (set READINESS_EDITOR_PASSCODE_HASH) / "
                "penyuntingan dinonaktifkan: kode akses editor belum diatur (atur READINESS_EDITOR_PASSCODE_HASH)")
        name = " ".join(str(name).split())
        if not name or len(name) > MAX_NAME:
            raise AccessError(f"give your name (1-{MAX_NAME} characters) / isi nama Anda (1-{MAX_NAME} karakter)")
        client = " ".join(str(client or "unknown").split())[:100] or "unknown"
        r = self.rules
        keys = (f"name:{client}|{name.casefold()}", f"client:{client}", "total")
        now = self._clock()
        counts = self.counter.reserve([(k, r.window_s) for k in keys], now)
        (by_name, name_start), (by_client, client_start), (total, _) = counts
        blocked = [start for n, limit, start in ((by_name, r.per_name, name_start),
                                                 (by_client, r.per_client, client_start)) if n > limit]
        if total > r.total and by_client > 1:
            blocked.append(client_start)
        if blocked:
            wait = max(1, math.ceil(max(blocked) + r.window_s - now))
            log.warning("editor login refused (too many attempts; %ss more) for %r from %r", wait, name, client)
            raise AccessError(f"too many wrong passcodes; try again in {wait} s / "
                              f"terlalu banyak kode akses salah; coba lagi dalam {wait} detik")
        if verify_passcode(passcode or "", self._hash):
            self.counter.forget(keys[:2], uncount=keys[2:])
            log.info("editor logged in: %r", name)
            return Editor(name, self._token)
        log.warning("wrong editor passcode for %r from %r", name, client)
        raise AccessError("wrong passcode / kode akses salah")

    def throttle(self, editor: Editor, action: str = "save") -> None:
        """Count one ``action`` (a scenario save) by ``editor``, a logged-in editor; raise :class:`AccessError`
        past :attr:`AttemptRules.saves` in a window of :attr:`AttemptRules.save_window_s`."""
        self.check(editor)
        r = self.rules
        now = self._clock()
        ((count, start),) = self.counter.reserve([(f"{action}:{editor.name.casefold()}", r.save_window_s)], now)
        if count > r.saves:
            wait = max(1, math.ceil(start + r.save_window_s - now))
            raise AccessError(f"too many saves ({r.saves} in {r.save_window_s:g} s); try again in {wait} s / "
                              f"terlalu sering menyimpan; coba lagi dalam {wait} detik")

    def check(self, editor: Editor) -> None:
        """Raise :class:`AccessError` unless ``editor`` came from this object's :meth:`login`."""
        if not isinstance(editor, Editor) or editor._token is not self._token:
            raise AccessError("log in as an editor first / masuk sebagai editor terlebih dahulu")
