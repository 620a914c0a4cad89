"""Two processes x 200 commits each on one value: no lost update, exact revision count (SQLite and PostgreSQL).

The default tier runs 2 x 20 commits, the slow tier 2 x 200.

Each writer reads the value, adds one and commits through the editor path (preview, then commit with the revision it
read); a commit that lost the race gets a ConflictError and retries. Serialised correctly, the value grows by exactly
400 and its revisions form one unbroken chain.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from readiness.store import Store, hash_passcode

ROOT = Path(__file__).resolve().parents[2]
SEED = Path(__file__).resolve().parent / "seed_fixture"  # hand-made, synthetic
PASSCODE = "test passcode"
KEY = "32.76|asn_count|2023"

WORKER = r"""
import sys
from readiness.store import Access, ConflictError, Store
from readiness.store.importer import ImportContext, commit, preview_edit

url, seed, stored_hash, passcode, name, n = sys.argv[1:7]
access = Access(stored_hash)
store = Store(url, access=access, seed_dir=seed)
editor = access.login(name, passcode)
retries = 0
for _ in range(int(n)):
    while True:
        ctx = ImportContext.from_store(store)  # one read: the value and the revision it belongs to
        value = ctx.current["32.76|asn_count|2023"][1]
        preview = preview_edit(ctx, "32.76", {("asn_count", 2023): value + 1}, source_id="src-a")
        try:
            commit(store, preview, editor=editor, reason="concurrency test")
            break
        except ConflictError:
            retries += 1
print(f"{name}: {n} commits, {retries} retries after a conflict")
"""


@pytest.mark.parametrize("commits", [20, pytest.param(200, marks=pytest.mark.slow)])
def test_two_writers_commit_concurrently_and_lose_no_update(store_url, commits):
    with Store.open(store_url, seed_dir=SEED) as store:
        start_value = store.current_records("observations")[KEY][1]["value"]
        start_count = store.revision_count()
        start_version = store.data_version()
    stored = hash_passcode(PASSCODE)
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, store_url, str(SEED), stored, PASSCODE, name,
                               str(commits)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("writer-a", "writer-b")]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    print(" ".join(o[0].strip() for o in outs))

    with Store(store_url, seed_dir=SEED) as store:
        assert store.current_records("observations")[KEY][1]["value"] == start_value + 2 * commits
        assert store.revision_count() == start_count + 2 * commits
        assert store.data_version() >= start_version + 2 * commits
        chain = store.history("32.76", "asn_count", 2023)
        assert len(chain) == 1 + 2 * commits
        olds, news = chain["old"].tolist()[1:], chain["new"].tolist()
        assert olds == news[:-1]  # every revision starts where the previous one ended
        assert all(n == o + 1 for o, n in zip(olds, news[1:], strict=True))
        assert chain["editor"].value_counts().to_dict() == {"writer-a": commits, "writer-b": commits, "seed": 1}


def test_several_instances_starting_at_once_migrate_and_seed_once(store_url):
    code = "import sys; from readiness.store import Store; Store.open(sys.argv[1], seed_dir=sys.argv[2]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, store_url, str(SEED)], cwd=ROOT, stderr=subprocess.PIPE,
                              text=True) for _ in range(3)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [e[-2000:] for e in errors]
    with Store(store_url, seed_dir=SEED) as store:
        assert store.revision_count() == 14  # the fixture's records, once
        assert store.data_version() == 1
