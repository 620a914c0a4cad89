"""Load benchmark: N concurrent viewer sessions through nginx in front of two dashboard instances (issue 23, item 3).

Starts the deployment of ``tests/deploy`` (Debian's nginx with ``deploy/nginx.conf`` on 127.0.0.1, two instances
of this checkout on one PostgreSQL database of its own, created here and dropped at the end; the bundled data seed
it), then for each N in ``--viewers``: opens N viewer sessions at once through the proxy with the protocol-level
client (``readiness_app/protocol.py``; no browsers), lets each do ``--reruns`` typical reruns with a think time
between them (the year on the overview, a region on the profile, the compare page, round and round), keeps every
session open until all are done, and prints one row:

  viewers | sessions held | first page (median) | rerun median | rerun p95 | max | errors | memory per instance

"sessions held": sessions whose websocket stayed open and answered every run; "errors": runs that raised, showed an
exception box or timed out (``--timeout``), plus sessions that could not connect. Memory: each instance's VmRSS at
the end of the row (and its peak during the row). Targets (2-core machine): 50 viewers, p95 rerun <= 1 s, no error.
It stops by itself (each row is bounded by ``--timeout`` per run; the whole run by ``--max-minutes``) and talks only
to 127.0.0.1.

Usage: .venv/bin/python benchmarks/bench_load.py [--viewers 10 25 50 75 100] [--reruns 6] [--think 2]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from readiness_app.protocol import Viewer  # noqa: E402
from readiness_app.serve import PeakSampler, rss_mb, start_proxy, start_server, stop_server  # noqa: E402

#: (page URL path, query string): the reruns a viewer does, in turn.
RERUNS = [("", "year=2023"), ("profil", "profile_region=32.76"), ("bandingkan", ""), ("", "year=2024"),
          ("profil", "profile_region=64.71"), ("bandingkan", "year=2023")]


async def viewer_session(base: str, reruns: int, think: float, timeout: float, release: asyncio.Event,
                         out: dict) -> None:
    """One viewer: open, first page, ``reruns`` reruns with think time, then hold the session open until every
    viewer of the row is done."""
    rng = random.Random()
    viewer, held = None, False
    try:
        viewer = await Viewer.open(base, timeout=timeout)
        first = await viewer.run("", "", timeout=timeout)
        out["first"].append(first.seconds)
        held = True
        for i in range(reruns):
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
            page, query = RERUNS[i % len(RERUNS)]
            run = await viewer.run(page, query, timeout=timeout)
            out["reruns"].append(run.seconds)
            if run.exceptions:
                held = False
                out["errors"].append(f"exception box: {run.exceptions[0][:80]}")
        out["upstreams"].append(viewer.upstream)
    except Exception as exc:  # a refused connection, a timed-out or broken run: this row's error
        held = False
        out["errors"].append(f"{type(exc).__name__}: {str(exc)[:60]}")
    finally:
        out["finished"] += 1
    try:
        await release.wait()
        if held:
            await viewer.ws.ping()  # still open and answering after every viewer has finished
            out["held"] += 1
    except Exception as exc:  # the session was dropped meanwhile
        out["errors"].append(f"dropped: {type(exc).__name__}")
    finally:
        if viewer is not None:
            await viewer.close()


async def one_row(base: str, n: int, reruns: int, think: float, timeout: float) -> dict:
    """N viewers at once; their figures."""
    out: dict = {"first": [], "reruns": [], "errors": [], "held": 0, "finished": 0, "upstreams": []}
    release = asyncio.Event()
    tasks = [asyncio.create_task(viewer_session(base, reruns, think, timeout, release, out)) for _ in range(n)]
    while out["finished"] < n:
        await asyncio.sleep(0.2)
    release.set()
    await asyncio.gather(*tasks)
    return out


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--viewers", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument("--reruns", type=int, default=6, help="reruns per viewer after its first page")
    parser.add_argument("--think", type=float, default=2.0, help="mean think time between a viewer's reruns (s)")
    parser.add_argument("--timeout", type=float, default=60.0, help="a run taking longer is an error (s)")
    parser.add_argument("--max-minutes", type=float, default=30.0, help="stop after the row running at this time")
    parser.add_argument("--ports", type=int, nargs=3, default=[8090, 8643, 8644], metavar=("PROXY", "A", "B"))
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
                        help="a PostgreSQL server on 127.0.0.1 (its database readiness_bench_load is created here)")
    args = parser.parse_args()
    if "127.0.0.1" not in args.postgres and "localhost" not in args.postgres:
        sys.exit("bench_load talks to 127.0.0.1 only")
    db = "readiness_bench_load"
    admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{db}"'))
    url = args.postgres.rsplit("/", 1)[0] + f"/{db}"
    proxy_port, *ports = args.ports
    base = f"http://127.0.0.1:{proxy_port}"
    servers, proxy = [], None
    deadline = time.monotonic() + args.max_minutes * 60
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        try:
            env = {"DATABASE_URL": url, "READINESS_DATA_DIR": tmp}
            servers = [start_server(port, env=env, timeout=180) for port in ports]
            proxy = start_proxy(proxy_port, tuple(ports), Path(tmp) / "nginx")
            warm = asyncio.run(one_row(base, 4, len(RERUNS), 0.0, 180.0))  # fill both instances' caches
            print(f"warm-up: 4 viewers x {len(RERUNS)} reruns, {len(warm['errors'])} errors")
            print(f"think time {args.think} s (mean), {args.reruns} reruns per viewer, run timeout {args.timeout} s")
            print("viewers | held | first page median | rerun median | rerun p95 |   max | errors | "
                  "instance A MB (peak) | instance B MB (peak) | split A/B")
            for n in args.viewers:
                if time.monotonic() > deadline:
                    print(f"stopped: --max-minutes {args.max_minutes} reached")
                    break
                peaks = PeakSampler([s.pid for s in servers], interval=0.25)
                peaks.start()
                row = asyncio.run(one_row(base, n, args.reruns, args.think, args.timeout))
                peaks.stop.set()
                peaks.join()
                a, b = (f"{rss_mb(s.pid):6.0f} ({peaks.peaks[s.pid]:4.0f})" for s in servers)
                split = "/".join(str(sum(u.endswith(f":{p}") for u in row["upstreams"])) for p in ports)
                first = statistics.median(row["first"]) if row["first"] else float("nan")
                reruns = row["reruns"] or [float("nan")]
                print(f"{n:7d} | {row['held']:4d} | {first:15.2f} s | {statistics.median(reruns):10.2f} s"
                      f" | {pct(row['reruns'], 0.95):7.2f} s | {max(reruns):5.1f} | {len(row['errors']):6d}"
                      f" | {a:>20s} | {b:>20s} | {split}")
                for err in sorted(set(row["errors"]))[:5]:
                    print(f"          {row['errors'].count(err)} x {err}")
        finally:
            if proxy is not None:
                stop_server(proxy)
            for s in servers:
                stop_server(s)
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
