"""readiness.store.peek: a SQLite store's data stamp and cached dataset read without SQLAlchemy, the same as the
Store's own; anything else (PostgreSQL, no file, not migrated, not seeded, no cached copy) gives None and touches
nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from readiness.store import Change, Store, peek

SEED = Path(__file__).resolve().parent / "seed_fixture"  # hand-made, synthetic
KEY = "64.71|spbe_index|2023"


def _edit(store: Store, editor, value: float) -> None:
    """Change one figure (a commit)."""
    base = store.current_records("observations")[KEY][0]
    record = {"region_code": "64.71", "indicator": "spbe_index", "year": 2023, "value": value, "source_id": "src-a",
              "note": None, "confidence": None, "quote": None}
    store.write([Change("observations", KEY, record, base)], editor=editor)


def test_the_stamp_is_the_stores_own_and_follows_every_commit(store, editor):
    if store.backend != "sqlite":
        assert peek.stamp(store.url) is None  # PostgreSQL is always read through the Store
        return
    assert peek.stamp(store.url) == store.data_stamp()
    before = peek.stamp(store.url)
    _edit(store, editor, 3.9)
    assert peek.stamp(store.url) == store.data_stamp() != before


def test_the_cached_dataset_is_the_one_the_store_wrote(access, editor, tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'store.sqlite'}", access=access, seed_dir=SEED)
    cache = tmp_path / "cache"
    stamp = store.data_stamp()
    assert peek.cached_dataset(store.url, stamp, cache, SEED) is None  # nothing cached yet
    expected = store.load_dataset(cache_dir=cache)
    got = peek.cached_dataset(store.url, stamp, cache, SEED)
    assert got is not None
    pd.testing.assert_frame_equal(got.observations, expected.observations)
    pd.testing.assert_frame_equal(got.regions, expected.regions)
    _edit(store, editor, 3.9)
    assert peek.cached_dataset(store.url, store.data_stamp(), cache, SEED) is None  # a commit: a new key
    store.close()


def test_no_store_file_is_none_and_is_not_created(tmp_path):
    path = tmp_path / "absent.sqlite"
    assert peek.stamp(f"sqlite:///{path}") is None
    assert not path.exists()


def test_a_database_that_is_not_a_store_yet_is_none(tmp_path):
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).close()
    assert peek.stamp(f"sqlite:///{empty}") is None
    migrated = Store(f"sqlite:///{tmp_path / 'migrated.sqlite'}", seed_dir=SEED)
    migrated.migrate()  # at the schema head, but not seeded
    assert peek.stamp(migrated.url) is None
    migrated.close()
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database" * 100)
    assert peek.stamp(f"sqlite:///{garbage}") is None


@pytest.mark.parametrize("url", ["postgresql://postgres@127.0.0.1/test", "sqlite://", "sqlite:///:memory:",
                                 "sqlite:///x.sqlite?mode=ro"])
def test_urls_it_does_not_read_are_none(url):
    assert peek.sqlite_file(url) is None
    assert peek.stamp(url) is None


def test_reading_a_store_with_peek_imports_no_sqlalchemy():
    code = "import sys, readiness.store.peek; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
