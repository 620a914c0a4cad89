"""Start the dashboard (or another Streamlit script) as a real server on a free localhost port, for the browser
tests and the benchmarks. Plain subprocess code: it does not import Streamlit itself."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

__all__ = ["CHROMIUM", "FIRST_SCREEN", "FLAGS", "IDLE", "NGINX_CONF", "PENDING_CLASS", "ROOT", "PeakSampler",
           "free_port", "memory_mb", "rss_mb", "start_proxy", "start_server", "stop_server", "wait_until_idle"]

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / "artifacts" / "logs"
#: Debian's chromium, driven by Playwright (its own browser download cannot work offline).
CHROMIUM = "/usr/bin/chromium"
#: The proxy's configuration (deploy/nginx.conf): listens on 127.0.0.1:8090, instances at 127.0.0.1:8501 and 8502.
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--enable-unsafe-swiftshader"]
#: True in the browser once the page's script has run and finished: Streamlit's app element goes from "initial" to
#: "running" to "notRunning". (Its status widget is no sign: headless, a short run finishes before it appears.) The
#: first screen is then drawn; a page may still draw its part below that screen in a rerun of its own.
FIRST_SCREEN = ("document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state') === "
                "'notRunning'")
#: The class of the mark a page shows where its part below the first screen is still to come
#: (readiness_app.widgets.below_fold draws it, IDLE waits until it is gone).
PENDING_CLASS = "below-fold-pending"
#: True once the whole page is drawn: the script has finished and no part below the first screen is still to come
#: (no mark of class PENDING_CLASS is left), and both have held for 400 ms: the
#: browser marks the run finished a moment before it has drawn the run's last elements (that mark among them), and
#: asks for the part below the fold BELOW_FOLD_DELAY (0.3 s) after the first screen.
IDLE = ("(() => { const ok = (" + FIRST_SCREEN + f") && !document.querySelector('.{PENDING_CLASS}');"
        " const now = performance.now();"
        " window.__readinessIdleSince = ok ? (window.__readinessIdleSince ?? now) : null;"
        " return ok && now - window.__readinessIdleSince >= 400; })()")


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, script: str | Path = "dashboard.py", timeout: float = 60.0,
                 env: Mapping[str, str] | None = None) -> subprocess.Popen:
    """Start ``script`` headless on ``127.0.0.1:port``; return once its health endpoint answers.

    ``env``: variables added to (or, with an empty value, removed from) this process's environment for the server,
    e.g. ``{"READINESS_DATA_DIR": "/tmp/x"}`` for a store of its own.

    The server's output goes to ``artifacts/logs/streamlit-<port>.log`` (a pipe nobody reads would fill up and
    block the server).
    """
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"streamlit-{port}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=_server_env(env),
        )
    if _healthy(proc, port, timeout):
        return proc
    raise RuntimeError(f"streamlit did not start:\n{log.read_text()[-3000:]}")


def _healthy(proc: subprocess.Popen, port: int, timeout: float) -> bool:
    """Wait until ``127.0.0.1:port`` answers Streamlit's health check (True), or ``timeout`` passes or ``proc`` ends
    (False; ``proc`` is killed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.05)
    proc.kill()
    return False


def _server_env(extra: Mapping[str, str] | None) -> dict[str, str] | None:
    if not extra:
        return None
    env = dict(os.environ)
    for key, value in extra.items():
        if value:
            env[key] = value
        else:
            env.pop(key, None)
    return env


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server started by :func:`start_server`."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def memory_mb(pid: int) -> tuple[float, float]:
    """A process's resident memory now and its peak so far (``VmRSS``, ``VmHWM`` from /proc), in MB; NaN for what
    /proc does not give (an ending process)."""
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return tuple(int(status[k].split()[0]) / 1024 if k in status else float("nan")  # type: ignore[return-value]
                 for k in ("VmRSS", "VmHWM"))


def rss_mb(pid: int) -> float:
    """A process's resident memory now (``VmRSS``), in MB."""
    return memory_mb(pid)[0]


class PeakSampler(threading.Thread):
    """The highest VmRSS of each of ``pids`` while it runs (``start()``, then ``stop.set()`` and ``join()``), sampled
    every ``interval`` seconds, in ``peaks`` (pid -> MB)."""

    def __init__(self, pids: list[int], interval: float = 0.1):
        super().__init__(daemon=True)
        self.pids, self.interval = pids, interval
        self.peaks, self.stop = dict.fromkeys(pids, 0.0), threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in self.pids:
                self.peaks[pid] = max(self.peaks[pid], rss_mb(pid))
            time.sleep(self.interval)


def wait_until_idle(page, timeout: float = 60_000, first_screen: bool = False) -> None:
    """Wait until the script of a page just opened (or changed) has finished running and the whole page is drawn
    (a Playwright ``page``); with ``first_screen``, only until the page's first run has finished."""
    if not first_screen:
        page.evaluate("window.__readinessIdleSince = null")  # count the 400 ms from now
    # polled on a timer, not on animation frames: a page behind another one draws no frames, and IDLE must be
    # checked more than once
    page.wait_for_function(FIRST_SCREEN if first_screen else IDLE, timeout=timeout, polling=100)


def start_proxy(port: int, instances: tuple[int, int], prefix: Path, nginx: str = "nginx",
                timeout: float = 20.0) -> subprocess.Popen:
    """Run Debian's nginx with ``deploy/nginx.conf``, its three addresses replaced (the proxy on ``127.0.0.1:port``,
    the two instances on ``instances``), in the folder ``prefix`` (its logs, pid and temporary files); return once it
    answers. Stop it with :func:`stop_server`."""
    conf = NGINX_CONF.read_text(encoding="utf-8")
    for old, new in (("127.0.0.1:8090", port), ("127.0.0.1:8501", instances[0]), ("127.0.0.1:8502", instances[1])):
        if old not in conf:
            raise RuntimeError(f"{NGINX_CONF}: no {old} to replace")
        conf = conf.replace(old, f"127.0.0.1:{new}")
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "nginx.conf").write_text(conf, encoding="utf-8")
    globals_ = "daemon off; master_process on;" + (" user root;" if os.geteuid() == 0 else "")
    proc = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                             "-e", str(prefix / "error.log"),
                             "-g", globals_], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    if _healthy(proc, port, timeout):
        return proc
    if proc.returncode:  # it ended by itself (a killed process has a negative code)
        raise RuntimeError(f"nginx exited with {proc.returncode}:\n{(prefix / 'error.log').read_text()[-2000:]}")
    raise RuntimeError("nginx did not answer in time")
