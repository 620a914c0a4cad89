"""Every AppTest reads through a store in a temporary data directory (SQLite, seeded once per test session from the
bundled data/), never the repository's var/ or a DATABASE_URL set for the store tests; no editor passcode unless a
test sets one."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def app_data_dir(tmp_path_factory) -> Path:
    """A data directory shared by the AppTests of one session (the store is seeded on first use)."""
    return tmp_path_factory.mktemp("app-data")


@pytest.fixture(autouse=True)
def _isolated_store(app_data_dir, monkeypatch) -> None:
    for key in ("DATABASE_URL", "READINESS_EDITOR_PASSCODE", "READINESS_EDITOR_PASSCODE_HASH", "READINESS_SEED_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("READINESS_DATA_DIR", str(app_data_dir))
