"""Benchmark of the server's memory under boundary uploads (synthetic files, made here; issue 23 item 1).

Starts the dashboard (from this checkout, or from ``--root``, e.g. an older checkout for a before/after figure) on
127.0.0.1 with a SQLite store of its own, and prints the server's resident memory (VmRSS):

  - before: after one session has opened the map page and closed;
  - during: the peak while six sessions upload a 19 MB boundary file each, at once, through the map page's
    uploader (as the browser does: PUT to the upload URL, then a rerun with the uploader's state), with each
    session's outcome (shapes shown, or the message);
  - after: once every session has closed and its reconnection time (``server.disconnectedSessionTTL``) and one
    upload sweep (``readiness_app.uploads.SWEEP_SECONDS``) have passed, 50 s; sooner, Streamlit still keeps the
    closed sessions for a reconnection. Then a second round of six and its "after". Target: after within 50 MB of
    before;
  - the orphan-PUT case: one open session receives 15 PUTs of 18 MB under made-up file ids (no widget asked for
    them); the HTTP statuses and the memory held while the session is still open; with ``--proxy-port``, again
    through nginx with deploy/nginx.conf (its per-session rate limit).

The files are SYNTHETIC: square-ish polygons with many vertices, each carrying the code of a real kabupaten/kota of
the bundled regions (so they join), padded to 19 MB; they are not boundaries of anything.

Usage: .venv/bin/python benchmarks/bench_uploads.py [--port 8641] [--root DIR] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import sys
import tempfile
import time
import tomllib
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from readiness_app.protocol import Viewer, put_file  # noqa: E402
from readiness_app.serve import PeakSampler, rss_mb, start_proxy, start_server, stop_server  # noqa: E402
from readiness_app.uploads import SWEEP_SECONDS  # noqa: E402

UPLOADER = "map_boundaries_upload"
MAP_PAGE = "peta"
MAP_QUERY = ""


def settle_seconds() -> float:
    """How long a closed session's memory may stay: Streamlit keeps it for a reconnection
    (``server.disconnectedSessionTTL`` in ``.streamlit/config.toml``), then the next upload sweep drops its files;
    plus 5 s."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    return float(config["server"]["disconnectedSessionTTL"]) + SWEEP_SECONDS + 5.0


