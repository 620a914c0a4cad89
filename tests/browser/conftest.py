"""A real ``streamlit run`` on a free localhost port and headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from readiness_app.serve import CHROMIUM, FLAGS, free_port, start_server, stop_server


def own_store(directory: Path) -> dict[str, str]:
    """A server's environment for a store of its own: a new SQLite file in ``directory``, never the shared
    ``DATABASE_URL`` (a store another run seeded earlier from other data would make every page "Data tidak valid")."""
    return {"READINESS_DATA_DIR": str(directory), "DATABASE_URL": ""}


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    port = free_port()
    proc = start_server(port, env=own_store(tmp_path_factory.mktemp("browser-store")))
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or not shutil.which("chromium"):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("Debian's chromium is required (apt-get install -y chromium)")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()
