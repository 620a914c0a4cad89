"""Passcode attempts counted in the store's ``login_attempts`` table: shared by instances, kept across restarts,
bounded under simultaneous attempts, never touching the data version (issue 23, item 7)."""

from __future__ import annotations

import threading

import pytest

import readiness.store.access as access_module
from readiness.store import Access, AccessError, AttemptRules, Store, hash_passcode

from .conftest import SEED

PW = "synthetic passcode"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _open(url: str, clock: Clock | None = None, **rules: int) -> Store:
    return Store.open(url, access=Access(hash_passcode(PW), rules=AttemptRules(**rules), clock=clock or Clock()),
                      seed_dir=SEED)


def test_attempts_are_shared_by_instances_and_survive_a_restart(store_url):
    clock = Clock()
    one, two = _open(store_url, clock, per_name=3), _open(store_url, clock, per_name=3)
    try:
        version = one.data_version()
        for s in (one, two, one):
            with pytest.raises(AccessError, match="wrong passcode"):
                s.access.login("Ani", "nope", client="10.0.0.1")
        with pytest.raises(AccessError, match="too many"):
            two.access.login("Ani", PW, client="10.0.0.1")
        assert one.data_version() == version  # counting attempts empties no cache
    finally:
        one.close()
        two.close()
    restarted = _open(store_url, clock, per_name=3)
    try:
        with pytest.raises(AccessError, match="too many"):
            restarted.access.login("Ani", PW, client="10.0.0.1")
        assert restarted.access.login("Ani", PW, client="10.0.0.2").name == "Ani"
        clock.now += 300
        assert restarted.access.login("Ani", PW, client="10.0.0.1").name == "Ani"  # the window ended
    finally:
        restarted.close()


def test_simultaneous_attempts_cannot_pass_the_limit(store_url, monkeypatch):
    checks = []
    verify = access_module.verify_passcode
    monkeypatch.setattr(access_module, "verify_passcode", lambda p, h: checks.append(1) or verify(p, h))
    s = _open(store_url, per_name=5)
    try:
        barrier = threading.Barrier(40)
        refused: list[str] = []

        def attempt() -> None:
            barrier.wait()
            try:
                s.access.login("Ani", "nope", client="10.0.0.9")
            except AccessError as exc:
                refused.append(str(exc))

        threads = [threading.Thread(target=attempt) for _ in range(40)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(checks) == 5
        assert sum("too many" in m for m in refused) == 35 and len(refused) == 40
    finally:
        s.close()