def synthetic_geojson(target_bytes: int = 19 * 2**20, vertices_per_ring: int = 3000) -> bytes:
    """A SYNTHETIC GeoJSON of about ``target_bytes``: ring polygons around made-up centres, coded with the bundled
    kabupaten/kota codes of provinces 32, 36 and 64 in turn (real codes, made-up shapes); coordinates with 13
    decimals and a 30 KB note per feature (about 380,000 vertices in all, under the 500,000 limit)."""
    regions = json.loads((ROOT / "data" / "boundaries" / "kabkota.geojson").read_text(encoding="utf-8"))
    codes = [f["properties"]["code"] for f in regions["features"]
             if f["properties"]["code"][:2] in ("32", "36", "64")]
    features, size, i = [], 0, 0
    while size < target_bytes:
        code = codes[i % len(codes)]
        lon0, lat0 = 100 + (i % 30) * 0.9, -8 + (i // 30) * 0.9
        ring = [[round(lon0 + 0.4 * math.cos(2 * math.pi * k / vertices_per_ring), 13),
                 round(lat0 + 0.4 * math.sin(2 * math.pi * k / vertices_per_ring), 13)]
                for k in range(vertices_per_ring)]
        ring.append(ring[0])
        feature = {"type": "Feature", "properties": {"kode": code, "note": "SYNTHETIC " + "x" * 30_000},
                   "geometry": {"type": "Polygon", "coordinates": [ring]}}
        text = json.dumps(feature)
        features.append(text)
        size += len(text) + 2
        i += 1
    return ('{"type": "FeatureCollection", "features": [' + ", ".join(features) + "]}").encode()


async def points_view(viewer: Viewer) -> None:
    """Open the map page and switch it to the points view, where the boundary uploader is."""
    await viewer.run(MAP_PAGE, MAP_QUERY)
    viewer.choose("map_kind", "Titik")
    await viewer.run(MAP_PAGE, MAP_QUERY)


async def one_upload(base: str, data: bytes) -> str:
    viewer = await Viewer.open(base)
    try:
        await points_view(viewer)
        status = await viewer.upload(UPLOADER, "synthetic.geojson", data)
        run = await viewer.run(MAP_PAGE, MAP_QUERY, timeout=180)
        shown = [t for t in run.texts if "kolom" in t or "column" in t or "upload" in t.lower() or "MB" in t]
        return f"PUT {status}, run {run.seconds:.1f} s, {'; '.join(s[:90] for s in shown[:2]) or 'no message'}"
    finally:
        await viewer.close()


async def round_of_six(base: str, data: bytes) -> list[str]:
    return list(await asyncio.gather(*(one_upload(base, data) for _ in range(6))))


async def warm(base: str) -> None:
    viewer = await Viewer.open(base)
    await points_view(viewer)
    await viewer.close()


async def orphan_puts(base: str, pid: int, n: int = 15, mb: int = 18) -> tuple[list[int], float, float]:
    """``n`` PUTs of ``mb`` MB under made-up file ids to one open session; statuses, RSS before and while open."""
    viewer = await Viewer.open(base)
    await points_view(viewer)
    before = rss_mb(pid)
    blob = os.urandom(mb * 2**20)
    statuses = [await asyncio.to_thread(put_file, viewer, str(uuid.uuid4()), "x.bin", blob) for _ in range(n)]
    await asyncio.sleep(3)
    held = rss_mb(pid)
    await viewer.close()
    return statuses, before, held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8641)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose dashboard.py to serve")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--proxy-port", type=int, default=0,
                        help="also send the orphan PUTs through nginx (deploy/nginx.conf) on this port")
    parser.add_argument("--settle", type=float, default=settle_seconds(),
                        help="seconds to wait after sessions close (default: the reconnection time of "
                             ".streamlit/config.toml, one upload sweep and 5 s)")
    args = parser.parse_args()
    data = synthetic_geojson()
    print(f"synthetic boundary file: {len(data) / 2**20:.1f} MB (SYNTHETIC shapes, real region codes)")
    base = f"http://127.0.0.1:{args.port}"
    with tempfile.TemporaryDirectory(prefix="bench-uploads-") as store:
        env = {"DATABASE_URL": f"sqlite:///{store}/store.db", "PYTHONPATH": str(args.root)}
        proc = start_server(args.port, args.root / "dashboard.py", env=env, timeout=120)
        try:
            asyncio.run(warm(base))
            time.sleep(args.settle)
            before = rss_mb(proc.pid)
            print(f"{'server memory before (one session opened the map and closed)':64s} {before:7.0f} MB")
            for r in range(1, args.rounds + 1):
                sampler = PeakSampler([proc.pid])
                sampler.start()
                outcomes = asyncio.run(round_of_six(base, data))
                sampler.stop.set()
                sampler.join()
                for o in outcomes:
                    print(f"    {o}")
                time.sleep(args.settle)
                after = rss_mb(proc.pid)
                print(f"{f'round {r}: peak during six parallel 19 MB uploads':64s} {sampler.peaks[proc.pid]:7.0f} MB")
                print(f"{f'round {r}: {args.settle:.0f} s after the sessions closed':64s} {after:7.0f} MB   "
                      f"({after - before:+.0f} MB; target within 50 MB)")
            statuses, held_before, held = asyncio.run(orphan_puts(base, proc.pid))
            time.sleep(args.settle)
            print(f"orphan PUTs (15 x 18 MB, made-up file ids): statuses {sorted(set(statuses))} "
                  f"({statuses.count(204)} accepted)")
            print(f"{'  server memory before the PUTs / while the session is open':64s} {held_before:7.0f} / "
                  f"{held:.0f} MB ({held - held_before:+.0f} MB)")
            print(f"{'  after the session closed':64s} {rss_mb(proc.pid):7.0f} MB")
            if args.proxy_port:
                proxy = start_proxy(args.proxy_port, (args.port, args.port), Path(store) / "nginx")
                try:
                    statuses, held_before, held = asyncio.run(
                        orphan_puts(f"http://127.0.0.1:{args.proxy_port}", proc.pid))
                finally:
                    stop_server(proxy)
                print(f"orphan PUTs through nginx (deploy/nginx.conf): statuses {statuses}")
                print(f"{'  server memory before the PUTs / while the session is open':64s} {held_before:7.0f} / "
                      f"{held:.0f} MB ({held - held_before:+.0f} MB)")
        finally:
            stop_server(proc)


if __name__ == "__main__":
    main()
