"""Benchmark of the dashboard with the bundled data (real data; the baseline hello app is synthetic).

Prints:
  - server start to first page ready in headless Chromium (the first screen: its first chart drawn and the page's
    own run finished), for the dashboard and for a one-chart hello app (benchmarks/hello_app.py) measured in the
    same run, median of --starts each, and their ratio; target: dashboard <= 1.4 x hello. Also the time until the
    whole page is drawn (what the overview draws below its first screen comes in a rerun of its own after it:
    readiness_app.widgets.below_fold) and that ratio, for information;
  - the server's own time from the start of the overview's script to its first chart sent (AppTest in this process:
    a first session, then warm sessions with the caches filled; median of N); target <= 300 ms warm;
  - server time of a rerun after changing the year or a region on each page (AppTest, median of N); target < 300 ms;
  - the server's memory after visiting every page (readiness_app.pages, VmRSS) and its peak (VmHWM), on the very
    first start (a new store: seeded and validated) and on a warm start of the same store; targets < 200 MB after
    the visits, the first start at most 20 MB above the warm one.

Needs Debian's chromium (apt-get install -y chromium).
Usage: .venv/bin/python benchmarks/bench_app.py [--repeat N] [--starts N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from readiness_app.pages import PAGES
from readiness_app.pages import page as page_info
from readiness_app.serve import CHROMIUM, FLAGS, ROOT, free_port, memory_mb, start_server, stop_server, wait_until_idle

#: (page name in readiness_app.pages, widget kind, key, values to alternate between). Every page of the registry is
#: visited, in its order, for the memory figure; pages without a chart when opened are ready when their script ends.
RERUNS = [
    ("overview", "selectbox", "year", [2023, 2024]),
    ("profile", "selectbox", "profile_region", ["32.76", "64.71"]),
    ("compare", "multiselect", "compare_regions", [["64.71", "32.76"], ["64.71", "32.76", "32.75"]]),
    ("map", "selectbox", "map_colour", ["readiness", "band:spbe_index"]),
    ("methodology", "selectbox", "year", [2023, 2024]),
]


def ready(page, chart: bool = True, first_screen: bool = False) -> None:
    """Wait until the page is drawn: its script has finished (the app's script state is "notRunning") and, on a
    page with charts, the first chart's SVG is there; unless ``first_screen``, also what the page draws below its
    first screen."""
    if chart:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    wait_until_idle(page, first_screen=first_screen)


def start_to_ready(browser, script: str, visit_all: bool = False, store: Path | None = None
                   ) -> tuple[float, float, list[tuple[str, float, float]]]:
    """Seconds from server start to the first page's first screen ready and to the whole page drawn and, with
    ``visit_all``, the server's (page, RSS, peak) MB after visiting each page in turn. ``store``: the folder of the
    server's own SQLite store."""
    port = free_port()
    t0 = time.perf_counter()
    env = {"READINESS_DATA_DIR": str(store), "DATABASE_URL": ""} if store is not None else None
    proc = start_server(port, script, env=env)
    memory = []
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"http://127.0.0.1:{port}/")
        ready(page, first_screen=True)
        seconds = time.perf_counter() - t0
        ready(page)
        whole = time.perf_counter() - t0
        if visit_all:
            for info in PAGES:
                page.goto(f"http://127.0.0.1:{port}/{info.url}")
                ready(page, chart=info.charts)
                memory.append((info.name, *memory_mb(proc.pid)))
        page.close()
    finally:
        stop_server(proc)
    return seconds, whole, memory


def browser_figures(starts: int) -> dict:
    """Median start-to-ready of the dashboard (warm starts: its store seeded by the first) and of the hello app
    (alternating, same run), and the memory of the first start and of the second (warm)."""
    import tempfile

    from playwright.sync_api import sync_playwright

    dash, hello, dash_whole, hello_whole, memory = [], [], [], [], {}
    with tempfile.TemporaryDirectory(prefix="bench-app-store-") as store, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for k in range(starts + 1):
                seconds, whole, visited = start_to_ready(browser, "dashboard.py", visit_all=k < 2, store=Path(store))
                if k:  # the first start seeds the store: its time is not a warm start's
                    dash.append(seconds)
                    dash_whole.append(whole)
                if visited:
                    memory["first" if k == 0 else "warm"] = visited
                if k:
                    seconds, whole, _ = start_to_ready(browser, "benchmarks/hello_app.py")
                    hello.append(seconds)
                    hello_whole.append(whole)
        finally:
            browser.close()
    return {"dashboard": statistics.median(dash), "hello": statistics.median(hello),
            "dashboard_whole": statistics.median(dash_whole), "hello_whole": statistics.median(hello_whole),
            "memory": memory}


