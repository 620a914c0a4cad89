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


def _start(tmp_path: Path, extra: list[str]) -> tuple[subprocess.Popen, int, Path]:
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / f"outbound-{len(extra)}.log"
    log.write_text("")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(guard), str(ROOT)]), "OUTBOUND_LOG": str(log)}
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
