"""Benchmark of readiness.analysis.uncertainty: 1,000 draws on the bundled data and on SYNTHETIC data (fixed seed).

The synthetic case (labelled synthetic; not real figures) is bench_scoring's: 514 regions (Indonesia's
kabupaten/kota) x 40 indicators in 3 pillars, about 10 % missing. The spec is ``ScoringSpec()``'s (the dashboard's:
goalposts, min-max where no goalposts, 0-100, the sufficiency rule on) with the case's year and window; the draws
are ``UncertaintyOptions()``'s: weights +-25 % (uniform), aggregation arithmetic/geometric (geometric draws on
1-100). The observation cube is built once beforehand, as the app caches it.

Prints the median wall time and peak memory (tracemalloc: Python allocations incl. numpy) of
  - uncertainty(), 1,000 draws (and with leave-one-out, and with three normalisations),
  - leave_one_out() (every indicator removed in turn), sensitivity() (n=500, Saltelli/Jansen),
  - a baseline measured in the same run: readiness.score called once per draw (20 draws, scaled to 1,000),
  - the server time of a weight-slider move on the "Simulasi / What if" page (AppTest rerun, median; the first move
    of each value warms the caches), and of a draws change on its uncertainty view; target < 300 ms.
Targets on a 2-core machine: < 150 ms for 514 x 40, < 50 ms on the bundled data, peak < 200 MB
(COINr 1.1.14: 37.9 s for 1,000 draws on its 51 x 49 ASEM example, asem_ua_timings.csv).

Usage: .venv/bin/python benchmarks/bench_uncertainty.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scoring import synthetic

import readiness
from readiness import SensitivityOptions, UncertaintyOptions, leave_one_out, sensitivity, uncertainty


def measure(func, repeat: int) -> tuple[float, float]:
    """Median wall time (ms) over ``repeat`` runs after one warm-up, and the peak traced memory (MB) of one run."""
    func()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 1e6


def per_draw_baseline(fw, cube, spec, draws: int = 20) -> float:
    """ms for ``draws`` calls of readiness.score with perturbed weights, scaled to 1,000 draws."""
    prep = uncertainty(fw, cube, spec, UncertaintyOptions(draws=draws, seed=1))
    table = fw.to_frame()
    order = [fw.indicators.index(i) for i in table.loc[table["is_indicator"], "id"]]  # the table's order
    cube = readiness.pipeline.ObservationCube(cube.regions, cube.years, tuple(fw.indicators[i] for i in order),
                                     cube.values[..., order], cube.source_ids[..., order])
    t0 = time.perf_counter()
    for d in range(draws):
        weights = dict(zip(fw.node_ids, prep.plan.weights[d], strict=True))
        draw_fw = readiness.framework_from_frame(table.assign(weight=[weights[n] for n in table["id"]]))
        aggregate = prep.params["aggregations"][int(prep.plan.aggregate[d])]
        readiness.score(draw_fw, cube, spec.but(aggregate=aggregate, range=(1, 100)))
    return (time.perf_counter() - t0) * 1000 / draws * 1000


def run_case(label: str, fw, cube, year: int, window: int, repeat: int) -> None:
    print(f"\n== {label}: {len(cube.regions)} regions x {len(fw.indicators)} indicators, year {year}, window {window}")
    spec = readiness.ScoringSpec(year=year, window=window)
    cases = {
        "uncertainty, 1,000 draws": lambda: uncertainty(fw, cube, spec, UncertaintyOptions()),
        "uncertainty, 1,000 draws, leave-one-out": lambda: uncertainty(fw, cube, spec,
                                                                       UncertaintyOptions(leave_one_out=True)),
        "uncertainty, 1,000 draws, 3 normalisations": lambda: uncertainty(
            fw, cube, spec, UncertaintyOptions(normalisations=("minmax", "rank"))),
        "uncertainty, 1,000 draws, keep_draws=False": lambda: uncertainty(fw, cube, spec,
                                                                          UncertaintyOptions(keep_draws=False)),
        "leave_one_out (each indicator)": lambda: leave_one_out(fw, cube, spec),
        "sensitivity, n=500 (Saltelli/Jansen)": lambda: sensitivity(fw, cube, spec,
                                                                    SensitivityOptions(leave_one_out=True)),
    }
    for name, func in cases.items():
        ms, mb = measure(func, repeat)
        print(f"{name:48s} {ms:9.1f} ms   peak {mb:7.1f} MB")
    base = per_draw_baseline(fw, cube, spec)
    print(f"{'baseline: score() per draw, scaled to 1,000':48s} {base:9.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    warnings.simplefilter("ignore", readiness.ReadinessWarning)
    ds = readiness.load_dataset()
    codes = list(ds.scored_regions()["code"])
    cube = readiness.build_cube(ds.observations, ds.framework.indicators, regions=codes)
    run_case("bundled data (data/)", ds.framework, cube, readiness.analysis.compare.default_year_of(ds), 3, args.repeat)
    fw, obs = synthetic()
    cube = readiness.build_cube(obs, fw.indicators)
    run_case("SYNTHETIC data (fixed seed)", fw, cube, int(obs["year"].max()), 0, args.repeat)
    print("\n== What-if page (bundled data), server time of a rerun (AppTest)")
    for name, ms in page_reruns(args.repeat).items():
        print(f"{name:48s} {ms:9.1f} ms   target < 300 ms")


def page_reruns(repeat: int) -> dict[str, float]:
    """Median server time (ms) of a rerun after a widget change on the What-if page."""
    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parent.parent
    cases = [("weights", "slider", "w_digital", [2.0, 1.0]), ("weights", "slider", "w_spbe_index", [1.0, 3.0]),
             ("robust", "select_slider", "whatif_draws", [500, 1000])]
    out = {}
    for view, kind, key, values in cases:
        at = AppTest.from_file(str(root / "dashboard.py"), default_timeout=120).run()
        at.switch_page("app_pages/whatif.py").run()
        at.segmented_control(key="whatif_view").set_value(view).run()
        times = []
        for k in range(2 * repeat + 2):
            widget = getattr(at, kind)(key=key).set_value(values[k % 2])
            t0 = time.perf_counter()
            widget.run()
            if k >= 2:  # the first move to each value fills the caches
                times.append((time.perf_counter() - t0) * 1000)
            if at.exception:
                raise RuntimeError(at.exception)
        out[f"what-if {view}: move {key}"] = statistics.median(times)
    return out


if __name__ == "__main__":
    main()
