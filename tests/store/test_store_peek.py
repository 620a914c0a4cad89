"""readiness.store.peek: a SQLite store's data stamp, cached dataset and the Data page's reads (Reader) without
SQLAlchemy, the same as the Store's own; anything else (PostgreSQL, no file, not migrated, not seeded, no cached copy)
gives None and touches nothing."""

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


def test_reading_a_store_with_peek_imports_no_sqlalchemy(access, editor, tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'store.sqlite'}", access=access, seed_dir=SEED)
    _edit(store, editor, 3.9)
    store.close()
    code = ("import sys; from readiness.store import peek; from readiness.store.access import passcode_configured; "
            f"r = peek.Reader.open({store.url!r}, {str(SEED)!r}); "
            "print(len(r.table('regions')), len(r.table('sources')), len(r.region_observations('64.71')), "
            "len(r.history('64.71', 'spbe_index')), passcode_configured({}), 'sqlalchemy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    regions, sources, observations, history, configured, loaded = out.stdout.split()
    assert int(regions) > 0 and int(sources) > 0 and int(observations) > 0 and int(history) >= 3
    assert (configured, loaded) == ("False", "False")


def _same_reads(reader, store: Store) -> None:
    """Every read of the Data page gives the same frame through the Reader and through the Store."""
    for entity in peek.READ_TABLES:
        pd.testing.assert_frame_equal(reader.table(entity), store.table(entity))
    regions = list(store.table("regions")["code"])
    for code in [*regions, "no.such"]:
        shown = store.region_observations(code)
        pd.testing.assert_frame_equal(reader.region_observations(code), shown)
        for indicator in [*dict.fromkeys(shown["indicator"]), "no_such_indicator"]:
            pd.testing.assert_frame_equal(reader.history(code, indicator), store.history(code, indicator))
            for year in [*shown.loc[shown["indicator"] == indicator, "year"], 1999]:
                pd.testing.assert_frame_equal(reader.history(code, indicator, int(year)),
                                              store.history(code, indicator, int(year)))


def test_the_reader_reads_what_the_store_reads(access, editor, tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'store.sqlite'}", access=access, seed_dir=SEED)
    reader = peek.Reader.open(store.url, SEED)
    assert reader is not None and (reader.backend, reader.seed_dir) == (store.backend, store.seed_dir)
    assert reader.framework.indicators == store.framework.indicators
    _same_reads(reader, store)
    _edit(store, editor, 3.9)
    _edit(store, editor, 4.1)
    store.revert(int(store.history("64.71", "spbe_index", 2023)["id"].iloc[-1]), editor=editor)
    history = reader.history("64.71", "spbe_index", 2023)
    assert list(history["new"])[-3:] == [3.9, 4.1, 3.9] and pd.notna(history["reverts"].iloc[-1])
    _same_reads(reader, store)
    store.close()


def test_the_reader_reads_only_a_seeded_sqlite_store(store, tmp_path):
    if store.backend != "sqlite":
        assert peek.Reader.open(store.url) is None  # PostgreSQL: the page reads the Store
        return
    assert peek.Reader.open(store.url) is not None
    assert peek.Reader.open(f"sqlite:///{tmp_path / 'absent.sqlite'}") is None
    assert not (tmp_path / "absent.sqlite").exists()


@pytest.mark.parametrize("env", [{}, {"READINESS_EDITOR_PASSCODE_HASH": "  "}, {"READINESS_EDITOR_PASSCODE": ""},
                                 {"READINESS_EDITOR_PASSCODE": "open sesame"},
                                 {"READINESS_EDITOR_PASSCODE_HASH": "scrypt$16384$8$1$00$00"},
                                 {"READINESS_EDITOR_PASSCODE_HASH": " ", "READINESS_EDITOR_PASSCODE": "x"}])
def test_a_passcode_is_configured_exactly_when_access_is_enabled(env):
    from readiness.store.access import Access, passcode_configured

    assert passcode_configured(env) == Access.from_env(env).enabled
