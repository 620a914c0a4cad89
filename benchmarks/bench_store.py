"""Benchmark of the store's importer on a SYNTHETIC workbook (fixed seed; not real figures).

514 synthetic regions x 40 synthetic indicators x 10 years in the wide template layout (5,140 rows x 40 indicator
columns = 205,600 values, each row with a source), imported into a fresh store seeded with a synthetic framework.
Prints the wall and CPU time of each step (CPU time is the fairer figure on a shared, busy machine) and the
process's peak resident memory after it:
  - baseline: openpyxl read-only iteration over every cell of the same workbook (the floor for any importer),
  - preview (read, check every value, compare with the store),
  - commit (one transaction: 205,600 revisions + current values),
  - a second preview of the same file (all unchanged), and Store.load_dataset() afterwards,
  - Store.data_version() (the per-rerun freshness check).
Target on a 2-core machine: preview + commit under 10 s.

Usage: .venv/bin/python benchmarks/bench_store.py [--url URL] [--no-commit]
(default URL: a temporary SQLite file; e.g. --url postgresql://postgres@127.0.0.1:5432/test for PostgreSQL, which
uses a temporary schema dropped at the end)
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import openpyxl

from readiness.io import DEFAULT_LIMITS
from readiness.model.register import REGISTER_DIR
from readiness.store import Access, Store, hash_passcode
from readiness.store.importer import commit, preview_file

N_REGIONS, N_INDICATORS, YEARS = 514, 40, list(range(2015, 2025))
PASSCODE = "benchmark"


def synthetic_seed(folder: Path) -> None:
    """A SYNTHETIC dataset: 514 regions, 40 indicators (goalposts 0-100) in 2 pillars, one source."""
    ind = [f"synthetic_ind{i:02d}" for i in range(N_INDICATORS)]
    lines = ["id: index", "name_id: Indeks sintetis", "name_en: Synthetic index", "children:"]
    for p in range(2):
        lines += [f"  - id: pillar{p}", "    weight: 1", f"    name_id: Pilar {p}", f"    name_en: Pillar {p}",
                  "    children:"]
        for i in ind[p::2]:
            lines += [f"      - id: {i}", "        weight: 1", "        direction: 1", "        goal_min: 0",
                      "        goal_max: 100", "        unit: synthetic", f"        name_id: {i}",
                      f"        name_en: {i}"]
    (folder / "framework.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # the 514 real kabupaten/kota codes of the national register (codes are checked against it); values are synthetic
    register = pd.read_csv(REGISTER_DIR / "regencies.csv", dtype=str)
    codes = sorted(register["code"])[:N_REGIONS]
    rows = ["code,name,short_name,kind,province,group,lat,lon,coord_source_id,area_km2,area_source_id,note"]
    rows += [f"{c},Synthetic region {c},,kota,Synthetic,benchmark,-1.0,116.0,,,,synthetic values" for c in codes]
    (folder / "regions.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "groups.csv").write_text("id,name_id,name_en,mean_name_id,mean_name_en,color,role,scored,headline,"
                                       "order\nbenchmark,Sintetis,Synthetic,,,#332288,study,true,false,1\n",
                                       encoding="utf-8")
    (folder / "sources.csv").write_text("id,title,publisher,url,date,accessed,note\n"
                                        "synthetic,Synthetic benchmark data,none,https://example.org,2025,,\n")
    (folder / "observations.csv").write_text("region_code,indicator,year,value,source_id,note,confidence,quote\n"
                                             f"{codes[0]},{ind[0]},2014,1,synthetic,,,\n")
    (folder / "events.csv").write_text("id,region_code,date,kind,title,count,unit,measure,status,source_id,"
                                       "confidence,quote\n")
    (folder / "labels.csv").write_text("region_code,indicator,year,label,source_id,note,confidence,quote\n")
    (folder / "undated.csv").write_text("region_code,indicator,value,published,source_id,note,confidence,quote\n")


def synthetic_workbook(path: Path, codes: list[str], indicators: list[str], seed: int = 20261128) -> int:
    """The wide workbook (write-only openpyxl); returns the number of values."""
    rng = np.random.default_rng(seed)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(["region_code", "region_name", "year", *indicators, "source_title", "source_publisher", "source_url",
               "source_date"])
    values = np.round(rng.uniform(0, 100, size=(len(YEARS), len(codes), len(indicators))), 2)
    for y, year in enumerate(YEARS):
        for r, code in enumerate(codes):
            ws.append([code, "synthetic", year, *values[y, r].tolist(), "Synthetic benchmark workbook",
                       "benchmark", "https://example.org/bench", "2025"])
    wb.save(path)
    return values.size


def measure(label: str, fn: Callable[[], Any]) -> Any:
    """Time one step (wall clock) and report the process's peak resident memory so far (tracemalloc would slow
    the step several times over)."""
    t, cpu = time.perf_counter(), time.process_time()
    out = fn()
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:<40} {elapsed:6.2f} s wall {cpu:6.2f} s CPU   process peak RSS {peak:5.0f} MB")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="store URL (default: a temporary SQLite file)")
    parser.add_argument("--no-commit", action="store_true", help="preview only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seed = folder / "seed"
        seed.mkdir()
        synthetic_seed(seed)
        url, schema = args.url or f"sqlite:///{folder / 'bench.sqlite'}", None
        if args.url and args.url.startswith("postgres"):
            from sqlalchemy import create_engine, text
            from sqlalchemy.engine import make_url

            schema = f"bench_{uuid.uuid4().hex[:8]}"
            server = "postgresql+psycopg://" + args.url.split("://", 1)[1]
            with create_engine(server).begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
                hide_password=False)
        access = Access(hash_passcode(PASSCODE))
        store = Store.open(url, access=access, seed_dir=seed)
        editor = access.login("benchmark", PASSCODE)
        codes = sorted(store.current_records("regions"))
        book = folder / "synthetic.xlsx"
        n = synthetic_workbook(book, codes, list(store.framework.indicators))
        print(f"SYNTHETIC workbook: {len(codes)} regions x {len(store.framework.indicators)} indicators x "
              f"{len(YEARS)} years = {n:,} values, {book.stat().st_size / 2**20:.1f} MB "
              f"(limit {DEFAULT_LIMITS.file_bytes / 2**20:.0f} MB)"
              f"; store: {store.backend}")

        def baseline() -> int:
            wb = openpyxl.load_workbook(book, read_only=True)
            count = sum(1 for row in wb["Data"].iter_rows() for c in row if c.value is not None)
            wb.close()
            return count

        measure("baseline: openpyxl read-only, every cell", baseline)
        preview = measure("preview (read + check + compare)", lambda: preview_file(book, store))
        print(f"  {preview.counts}")
        assert preview.ok, preview.problems(limit=5)
        if not args.no_commit:
            ids = measure("commit (one transaction)", lambda: commit(store, preview, editor=editor, reason="bench"))
            print(f"  {len(ids):,} revisions written")
            again = measure("preview again (all unchanged)", lambda: preview_file(book, store))
            print(f"  {again.counts}")
            ds = measure("Store.load_dataset() afterwards", store.load_dataset)
            print(f"  {len(ds.observations):,} observations")
        store.data_version()
        t = time.perf_counter()
        for _ in range(1000):
            store.data_version()
        print(f"{'Store.data_version()':<44} {(time.perf_counter() - t):7.3f} ms per call (mean of 1000)")
        store.close()
        if schema:
            with create_engine(server).begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
