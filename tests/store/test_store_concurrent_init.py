"""Three processes starting at once on a new SQLite store (issue 23, item 8): every one opens it, it is migrated
and seeded once, and none fails with "database is locked". Real processes (``python -m readiness db init``); the
slow tier repeats it 10 times, the default tier once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.store import Store

ROOT = Path(__file__).resolve().parents[2]
SEED = Path(__file__).resolve().parent / "seed_fixture"  # hand-made, synthetic


@pytest.mark.parametrize("trials", [1, pytest.param(10, marks=pytest.mark.slow)])
def test_three_processes_initialise_a_new_store_together(tmp_path, trials):
    for trial in range(trials):
        folder = tmp_path / f"t{trial}"
        env = {**os.environ, "READINESS_DATA_DIR": str(folder), "READINESS_SEED_DIR": str(SEED),
               "PYTHONPATH": str(ROOT)}
        env.pop("DATABASE_URL", None)
        procs = [subprocess.Popen([sys.executable, "-m", "readiness", "db", "init"], env=env, cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
        results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]
        for p in procs:
            p.stdout.close()
            p.stderr.close()
        assert [r[0] for r in results] == [0, 0, 0], [r[2][-500:] for r in results]
        assert sum("seeded from" in r[1] for r in results) == 1
        with Store(f"sqlite:///{folder / 'readiness.sqlite'}", seed_dir=SEED) as s:
            assert len(s.revisions()["batch"].unique()) == 1  # seeded once


def test_a_locked_database_during_init_is_retried_not_raised(tmp_path, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import readiness.store.store as store_module

    store = Store(f"sqlite:///{tmp_path / 'readiness.sqlite'}", seed_dir=SEED)
    migrate, calls = store.migrate, []

    def flaky() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))
        migrate()

    monkeypatch.setattr(store, "migrate", flaky)
    monkeypatch.setattr(store_module.time, "sleep", lambda s: None)
    assert store.init() is True and len(calls) == 2

    def broken() -> None:
        calls.append(1)
        raise OperationalError("SELECT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(store, "migrate", broken)
    monkeypatch.setattr(store, "revision_count", lambda: 0)
    with pytest.raises(OperationalError, match="disk I/O error"):  # anything else is raised at once
        store.init()
    assert len(calls) == 3
    store.close()
