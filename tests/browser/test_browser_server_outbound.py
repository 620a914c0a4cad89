"""The server makes no request outside the machine from start-up to the first page, and listens locally only.

The dashboard is started with the project's own ``.streamlit/config.toml`` (no ``--server.address`` on the command
line) and a ``sitecustomize`` guard on its Python path that records and refuses every socket connection and name
lookup that leaves the machine. A control run with ``--server.address 0.0.0.0`` shows the guard sees Streamlit's
external-IP lookup, so the main test can fail.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from readiness_app.serve import rss_mb, wait_until_idle

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

GUARD = textwrap.dedent('''
    import os, socket
    _LOG = os.environ["OUTBOUND_LOG"]
    _LOCAL = ("127.", "::1", "localhost", "0.0.0.0", "::")

    def _outside(host):
        return isinstance(host, str) and not host.startswith(_LOCAL) and host != ""

    def _record(what):
        with open(_LOG, "a") as fh:
            fh.write(what + "\\n")

    _connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and _outside(address[0]):
            _record(f"connect {address!r}")
            raise OSError("blocked by the test guard")
        return _connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and _outside(address[0]):
            _record(f"connect_ex {address!r}")
            return 111
        return _connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if _outside(host if isinstance(host, str) else None):
            _record(f"getaddrinfo {host!r}")
            raise socket.gaierror("blocked by the test guard")
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
''')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(tmp_path: Path, extra: list[str], env_extra: dict[str, str] | None = None
           ) -> tuple[subprocess.Popen, int, Path]:
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / f"outbound-{len(extra)}.log"
    log.write_text("")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(guard), str(ROOT)]), "OUTBOUND_LOG": str(log),
           "READINESS_DATA_DIR": str(tmp_path / "store"), **(env_extra or {})}
    env.pop("DATABASE_URL", None)  # a store of its own, never one another run seeded earlier from other data
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                             *extra], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return proc, port, log
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not start")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def _outside_address() -> str | None:
    """An address of this machine that is not loopback (None when there is none)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: UDP connect sends nothing, it only picks an interface
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def test_no_outbound_request_from_start_to_first_page(tmp_path, browser):
    proc, port, log = _start(tmp_path, [])
    try:
        page = browser.new_page()
        outside: list[str] = []
        page.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
                   if urlparse(route.request.url).hostname not in ("127.0.0.1", "localhost") else route.continue_())
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        page.close()
        address = _outside_address()
        if address:  # listening on 127.0.0.1 only: the machine's other address refuses the connection
            with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
                pass
    finally:
        _stop(proc)
    assert outside == []
    assert log.read_text() == ""


def test_guard_sees_the_lookup_when_listening_on_all_interfaces(tmp_path):
    proc, _, log = _start(tmp_path, ["--server.address", "0.0.0.0"])
    _stop(proc)
    assert "checkip.amazonaws.com" in log.read_text() or "8.8.8.8" in log.read_text()


def test_hostile_uploads_show_clear_messages_and_leave_nothing_behind(tmp_path, browser):
    """Upload a geometry-less GeoPackage, a Markdown-laden GeoJSON and an oversized file (all synthetic)."""
    import geopandas as gpd
    import pandas as pd
    import pyogrio
    from shapely.geometry import box

    files = tmp_path / "files"
    files.mkdir()
    pyogrio.write_dataframe(pd.DataFrame({"code": ["ID6471"]}), files / "table.gpkg", layer="t")
    markdown = "![x](http://evil.invalid/track.png)"
    gpd.GeoDataFrame({"ADM2_PCODE": ["ID6471", markdown]}, geometry=[box(116.8, -1.3, 117.0, -1.1), box(0, 0, 1, 1)],
                     crs="EPSG:4326").to_file(files / "markdown.geojson", driver="GeoJSON")
    (files / "big.geojson").write_bytes(b" " * (21 * 2**20))
    server_tmp = tmp_path / "server-tmp"
    server_tmp.mkdir()
    proc, port, log = _start(tmp_path, [], {"TMPDIR": str(server_tmp)})
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 2600})
        outside: list[str] = []
        page.route("**/*", lambda route: (outside.append(route.request.url), route.abort())
                   if urlparse(route.request.url).hostname not in ("127.0.0.1", "localhost") else route.continue_())
        page.goto(f"http://127.0.0.1:{port}/")  # a fresh server's first deep link shows "page not found" (#9624)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        page.goto(f"http://127.0.0.1:{port}/peta?lang=EN&map_kind=points")  # the upload is in the points view
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        before = rss_mb(proc.pid)
        page.get_by_text("Boundaries (optional)").click()
        upload = page.locator('[data-testid="stFileUploaderDropzoneInput"]')

        upload.set_input_files(str(files / "table.gpkg"))
        page.get_by_text("The file holds no shapes").wait_for(timeout=60_000)

        upload.set_input_files(str(files / "markdown.geojson"))
        page.get_by_text("codes in the file match no scored region").wait_for(timeout=60_000)
        wait_until_idle(page, timeout=60_000)
        body = page.inner_text("body")

        upload.set_input_files(str(files / "big.geojson"))
        page.wait_for_timeout(1500)
        big_body = page.inner_text("body")
        exceptions = page.locator('[data-testid="stException"]').count()
        page.close()
        after = rss_mb(proc.pid)
    finally:
        _stop(proc)
    print(f"\nserver RSS before uploads {before:.0f} MB, after {after:.0f} MB")
    assert exceptions == 0
    assert markdown in body  # shown literally, not rendered
    assert not [u for u in outside if "evil.invalid" in u]
    assert "20" in big_body and "MB" in big_body  # Streamlit's own size message names the 20 MB limit
    assert sorted(p.name for p in server_tmp.rglob("*") if p.suffix in (".geojson", ".gpkg", ".json")) == []
    assert after - before < 200
    assert log.read_text() == ""