def first_chart_times(repeat: int) -> tuple[float, float]:
    """Server time (ms) from the start of the overview's script to its first chart sent: the first session in this
    process (caches empty), the median of ``repeat`` warm sessions, and the script thread's CPU time in them (on a
    busy machine the wall time also counts the waits for a core). A chart is sent when ``st.plotly_chart`` returns
    (its delta is queued for the browser)."""
    import streamlit
    from streamlit.elements.plotly_chart import PlotlyMixin
    from streamlit.testing.v1 import AppTest

    original, module_level = PlotlyMixin.plotly_chart, streamlit.plotly_chart
    stamps: list[float] = []

    cpu: list[float] = []

    def timed(self, *args, **kwargs):
        out = original(self, *args, **kwargs)
        stamps.append(time.perf_counter())
        cpu.append(time.thread_time())  # the script thread's CPU time (a new thread per run)
        return out

    def timed_module(*args, **kwargs):  # st.plotly_chart is bound to the main container when streamlit loads
        out = module_level(*args, **kwargs)
        stamps.append(time.perf_counter())
        cpu.append(time.thread_time())
        return out

    PlotlyMixin.plotly_chart, streamlit.plotly_chart = timed, timed_module
    times, cpus = [], []
    try:
        for _ in range(repeat + 1):
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
            stamps.clear()
            cpu.clear()
            t0 = time.perf_counter()
            at.run()
            assert not at.exception, at.exception
            times.append((stamps[0] - t0) * 1000)
            cpus.append(cpu[0] * 1000)
    finally:
        PlotlyMixin.plotly_chart, streamlit.plotly_chart = original, module_level
    return times[0], statistics.median(times[1:]), statistics.median(cpus[1:])


def rerun_times(repeat: int) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    out = {}
    for name, kind, key, values in RERUNS:
        page = page_info(name)
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
        if not page.default:
            at.switch_page(page.file).run()
        times = []
        for k in range(repeat + 1):
            widget = getattr(at, kind)(key=key).set_value(values[k % 2])
            t0 = time.perf_counter()
            widget.run()
            if k:  # the first rerun warms the caches for the other value
                times.append((time.perf_counter() - t0) * 1000)
            assert not at.exception, at.exception
        out[f"{page.file} ({key})"] = statistics.median(times)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10, help="reruns per page (median)")
    parser.add_argument("--starts", type=int, default=5, help="warm server starts of each app (median)")
    args = parser.parse_args()
    fig = browser_figures(args.starts)
    ratio = fig["dashboard"] / fig["hello"]
    print(f"{'server start to first page ready: dashboard':52s} {fig['dashboard'] * 1000:9.0f} ms")
    print(f"{'server start to first page ready: hello app':52s} {fig['hello'] * 1000:9.0f} ms")
    print(f"{'ratio dashboard / hello':52s} {ratio:9.2f}      target <= 1.40")
    print(f"{'server start to whole first page drawn: dashboard':52s} {fig['dashboard_whole'] * 1000:9.0f} ms   "
          f"(ratio {fig['dashboard_whole'] / fig['hello_whole']:.2f} to the hello app's whole page)")
    for start in ("first", "warm"):
        for name, rss, _ in fig["memory"][start][:-1]:
            print(f"{f'  {start} start: memory after visiting ' + name:52s} {rss:9.0f} MB")
    (first_rss, first_peak), (warm_rss, warm_peak) = (fig["memory"][s][-1][1:] for s in ("first", "warm"))
    print(f"{'first start: memory after every page (VmRSS)':52s} {first_rss:9.0f} MB   (peak {first_peak:.0f} MB)")
    print(f"{'warm start: memory after every page (VmRSS)':52s} {warm_rss:9.0f} MB   target < 200 MB "
          f"(peak {warm_peak:.0f} MB)")
    print(f"{'first start above warm':52s} {first_rss - warm_rss:9.0f} MB   target <= 20 MB")
    first, warm, warm_cpu = first_chart_times(args.repeat)
    print(f"{'overview script start to first chart sent: first':52s} {first:9.0f} ms")
    print(f"{'overview script start to first chart sent: warm':52s} {warm:9.0f} ms   target <= 300 ms")
    print(f"{'  of which the script thread on the CPU (warm)':52s} {warm_cpu:9.0f} ms   (the rest: waiting for a core)")
    for name, ms in rerun_times(args.repeat).items():
        print(f"{'rerun ' + name:52s} {ms:9.1f} ms   target < 300 ms")


if __name__ == "__main__":
    main()
