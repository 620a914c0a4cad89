"""Editor access: a passcode kept as a hash, checked in constant time, with wrong attempts rate-limited and logged.

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
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from readiness.store.errors import AccessError

__all__ = ["Access", "Editor", "hash_passcode", "verify_passcode"]

log = logging.getLogger(__name__)

HASH_ENV = "READINESS_EDITOR_PASSCODE_HASH"
PLAIN_ENV = "READINESS_EDITOR_PASSCODE"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MAX_NAME = 80


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


class Access:
    """Checks the editors' passcode and rate-limits wrong attempts.

    Parameters
    ----------
    passcode_hash
        The stored hash, or None when no passcode is configured (every write refused).
    max_failures, window_s, lockout_s
        After ``max_failures`` wrong attempts within ``window_s`` seconds (counted per editor name and in total,
        five times as many), logins are refused for ``lockout_s`` seconds, doubling with each further lockout.
    clock
        Time source (tests pass a fake one).
    """

    def __init__(self, passcode_hash: str | None, *, max_failures: int = 5, window_s: float = 900.0,
                 lockout_s: float = 60.0, clock=time.monotonic):
        self._hash = passcode_hash.strip() if passcode_hash and passcode_hash.strip() else None
        self.max_failures, self.window_s, self.lockout_s = max_failures, window_s, lockout_s
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, list[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._lockouts: dict[str, int] = {}
        self._token = object()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **kwargs) -> Access:
        """Read ``READINESS_EDITOR_PASSCODE_HASH`` (or a plain ``READINESS_EDITOR_PASSCODE``, hashed at once)."""
        env = os.environ if env is None else env
        stored = (env.get(HASH_ENV) or "").strip()
        if not stored and (env.get(PLAIN_ENV) or ""):
            stored = hash_passcode(env[PLAIN_ENV])
        return cls(stored or None, **kwargs)

    @property
    def enabled(self) -> bool:
        """Whether a passcode is configured (else editing is disabled)."""
        return self._hash is not None

    def _prune(self, key: str, now: float) -> list[float]:
        kept = [t for t in self._failures.get(key, []) if now - t < self.window_s]
        self._failures[key] = kept
        return kept

    def login(self, name: str, passcode: str) -> Editor:
        """Check the passcode and return the :class:`Editor` ``name``.

        Raises
        ------
        AccessError
            No passcode configured; an empty or too long name; a wrong passcode; or too many wrong attempts
            (the refusal says for how long). Every refusal is logged (warning) without the passcode.
        """
        if self._hash is None:
            raise AccessError(
                "editing is disabled: no editor passcode is configured (set READINESS_EDITOR_PASSCODE_HASH) / "
                "penyuntingan dinonaktifkan: kode akses editor belum diatur (atur READINESS_EDITOR_PASSCODE_HASH)")
        name = " ".join(str(name).split())
        if not name or len(name) > MAX_NAME:
            raise AccessError(f"give your name (1-{MAX_NAME} characters) / isi nama Anda (1-{MAX_NAME} karakter)")
        keys = (f"name:{name.casefold()}", "*")
        with self._lock:
            now = self._clock()
            for key in keys:
                until = self._locked_until.get(key, 0.0)
                if now < until:
                    wait = math.ceil(until - now)
                    log.warning("editor login refused (locked out for %ss more): %r", wait, name)
                    raise AccessError(f"too many wrong passcodes; try again in {wait} s / "
                                      f"terlalu banyak kode akses salah; coba lagi dalam {wait} detik")
        ok = verify_passcode(passcode or "", self._hash)
        with self._lock:
            now = self._clock()
            if ok:
                self._failures.pop(keys[0], None)
                log.info("editor logged in: %r", name)
                return Editor(name, self._token)
            for key, limit in ((keys[0], self.max_failures), (keys[1], 5 * self.max_failures)):
                fails = self._prune(key, now)
                fails.append(now)
                if len(fails) >= limit:
                    count = self._lockouts.get(key, 0)
                    self._lockouts[key] = count + 1
                    self._locked_until[key] = now + self.lockout_s * 2**count
                    self._failures[key] = []
            log.warning("wrong editor passcode for %r", name)
        raise AccessError("wrong passcode / kode akses salah")

    def check(self, editor: Editor) -> None:
        """Raise :class:`AccessError` unless ``editor`` came from this object's :meth:`login`."""
        if not isinstance(editor, Editor) or editor._token is not self._token:
            raise AccessError("log in as an editor first / masuk sebagai editor terlebih dahulu")
