"""Editor passcode: hashing, constant-time check, no default, rate limit and logging."""

from __future__ import annotations

import hashlib
import logging

import pytest

from readiness.store import Access, AccessError, AttemptRules, hash_passcode, verify_passcode


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


def test_wrong_attempts_are_limited_per_client_and_name_and_logged(caplog):
    clock = Clock()
    access = Access(hash_passcode("pw"), rules=AttemptRules(per_name=3, window_s=60), clock=clock)
    with caplog.at_level(logging.WARNING, logger="readiness.store.access"):
        for _ in range(3):
            with pytest.raises(AccessError, match="wrong passcode"):
                access.login("Ani", "nope", client="10.0.0.1")
        with pytest.raises(AccessError, match="too many wrong passcodes; try again in 60 s"):
            access.login("Ani", "pw", client="10.0.0.1")  # even the right passcode waits, from that client
    assert sum("wrong editor passcode for 'Ani'" in r.getMessage() for r in caplog.records) == 3
    assert any("too many attempts" in r.getMessage() for r in caplog.records)
    assert all("nope" not in r.getMessage() for r in caplog.records)
    assert access.login("Budi", "pw", client="10.0.0.1").name == "Budi"  # another name is not locked
    assert access.login("Ani", "pw", client="10.0.0.2").name == "Ani"  # nor the same name from another client


def test_a_lockout_ends_with_its_window_and_never_doubles():
    clock = Clock()
    access = Access(hash_passcode("pw"), rules=AttemptRules(per_name=2, window_s=60), clock=clock)
    for _round in range(3):
        for _ in range(2):
            with pytest.raises(AccessError, match="wrong passcode"):
                access.login("Ani", "nope")
        clock.now += 20
        with pytest.raises(AccessError, match="try again in 40 s"):  # the window's end, each time
            access.login("Ani", "pw")
        clock.now += 40
    assert access.login("Ani", "pw").name == "Ani"


def test_a_client_is_limited_under_any_names_and_others_still_log_in():
    access = Access(hash_passcode("pw"), rules=AttemptRules(per_name=5, per_client=4), clock=Clock())
    for i in range(4):
        with pytest.raises(AccessError, match="wrong passcode"):
            access.login(f"name{i}", "nope", client="attacker")
    with pytest.raises(AccessError, match="too many"):
        access.login("fresh", "pw", client="attacker")
    assert access.login("Ani", "pw", client="editor").name == "Ani"


def test_the_total_limit_tightens_but_never_locks_out_every_editor():
    access = Access(hash_passcode("pw"), rules=AttemptRules(per_name=5, per_client=20, total=10), clock=Clock())
    for i in range(12):
        with pytest.raises(AccessError, match="wrong passcode"):
            access.login(f"name{i}", "nope", client=f"bot{i}")  # first attempt of each client: checked
    with pytest.raises(AccessError, match="too many"):  # past the total, a client's second attempt waits
        access.login("name0", "pw", client="bot0")
    assert access.login("Ani", "pw", client="editor").name == "Ani"  # an editor who has not guessed wrong


def test_a_success_clears_the_count_of_that_client_and_name():
    access = Access(hash_passcode("pw"), rules=AttemptRules(per_name=3), clock=Clock())
    for _ in range(2):
        with pytest.raises(AccessError, match="wrong passcode"):
            access.login("Ani", "nope")
    assert access.login("Ani", "pw").name == "Ani"
    for _ in range(2):
        with pytest.raises(AccessError, match="wrong passcode"):
            access.login("Ani", "nope")
    assert access.login("Ani", "pw").name == "Ani"


def test_saves_are_limited_per_editor():
    clock = Clock()
    access = Access(hash_passcode("pw"), rules=AttemptRules(saves=2, save_window_s=60), clock=clock)
    ani, budi = access.login("Ani", "pw"), access.login("Budi", "pw")
    access.throttle(ani)
    access.throttle(ani)
    with pytest.raises(AccessError, match="too many saves"):
        access.throttle(ani)
    access.throttle(budi)
    clock.now += 60
    access.throttle(ani)
    with pytest.raises(AccessError, match="log in as an editor first"):
        access.throttle(Access(hash_passcode("pw")).login("Ani", "pw"))


def test_an_editor_from_another_access_is_refused():
    a, b = Access(hash_passcode("pw")), Access(hash_passcode("pw"))
    editor = a.login("Ani", "pw")
    a.check(editor)
    with pytest.raises(AccessError, match="log in as an editor first"):
        b.check(editor)
