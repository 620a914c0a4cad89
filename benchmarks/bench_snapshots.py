"""Benchmark of snapshots (issue 21) on a store seeded from the bundled data (a temporary SQLite file, or --url).

Prints
  - the bytes a snapshot adds to the store: its row (id, time, revision, the whole spec as JSON, file hashes,
    version) and, for the first snapshot only, the framework and rule files' content (kept once per content);
    on SQLite also the file's growth after 1 and after 100 snapshots (page-level, what the disk sees);
  - the time to open one (look it up and rebuild its dataset from the revisions, cross-checks included), beside the
    baseline measured in the same run: Store.load_dataset() of the current data without its cache (the same
    checks on the entity tables);
  - the same after 2,000 later revisions (SYNTHETIC values written over one real observation; not real figures),
    and the time of "what changed since" with the rank re-scoring.
CPU time is the fairer figure on a shared machine.

Usage: .venv/bin/python benchmarks/bench_snapshots.py [--url URL]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

import readiness
from readiness.analysis.compare import default_year_of
from readiness.analysis.since import rank_moves
from readiness.store import Access, Change, Store, hash_passcode
from readiness.store import snapshots as snaps
from readiness.store.tables import snapshot_files, snapshots


def timed(label: str, fn: Callable[[], Any], repeat: int = 3) -> Any:
    best_wall = best_cpu = float("inf")
    out = None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        best_wall, best_cpu = min(best_wall, time.perf_counter() - w), min(best_cpu, time.process_time() - c)
    print(f"{label:<58} wall {best_wall * 1000:8.1f} ms   cpu {best_cpu * 1000:8.1f} ms   (best of {repeat})")
    return out


def row_bytes(store: Store) -> tuple[int, int]:
    """Bytes of the text of every snapshots row and of every file content kept."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(snapshots)).all()
        files = conn.execute(select(func.coalesce(func.sum(func.length(snapshot_files.c.content)), 0))).scalar_one()
    return sum(len(str(v).encode()) for r in rows for v in r), int(files)


def file_size(store: Store, path: Path | None) -> int | None:
    """The SQLite file's size after a checkpoint (the WAL written back), or None for another backend."""
    if path is None:
        return None
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    warnings.simplefilter("ignore", readiness.ReadinessWarning)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        sqlite_file = None if args.url else Path(tmp) / "bench.sqlite"
        access = Access(hash_passcode("bench"))
        store = Store.open(url, access=access)
        editor = access.login("bench (synthetic)", "bench")
        ds = store.load_dataset()
        spec = readiness.ScoringSpec(study=ds.study_regions())
        spec = spec.but(year=default_year_of(ds, spec))
        print(f"store: {store.backend}, {store.revision_count()} revisions (bundled data)")
        size0 = file_size(store, sqlite_file)
        first = snaps.create(store, spec)
        rows1, files1 = row_bytes(store)
        size1 = file_size(store, sqlite_file)
        for _ in range(99):
            snaps.create(store, spec)
        rows100, files100 = row_bytes(store)
        print(f"first snapshot: row {rows1} B + file contents {files1} B (framework and rules, kept once)")
        print(f"each later snapshot: row {(rows100 - rows1) / 99:.0f} B; file contents after 100 snapshots "
              f"{files100} B (unchanged: no copy)")
        size100 = file_size(store, sqlite_file)
        if size0 is not None and size1 is not None and size100 is not None:
            print(f"SQLite file: {size0} B before, +{size1 - size0} B after 1 snapshot, "
                  f"+{size100 - size0} B after 100 ({(size100 - size1) / 99:.0f} B each after the first)")
        timed("baseline: Store.load_dataset() of the current data, no cache", store.load_dataset)
        timed("open a snapshot: get + rebuild its dataset", lambda: snaps.dataset_of(store, snaps.get(store, first.id)))
        key = next(k for k in store.current_records("observations") if k.startswith("64.71|"))
        rev, record = store.current_records("observations")[key]
        for i in range(2000):
            new = {**record, "value": float(record["value"] or 0) + (i % 7) + 1}
            [rev] = store.write([Change("observations", key, new, rev)], editor=editor, reason="SYNTHETIC bench")
            record = new
        print(f"after 2,000 later revisions (SYNTHETIC values): {store.revision_count()} revisions")
        timed("open the snapshot again: get + rebuild its dataset", lambda: snaps.dataset_of(store, first))
        snap_ds = snaps.dataset_of(store, first)
        changes = timed("what changed since (values)", lambda: snaps.changes_since(store, first))
        timed(f"which change moved the ranking ({len(changes)} change(s))",
              lambda: rank_moves(snap_ds.framework, snap_ds.observations, first.spec, changes,
                                 regions=snap_ds.regions), repeat=1)
        store.close()


if __name__ == "__main__":
    main()
