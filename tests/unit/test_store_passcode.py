"""Editor passcode: hashing, constant-time check, no default, rate limit and logging."""

from __future__ import annotations

import hashlib
import logging

import pytest

from readiness.store import Access, AccessError, hash_passcode, verify_passcode


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_hash_round_trip_and_salt():
    h1, h2 = hash_passcode("rahasia"), hash_passcode("rahasia")
    assert h1 != h2 and h1.startswith("scrypt$16384$8$1$")
    assert verify_passcode("rahasia", h1) and verify_passcode("rahasia", h2)
    assert not verify_passcode("Rahasia", h1)
    assert "rahasia" not in h1


def test_pbkdf2_hashes_are_accepted():
    salt = b"0123456789abcdef"
    digest = hashlib.pbkdf2_hmac("sha256", b"rahasia", salt, 200_000)
    stored = f"pbkdf2_sha256$200000${salt.hex()}${digest.hex()}"
    assert verify_passcode("rahasia", stored) and not verify_passcode("x", stored)


def test_a_malformed_hash_is_a_clear_error():
    with pytest.raises(AccessError, match="is not a hash made by 'python -m readiness db hash-passcode'"):
        Access("md5$abc").login("Ani", "x")


@pytest.mark.parametrize("env", [{}, {"READINESS_EDITOR_PASSCODE_HASH": "  "}, {"READINESS_EDITOR_PASSCODE": ""}])
def test_no_passcode_configured_disables_editing(env):
    access = Access.from_env(env)
    assert not access.enabled
    with pytest.raises(AccessError, match="editing is disabled: no editor passcode is configured"):
        access.login("Ani", "")
    with pytest.raises(AccessError, match="editing is disabled"):
        access.login("Ani", "anything")


def test_plain_passcode_from_env_is_hashed_and_the_hash_wins():
    access = Access.from_env({"READINESS_EDITOR_PASSCODE": "plain"})
    assert access._hash.startswith("scrypt$") and "plain" not in access._hash
    assert access.login("Ani", "plain").name == "Ani"
    both = Access.from_env({"READINESS_EDITOR_PASSCODE": "plain",
                            "READINESS_EDITOR_PASSCODE_HASH": hash_passcode("hashed")})
    assert both.login("Ani", "hashed").name == "Ani"
    with pytest.raises(AccessError, match="wrong passcode"):
        both.login("Ani", "plain")


def test_editor_name_is_required_and_normalised():
    access = Access(hash_passcode("pw"))
    assert access.login("  Ani   Wijaya ", "pw").name == "Ani Wijaya"
    with pytest.raises(AccessError, match="give your name"):
        access.login("   ", "pw")
    with pytest.raises(AccessError, match="give your name"):
        access.login("x" * 81, "pw")


def test_wrong_attempts_are_rate_limited_and_logged(caplog):
    clock = Clock()
    access = Access(hash_passcode("pw"), max_failures=3, lockout_s=60, clock=clock)
    with caplog.at_level(logging.WARNING, logger="readiness.store.access"):
        for _ in range(3):
            with pytest.raises(AccessError, match="wrong passcode"):
                access.login("Ani", "nope")
        with pytest.raises(AccessError, match="too many wrong passcodes; try again in 60 s"):
            access.login("Ani", "pw")  # even the right passcode waits
    assert sum("wrong editor passcode for 'Ani'" in r.getMessage() for r in caplog.records) == 3
    assert any("locked out" in r.getMessage() for r in caplog.records)
    assert all("nope" not in r.getMessage() for r in caplog.records)
    assert access.login("Budi", "pw").name == "Budi"  # another name is not locked by Ani's attempts
    clock.now += 61
    assert access.login("Ani", "pw").name == "Ani"
    for _ in range(3):
        with pytest.raises(AccessError, match="wrong passcode"):
            access.login("Ani", "nope")
    with pytest.raises(AccessError, match="try again in 120 s"):  # the lockout doubles
        access.login("Ani", "pw")


def test_total_wrong_attempts_lock_every_name():
    clock = Clock()
    access = Access(hash_passcode("pw"), max_failures=2, lockout_s=30, clock=clock)
    for i in range(10):
        with pytest.raises(AccessError):
            access.login(f"name{i}", "nope")
    with pytest.raises(AccessError, match="too many wrong passcodes"):
        access.login("fresh", "pw")


def test_an_editor_from_another_access_is_refused():
    a, b = Access(hash_passcode("pw")), Access(hash_passcode("pw"))
    editor = a.login("Ani", "pw")
    a.check(editor)
    with pytest.raises(AccessError, match="log in as an editor first"):
        b.check(editor)
