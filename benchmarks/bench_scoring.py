"""Benchmark of the scoring engine on SYNTHETIC data (fixed seed; not real figures).

514 regions (Indonesia's kabupaten/kota) x 40 indicators in 3 pillars x 10 years, about 10% missing.
Prints the median time and peak memory (tracemalloc, Python allocations incl. numpy) of:
  - building the observation cube once from the long table (what the app caches),
  - one year's full score (select, normalise, aggregate, rank, Result) from the cube,
  - all ten years in one call (score_years).
Targets on a 2-core machine: one year < 5 ms, ten years < 50 ms.

Usage: .venv/bin/python benchmarks/bench_scoring.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc

import numpy as np
import pandas as pd

import readiness

N_REGIONS, N_INDICATORS, N_PILLARS, YEARS = 514, 40, 3, list(range(2015, 2025))


def synthetic(seed: int = 20261123) -> tuple[readiness.Framework, pd.DataFrame]:
    """A SYNTHETIC framework and long observation table (labelled synthetic; never real data)."""
    rng = np.random.default_rng(seed)
    ids = ["index"] + [f"pillar{p}" for p in range(N_PILLARS)]
    parents = [""] + ["index"] * N_PILLARS
    weights = [""] + ["1"] * N_PILLARS
    directions = [""] * (N_PILLARS + 1)
    for i in range(N_INDICATORS):
        ids.append(f"synthetic_ind{i:02d}")
        parents.append(f"pillar{i % N_PILLARS}")
        weights.append(str(rng.integers(1, 4)))
        directions.append("-1" if i % 7 == 0 else "1")
    fw = readiness.framework_from_frame(
        pd.DataFrame({"id": ids, "parent": parents, "weight": weights, "direction": directions}), source="synthetic"
    )
    regions = [f"{90 + r // 100}.{r % 100:02d}" for r in range(N_REGIONS)]
    r, y, i = np.meshgrid(np.arange(N_REGIONS), np.arange(len(YEARS)), np.arange(N_INDICATORS), indexing="ij")
    values = rng.lognormal(3, 1, size=r.shape)
    keep = rng.uniform(size=r.shape) > 0.10
    obs = pd.DataFrame({
        "region_code": np.array(regions)[r[keep]],
        "indicator": np.array(fw.indicators)[i[keep]],
        "year": np.array(YEARS)[y[keep]],
        "value": values[keep],
        "source_id": "synthetic",
    })
    return fw, obs


def measure(func, repeat: int) -> tuple[float, float, float]:
    """Median wall time and CPU time (ms) over ``repeat`` runs after one warm-up, and peak traced memory (MB) of one
    run. CPU time is the fairer figure on a shared machine."""
    func()
    times, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        func()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), statistics.median(cpu), peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    fw, obs = synthetic()
    print(f"SYNTHETIC data: {N_REGIONS} regions x {N_INDICATORS} indicators in {N_PILLARS} pillars x "
          f"{len(YEARS)} years, {len(obs):,} observations")
    cube = readiness.build_cube(obs, fw.indicators)
    spec = readiness.ScoringSpec(year=2024)
    rows = [
        ("build cube from long table (once)", lambda: readiness.build_cube(obs, fw.indicators), ""),
        ("one year from the cube, spec built once", lambda: readiness.score(fw, cube, spec), "< 2 ms"),
        ("one year from the long table", lambda: readiness.score(fw, obs, spec), "< 35 ms"),
        ("one year, full score (minmax, arithmetic)", lambda: readiness.score(fw, cube, year=2024), "< 5 ms"),
        ("one year, minmax 1-100 + geometric",
         lambda: readiness.score(fw, cube, year=2024, range=(1, 100), aggregate="geometric"),
         "< 5 ms"),
        ("one year, window 3 + to_frame()", lambda: readiness.score(fw, cube, year=2024, window=3).to_frame(), ""),
        ("all ten years (score_years)", lambda: readiness.score_years(fw, cube), "< 50 ms"),
    ]
    print(f"{'case':48s} {'wall ms':>9s} {'cpu ms':>8s} {'peak MB':>8s}  target")
    for name, func, target in rows:
        ms, cpu, mb = measure(func, args.repeat)
        print(f"{name:48s} {ms:9.2f} {cpu:8.2f} {mb:8.1f}  {target}")


if __name__ == "__main__":
    main()
