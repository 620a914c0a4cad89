"""An import killed with SIGKILL leaves the store as before (SQLite and PostgreSQL).

The child process previews a file of a few hundred values and commits it. In the first test a listener on the
engine's ``commit`` event (fired after every row is written, before COMMIT is sent) signals the parent through a
marker file and sleeps; the parent kills it there. In the second the child is killed after random delays, so at
whatever point it has reached: the store must then hold either nothing of the import or all of it (one kill in the
default tier, six in the slow tier).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from readiness.store import Store, hash_passcode

ROOT = Path(__file__).resolve().parents[2]
SEED = Path(__file__).resolve().parent / "seed_fixture"  # hand-made, synthetic
PASSCODE = "test passcode"

CHILD = r"""
import sys, time
from pathlib import Path
from sqlalchemy import event
from readiness.store import Access, Store
from readiness.store.importer import commit, preview_file

url, seed, stored_hash, passcode, csv_path, marker = sys.argv[1:7]
access = Access(stored_hash)
store = Store.open(url, access=access, seed_dir=seed)
editor = access.login("killed", passcode)
preview = preview_file(csv_path, store)
assert preview.ok, preview.problems()[:5]
if marker != "-":
    @event.listens_for(store.engine, "commit")
    def _hold(conn):
        Path(marker).write_text("in commit")
        time.sleep(120)
commit(store, preview, editor=editor, reason="to be killed")
print("committed")
"""


def _big_csv(path: Path, offset: int = 0) -> int:
    """A synthetic file of 216 values; each ``offset`` (0-5) gives different values."""
    rows = ["region_code,indicator,year,value,source_title,source_publisher,source_url,source_date"]
    for code in ("64.71", "64.72", "32.76"):
        for year in range(1990, 2026):
            spbe = (year % 45) / 10 + offset / 100
            ikd = year % 90 + offset
            rows.append(f"{code},spbe_index,{year},{spbe},Synthetic,Test,https://example.org,2025")
            rows.append(f"{code},ikd_activation_pct,{year},{ikd},Synthetic,Test,https://example.org,2025")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


def _state(url: str) -> tuple[int, int, str]:
    with Store(url, seed_dir=SEED) as s:
        obs = json.dumps(s.current_records("observations"), sort_keys=True)
        return s.revision_count(), s.data_version(), obs


def _spawn(url: str, csv_path: Path, marker: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, url, str(SEED), hash_passcode(PASSCODE), PASSCODE,
                             str(csv_path), marker], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _check_sqlite(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with sqlite3.connect(parsed.database) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_sigkill_mid_commit_leaves_the_store_as_before(store_url, tmp_path):
    with Store.open(store_url, seed_dir=SEED):
        pass
    before = _state(store_url)
    csv_path = tmp_path / "big.csv"
    n = _big_csv(csv_path)
    marker = tmp_path / "marker"
    child = _spawn(store_url, csv_path, str(marker))
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert child.poll() is None, child.communicate()[1].decode()[-2000:]
        assert time.monotonic() < deadline, "the child never reached its commit"
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    _check_sqlite(store_url)
    assert _state(store_url) == before
    # the store still works: the same import commits in full
    done = _spawn(store_url, csv_path, "-")
    _out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err.decode()[-2000:]
    count, version, _ = _state(store_url)
    assert count == before[0] + n + 1  # every value and the one new source
    assert version == before[1] + 1


@pytest.mark.parametrize("kills", [1, pytest.param(6, marks=pytest.mark.slow)])
def test_sigkill_at_random_moments_is_all_or_nothing(store_url, tmp_path, kills):
    with Store.open(store_url, seed_dir=SEED):
        pass
    rng = random.Random(12)
    outcomes = {"nothing": 0, "all": 0}
    source_added = False
    for i in range(kills):
        csv_path = tmp_path / f"big{i}.csv"
        n = _big_csv(csv_path, offset=i)
        before = _state(store_url)
        child = _spawn(store_url, csv_path, "-")
        time.sleep(rng.uniform(0.5, 3.5))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        _check_sqlite(store_url)
        after = _state(store_url)
        if after == before:
            outcomes["nothing"] += 1
            continue
        assert after[0] == before[0] + n + (0 if source_added else 1)
        assert after[1] == before[1] + 1
        source_added = True
        outcomes["all"] += 1
    print(f"random SIGKILL outcomes: {outcomes}")
