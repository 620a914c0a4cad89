"""The editors' passcode limit under the cases of issue 23 (item 7), on a fresh SQLite store seeded from data/.

Prints, for each case, what happened (no timing target; the figures are counts):
  - 26 wrong passcodes under 26 names from one client, then the right one from that client and from another;
  - 5 wrong passcodes under name A, then the right one under name B (same client) and under A from another client;
  - 100 simultaneous attempts (threads) under one name from one client, and under 100 names from 100 clients:
    how many reached the passcode check;
  - a second Store object on the same file (another instance, or a restart): whether it sees the count.

The passcode check is counted by wrapping ``verify_passcode``. Runs on this tree; on an older tree without
``client=`` the client is left out (the counts are then per name and in total, in one process).

Usage: .venv/bin/python benchmarks/bench_passcode.py [--url URL]
"""

from __future__ import annotations

import argparse
import inspect
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import readiness.store.access as access_module
from readiness.store import Access, AccessError, Store, hash_passcode

RIGHT = "synthetic-right-passcode"
CHECKS = {"n": 0}
_verify = access_module.verify_passcode


def _counting(passcode: str, stored: str) -> bool:
    CHECKS["n"] += 1
    return _verify(passcode, stored)


access_module.verify_passcode = _counting
HAS_CLIENT = "client" in inspect.signature(Access.login).parameters


def attempt(access: Access, name: str, passcode: str, client: str) -> str:
    """``ok``, ``wrong`` or ``locked``."""
    try:
        if HAS_CLIENT:
            access.login(name, passcode, client=client)
        else:
            access.login(name, passcode)
    except AccessError as exc:
        return "locked" if "too many" in str(exc) else "wrong"
    return "ok"


def fresh(url: str | None, tmp: Path, tag: str) -> Store:
    """A new store (its own SQLite file unless ``url``) with a fresh passcode."""
    return Store.open(url or f"sqlite:///{tmp / tag}.sqlite", access=Access(hash_passcode(RIGHT)))


def race(access: Access, names: list[str], clients: list[str]) -> tuple[int, dict[str, int]]:
    """Run one wrong attempt per (name, client) in simultaneous threads; the checks made and the outcomes."""
    CHECKS["n"] = 0
    barrier = threading.Barrier(len(names))
    outcomes: dict[str, int] = {}
    lock = threading.Lock()

    def one(name: str, client: str) -> None:
        barrier.wait()
        got = attempt(access, name, "wrong", client)
        with lock:
            outcomes[got] = outcomes.get(got, 0) + 1

    threads = [threading.Thread(target=one, args=nc) for nc in zip(names, clients, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return CHECKS["n"], outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="store URL (default: temporary SQLite files); the store must be empty")
    args = parser.parse_args()
    print(f"client-aware login: {HAS_CLIENT}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        s = fresh(args.url, tmp_path, "a")
        wrong = [attempt(s.access, f"guess{i}", "wrong", "198.51.100.1") for i in range(26)]
        print(f"26 wrong under 26 names from one client: {wrong.count('wrong')} checked wrong, "
              f"{wrong.count('locked')} refused unchecked")
        print(f"  then the right passcode from that client: {attempt(s.access, 'Ani', RIGHT, '198.51.100.1')}; "
              f"from another client: {attempt(s.access, 'Ani', RIGHT, '198.51.100.2')}")
        s.close()

        s = fresh(args.url, tmp_path, "b")
        wrong = [attempt(s.access, "A", "wrong", "198.51.100.1") for _ in range(5)]
        print(f"5 wrong under name A: {wrong}")
        print(f"  then right under B, same client: {attempt(s.access, 'B', RIGHT, '198.51.100.1')}; "
              f"right under A from another client: {attempt(s.access, 'A', RIGHT, '198.51.100.2')}; "
              f"right under A, same client: {attempt(s.access, 'A', RIGHT, '198.51.100.1')}")
        s.close()

        s = fresh(args.url, tmp_path, "c")
        checks, outcomes = race(s.access, ["A"] * 100, ["198.51.100.1"] * 100)
        print(f"100 simultaneous wrong attempts, one name, one client: {checks} checked; {outcomes}")
        other = Store(s.url, access=Access(hash_passcode(RIGHT)))  # another instance, or the app restarted
        print(f"  another Store on the same database (instance/restart), name A from that client: "
              f"{attempt(other.access, 'A', RIGHT, '198.51.100.1')}")
        other.close()
        s.close()

        s = fresh(args.url, tmp_path, "d")
        checks, outcomes = race(s.access, [f"n{i}" for i in range(100)], [f"203.0.113.{i}" for i in range(100)])
        print(f"100 simultaneous wrong attempts, 100 names from 100 clients: {checks} checked; {outcomes}")
        print(f"  then the right passcode from a fresh client: {attempt(s.access, 'Ani', RIGHT, '192.0.2.9')}")
        s.close()


if __name__ == "__main__":
    main()
