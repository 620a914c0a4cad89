"""A browser that cannot start makes every chart export fail fast with a clear message (issue 23, item 5).

Fake browsers are tiny shell scripts named by ``BROWSER_PATH`` (the variable choreographer, kaleido's browser
launcher, reads first): one exits 1 at once, one never answers. Before the check, ``brief`` printed kaleido's
traceback and ran until killed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import plotly.graph_objects as go
import pytest

from readiness.display import export

ROOT = Path(__file__).resolve().parents[3]


def fake_browser(folder: Path, mode: str) -> Path:
    """A script standing in for Chromium: ``fail`` exits 1, ``hang`` sleeps far longer than any test."""
    path = folder / f"{mode}-chromium"
    body = "exit 1" if mode == "fail" else "exec sleep 600"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


@pytest.fixture(autouse=True)
def fresh_probe(monkeypatch):
    monkeypatch.setattr(export, "_probed", set())


def test_a_browser_that_exits_at_start_is_an_export_error(tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(fake_browser(tmp_path, "fail")))
    with pytest.raises(export.ExportError, match=r"fail-chromium failed to start \(exit status 1\)"):
        export.figure_bytes(go.Figure(), "png")
    with pytest.raises(export.ExportError, match="failed to start"), export.render_session():
        pass


def test_a_browser_that_never_answers_is_an_export_error(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "BROWSER_START_SECONDS", 1.0)
    monkeypatch.setenv("BROWSER_PATH", str(fake_browser(tmp_path, "hang")))
    with pytest.raises(export.ExportError, match="hang-chromium did not start within 1 s"):
        export.figure_bytes(go.Figure(), "png")


def test_the_hung_browser_is_killed(tmp_path):
    marker = tmp_path / "alive"
    path = tmp_path / "child-chromium"
    path.write_text(f"#!/bin/sh\nsleep 600 &\necho $! > {marker}\nwait\n")
    path.chmod(0o755)
    with pytest.raises(export.ExportError, match="did not start within 1 s"):
        export._probe_browser(str(path), timeout=1.0)
    child = int(marker.read_text())
    assert not Path(f"/proc/{child}").exists() or "Z" in Path(f"/proc/{child}/stat").read_text().split()[2]


def brief(tmp_path: Path, browser: Path) -> subprocess.CompletedProcess:
    """``python -m readiness brief`` in a real process (so a stuck browser thread would keep it from ending)."""
    env = {**os.environ, "BROWSER_PATH": str(browser), "PYTHONPATH": str(ROOT)}
    out = tmp_path / "brief.pdf"
    return subprocess.run([sys.executable, "-m", "readiness", "brief", "--region", "64.71", "--out", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_brief_exits_2_when_the_browser_fails_at_start(tmp_path):
    ran = brief(tmp_path, fake_browser(tmp_path, "fail"))
    assert ran.returncode == 2, ran.stderr
    assert "failed to start (exit status 1)" in ran.stderr and "Traceback" not in ran.stderr
    assert not (tmp_path / "brief.pdf").exists()


@pytest.mark.slow
def test_brief_exits_2_when_the_browser_hangs(tmp_path):
    ran = brief(tmp_path, fake_browser(tmp_path, "hang"))
    assert ran.returncode == 2, ran.stderr
    assert "did not start within 10 s" in ran.stderr and "Traceback" not in ran.stderr
    assert not (tmp_path / "brief.pdf").exists()
