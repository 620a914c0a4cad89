"""Benchmark of the dashboard with the bundled data (real data; nothing synthetic here).

Prints:
  - server start to first page ready in headless Chromium (charts drawn, Streamlit idle); target < 5 s;
  - server time of a rerun after changing the year or a region on each page (AppTest, median of N); target < 300 ms;
  - the server's peak memory (VmHWM of the streamlit process after visiting every page); target < 400 MB.

Needs Debian's chromium (apt-get install -y chromium). Usage: .venv/bin/python benchmarks/bench_app.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT))

from conftest import CHROMIUM, FLAGS, free_port, start_server  # noqa: E402

PAGES = {"overview": "", "profile": "profil", "compare": "bandingkan", "map": "peta", "methodology": "metodologi"}
# (page file, widget kind, key, values to alternate between)
RERUNS = [
    ("pages/overview.py", "selectbox", "year", [2023, 2024]),
    ("pages/profile.py", "selectbox", "profile_region", ["32.76", "64.71"]),
    ("pages/compare.py", "multiselect", "compare_regions", [["64.71", "32.76"], ["64.71", "32.76", "32.75"]]),
    ("pages/map.py", "selectbox", "map_colour", ["readiness", "spbe_predikat"]),
    ("pages/methodology.py", "selectbox", "year", [2023, 2024]),
]


def ready(page) -> None:
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def browser_figures() -> tuple[float, float, float]:
    """(server start to first page ready, first page ready on a warm server, server peak MB).

    The browser is launched before the server starts: a user's browser is already open.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        port = free_port()
        t0 = time.perf_counter()
        proc = start_server(port)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/")
            ready(page)
            cold = time.perf_counter() - t0
            for path in PAGES.values():
                page.goto(f"http://127.0.0.1:{port}/{path}")
                ready(page)
            page.close()
            warm_page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t1 = time.perf_counter()
            warm_page.goto(f"http://127.0.0.1:{port}/")
            ready(warm_page)
            warm = time.perf_counter() - t1
            status = Path(f"/proc/{proc.pid}/status").read_text()
            peak_kb = int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1])
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            browser.close()
    return cold, warm, peak_kb / 1024


def rerun_times(repeat: int) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    out = {}
    for page, kind, key, values in RERUNS:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
        if page != "pages/overview.py":
            at.switch_page(page).run()
        times = []
        for k in range(repeat + 1):
            widget = getattr(at, kind)(key=key).set_value(values[k % 2])
            t0 = time.perf_counter()
            widget.run()
            if k:  # the first rerun warms the caches for the other value
                times.append((time.perf_counter() - t0) * 1000)
            assert not at.exception, at.exception
        out[f"{page} ({key})"] = statistics.median(times)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    cold, warm, peak = browser_figures()
    print(f"{'server start to first page ready (browser)':52s} {cold * 1000:9.0f} ms   target < 5000 ms")
    print(f"{'first page ready on a warm server (new tab)':52s} {warm * 1000:9.0f} ms")
    for name, ms in rerun_times(args.repeat).items():
        print(f"{'rerun ' + name:52s} {ms:9.1f} ms   target < 300 ms")
    print(f"{'server peak memory (VmHWM)':52s} {peak:9.0f} MB   target < 400 MB")


if __name__ == "__main__":
    main()
