"""Benchmark of the briefing pack on the bundled data (real, sourced figures; nothing is written to data/).

Prints the wall time of:
  - building the briefing's views (scoring included) for Balikpapan against Depok and Kota Bekasi,
  - the PowerPoint deck (5 charts rendered by kaleido in the local Chromium, browser start included),
  - the one-page PDF (1 chart, browser start included),
  - deck + PDF inside one render session (one browser for both),
  - one chart standalone (a browser per chart) against one chart in an open session,
and the sizes of the files. Targets on a 2-core machine: deck < 10 s, PDF < 10 s.

Usage: .venv/bin/python benchmarks/bench_briefing.py [--region 64.71] [--lang id]
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's readiness

import readiness
from readiness.display import briefing, briefing_files, export


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--region", default="64.71")
    parser.add_argument("--lang", default="id", choices=("id", "en"))
    args = parser.parse_args()

    t0 = time.perf_counter()
    ds = readiness.load_dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        spec = readiness.ScoringSpec().but(year=readiness.analysis.compare.default_year_of(ds))  # the dashboard's
        res = readiness.score(ds.framework, ds.observations, spec, regions=ds.regions)
        years = readiness.score_years(ds.framework, ds.observations, spec.but(year=None),
                                      years=ds.years_with_data(), regions=ds.regions)
    t1 = time.perf_counter()
    brief = briefing.build_briefing(ds, res, args.region, lang=args.lang, results_by_year=years)
    t2 = time.perf_counter()
    print(f"load + score all years        {t1 - t0:6.2f} s")
    print(f"briefing views                {t2 - t1:6.2f} s  ({len(brief.views)} views)")

    t = time.perf_counter()
    deck = briefing_files.deck_bytes(brief)
    print(f"deck (own browser)            {time.perf_counter() - t:6.2f} s  ({len(deck) / 1024:.0f} KB)  target < 10 s")
    t = time.perf_counter()
    pdf = briefing_files.pdf_bytes(brief)
    print(f"PDF (own browser)             {time.perf_counter() - t:6.2f} s  ({len(pdf) / 1024:.0f} KB)  target < 10 s")
    t = time.perf_counter()
    with export.render_session():
        briefing_files.deck_bytes(brief)
        briefing_files.pdf_bytes(brief)
    print(f"deck + PDF, one browser       {time.perf_counter() - t:6.2f} s")

    fig = brief.view("pillars").figure
    context = export.ExportContext(title=brief.view("pillars").title, year=brief.year, method=brief.method,
                                   sources=brief.view("pillars").source, lang=args.lang)
    t = time.perf_counter()
    export.chart_file(fig, context)
    print(f"one chart PNG, standalone     {time.perf_counter() - t:6.2f} s")
    with export.render_session():
        export.chart_file(fig, context)
        t = time.perf_counter()
        for _ in range(3):
            export.chart_file(fig, context)
        print(f"one chart PNG, open session   {(time.perf_counter() - t) / 3:6.2f} s  (mean of 3)")


if __name__ == "__main__":
    main()
