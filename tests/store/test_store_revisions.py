"""Revisions, history, revert, conflicts and the data version, on SQLite and PostgreSQL (hand-made fixture)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

import readiness
from readiness.store import (
    Access,
    AccessError,
    AttemptRules,
    Change,
    ConflictError,
    Editor,
    Store,
    StoreError,
    hash_passcode,
)
from readiness.store.tables import ENTITIES, login_attempts, revisions

SEED = Path(__file__).resolve().parent / "seed_fixture"  # hand-made, synthetic

KEY = "64.71|spbe_index|2023"


def _obs(value: float, year: int = 2023, source: str = "src-a") -> dict:
    return {"region_code": "64.71", "indicator": "spbe_index", "year": year, "value": value, "source_id": source,
            "note": None, "confidence": None, "quote": None}


def _current_rev(store: Store, key: str = KEY) -> int | None:
    rec = store.current_records("observations").get(key)
    return rec[0] if rec else None


def test_seeded_store_loads_the_same_dataset_as_the_csvs(store):
    expected = readiness.load_dataset(SEED)
    got = store.load_dataset()
    for name in ("regions", "observations", "sources", "events", "labels", "undated", "groups", "method_periods",
                 "bands", "targets"):
        pd.testing.assert_frame_equal(getattr(got, name), getattr(expected, name), obj=name)
    assert got.framework.indicators == expected.framework.indicators


def test_the_dataset_copy_is_keyed_by_the_data_stamp(store, editor, tmp_path):
    cache = tmp_path / "cache"
    first = store.load_dataset(cache_dir=cache)
    assert len(list(cache.glob("store-*.tables"))) == 1
    again = store.load_dataset(cache_dir=cache)  # read back from the copy
    pd.testing.assert_frame_equal(again.observations, first.observations)
    store.write([Change("observations", KEY, _obs(3.9), _current_rev(store))], editor=editor)
    changed = store.load_dataset(cache_dir=cache)
    assert len(list(cache.glob("store-*.tables"))) == 2
    row = changed.observations.query("region_code == '64.71' and indicator == 'spbe_index' and year == 2023")
    assert list(row["value"]) == [3.9]


def test_schema_head_is_alembics_head_and_an_initialised_store_is_at_it(store):
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from readiness.store.store import MIGRATIONS_DIR, SCHEMA_HEAD

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == SCHEMA_HEAD
    assert store.schema_revision() == SCHEMA_HEAD


def test_seeding_writes_one_revision_per_record_and_init_is_idempotent(store):
    n = store.revision_count()
    assert n == 2 + 4 + 5 + 1 + 1 + 1  # sources, regions, observations, labels, events, undated
    assert store.init() is False
    assert store.revision_count() == n
    seed_revs = store.revisions()
    assert set(seed_revs["editor"]) == {"seed"}
    assert seed_revs["old_value"].isna().all()


def test_a_change_is_a_revision_with_old_and_new_editor_and_reason(store, editor):
    base = _current_rev(store)
    version = store.data_version()
    [rev] = store.write([Change("observations", KEY, _obs(3.9), base, "src-a")], editor=editor, reason="fix")
    row = store.revisions(entity="observations", key_prefix=KEY).iloc[-1]
    assert row["id"] == rev
    assert (row["editor"], row["reason"], row["source_id"]) == ("Tester", "fix", "src-a")
    assert row["old_value"]["value"] == 3.5
    assert row["new_value"]["value"] == 3.9
    assert store.data_version() == version + 1
    assert store.current_records("observations")[KEY][1]["value"] == 3.9


def test_history_lists_every_revision_of_a_value_oldest_first(store, editor):
    store.write([Change("observations", KEY, _obs(3.9), _current_rev(store))], editor=editor)
    store.write([Change("observations", KEY, _obs(4.0), _current_rev(store))], editor=editor)
    hist = store.history("64.71", "spbe_index", 2023)
    assert hist["new"].tolist() == [3.5, 3.9, 4.0]
    assert hist["old"].tolist()[1:] == [3.5, 3.9]
    assert hist["editor"].tolist() == ["seed", "Tester", "Tester"]
    both_years = store.history("64.71", "spbe_index")
    assert sorted(set(both_years["year"])) == [2022, 2023]


def test_history_prefix_does_not_treat_underscores_as_wildcards(store, editor):
    # 'spbe_index' must not match a key such as 'spbeXindex'
    store.write([Change("observations", "64.71|spbeXindex|2023", {**_obs(1.0), "indicator": "spbeXindex"})],
                editor=editor)
    keys = store.revisions(entity="observations", key_prefix="64.71|spbe_index|")["key"]
    assert sorted(keys) == ["64.71|spbe_index|2022", "64.71|spbe_index|2023"]
    assert len(store.history("64.71", "spbe_index")) == 2


def test_revert_restores_the_old_value_as_a_new_revision(store, editor):
    [rev] = store.write([Change("observations", KEY, _obs(3.9), _current_rev(store))], editor=editor)
    count = store.revision_count()
    undo = store.revert(rev, editor=editor)
    assert undo > rev
    assert store.revision_count() == count + 1
    assert store.current_records("observations")[KEY][1]["value"] == 3.5
    last = store.history("64.71", "spbe_index", 2023).iloc[-1]
    assert (last["old"], last["new"], last["reverts"]) == (3.9, 3.5, rev)


def test_revert_of_a_new_value_removes_it_and_reverting_that_brings_it_back(store, editor):
    key = "64.71|spbe_index|2024"
    [rev] = store.write([Change("observations", key, _obs(4.2, 2024))], editor=editor)
    undo = store.revert(rev, editor=editor)
    assert key not in store.current_records("observations")
    store.revert(undo, editor=editor)
    assert store.current_records("observations")[key][1]["value"] == 4.2


def test_revert_refuses_when_the_value_changed_again(store, editor):
    [first] = store.write([Change("observations", KEY, _obs(3.9), _current_rev(store))], editor=editor)
    store.write([Change("observations", KEY, _obs(4.0), _current_rev(store))], editor=editor)
    count = store.revision_count()
    with pytest.raises(ConflictError, match="changed again in revision"):
        store.revert(first, editor=editor)
    assert store.revision_count() == count


def test_revert_of_an_unknown_revision_is_an_error(store, editor):
    with pytest.raises(StoreError, match="no such revision"):
        store.revert(999_999, editor=editor)


def test_revert_of_a_source_still_cited_is_refused(store, editor):
    new = {"id": "src-new", "title": "T", "publisher": "P", "url": None, "date": "2024", "accessed": None,
           "note": None}
    ids = store.write([Change("observations", KEY, _obs(3.9, source="src-new"), _current_rev(store), "src-new")],
                      editor=editor, new_sources=[new])
    source_rev = ids[0]
    with pytest.raises(ConflictError, match="still cited"):
        store.revert(source_rev, editor=editor)


def test_a_stale_base_revision_is_a_conflict_and_writes_nothing(store, editor):
    base = _current_rev(store)
    store.write([Change("observations", KEY, _obs(3.9), base)], editor=editor)
    count, version = store.revision_count(), store.data_version()
    other = Change("observations", "64.72|spbe_index|2023", {**_obs(2.0), "region_code": "64.72"},
                   _current_rev(store, "64.72|spbe_index|2023"))
    with pytest.raises(ConflictError, match="changed since it was read"):
        store.write([other, Change("observations", KEY, _obs(4.4), base)], editor=editor)
    assert store.revision_count() == count
    assert store.data_version() == version  # the increment was rolled back with the rest
    assert store.current_records("observations")["64.72|spbe_index|2023"][1]["value"] == 2.44


def test_current_values_are_the_newest_revisions(store, editor):
    store.write([Change("observations", KEY, _obs(3.9), _current_rev(store))], editor=editor)
    [rev] = store.write([Change("observations", "64.72|spbe_index|2023", None,
                                _current_rev(store, "64.72|spbe_index|2023"))], editor=editor)
    with store.engine.connect() as conn:
        rows = conn.execute(select(revisions).where(revisions.c.entity == "observations")
                            .order_by(revisions.c.id)).mappings().all()
    replay: dict[str, dict] = {}
    for r in rows:
        if r["new_value"] is None:
            replay.pop(r["key"], None)
        else:
            replay[r["key"]] = json.loads(r["new_value"])
    current = {k: rec for k, (_, rec) in store.current_records("observations").items()}
    assert current == replay
    assert "64.72|spbe_index|2023" not in current
    assert rev > 0


def test_an_unchanged_record_writes_no_revision(store, editor):
    count = store.revision_count()
    assert store.write([Change("observations", KEY, _obs(3.5), _current_rev(store))], editor=editor) == []
    assert store.revision_count() == count


def test_writes_need_an_editor_from_this_stores_access(store):
    other = Access(store.access._hash).login("Mallory", "correct horse battery")
    count = store.revision_count()
    with pytest.raises(AccessError, match="log in"):
        store.write([Change("observations", KEY, _obs(3.9), _current_rev(store))], editor=other)
    with pytest.raises(AccessError, match="log in"):
        store.revert(1, editor="Mallory")  # type: ignore[arg-type]
    assert store.revision_count() == count


def test_scenarios_are_saved_under_revision(store, editor):
    store.save_scenario("strict", {"normalise": "goalposts", "window": 3}, editor=editor)
    store.save_scenario("strict", {"normalise": "minmax", "window": 1}, editor=editor)
    assert store.scenarios() == {"strict": {"normalise": "minmax", "window": 1, "author": "Tester"}}
    assert len(store.revisions(entity="scenarios")) == 2


def test_data_version_grows_with_each_commit_and_is_seen_by_another_store(store, editor, store_url, access):
    other = Store(store_url, access=access, seed_dir=SEED)
    before = other.data_version()
    store.write([Change("observations", KEY, _obs(3.9), _current_rev(store))], editor=editor)
    assert other.data_version() == before + 1
    assert other.current_records("observations")[KEY][1]["value"] == 3.9
    other.close()


def test_entity_tables_match_the_migration(store):
    from sqlalchemy import inspect

    inspector = inspect(store.engine)
    for name, entity in ENTITIES.items():
        cols = {c["name"] for c in inspector.get_columns(name)}
        assert cols == {c.name for c in entity.table.columns}, name
    assert {c["name"] for c in inspector.get_columns("revisions")} == {c.name for c in revisions.columns}
    assert {c["name"] for c in inspector.get_columns("login_attempts")} == {c.name for c in login_attempts.columns}


def test_only_an_editor_saves_a_scenario_rate_limited_without_touching_the_data_version(store_url):
    access = Access(hash_passcode("pw"), rules=AttemptRules(saves=3))
    store = Store.open(store_url, access=access, seed_dir=SEED)
    try:
        version, n, stamp = store.data_stamp(), store.revision_count(), store.scenario_stamp()
        with pytest.raises(AccessError, match="log in"):
            store.save_scenario("anon", {"kind": "scenario"}, editor=Editor("Mallory"))
        with pytest.raises(TypeError):
            store.save_scenario("anon", {"kind": "scenario"}, author="Mallory")  # type: ignore[call-arg]
        ani = access.login("Ani", "pw")
        store.save_scenario("Ani's plan", {"kind": "scenario", "region": "64.71"}, editor=ani)
        assert store.scenarios() == {"Ani's plan": {"kind": "scenario", "region": "64.71", "author": "Ani"}}
        assert store.revisions().iloc[-1]["editor"] == "Ani"
        assert store.data_stamp() == version  # no cache of the scored data is dropped
        assert store.scenario_stamp() > stamp
        with pytest.raises(StoreError, match="too large"):
            store.save_scenario("big", {"x": "y" * 30000}, editor=ani)
        store.save_scenario("Ani's plan", {"kind": "scenario", "region": "32.76"}, editor=ani)  # replaced
        store.save_scenario("second", {"kind": "scenario"}, editor=ani)
        with pytest.raises(AccessError, match="too many saves"):
            store.save_scenario("fourth", {"kind": "scenario"}, editor=ani)
        store.save_scenario("Budi's", {"kind": "scenario"}, editor=access.login("Budi", "pw"))  # per editor
        assert store.revision_count() == n + 4
        assert store.scenarios()["Ani's plan"]["region"] == "32.76"
        assert store.data_stamp() == version
    finally:
        store.close()


def _seeded(store, entity: str, key: str) -> int:
    revs = store.revisions(entity=entity)
    return int(revs[revs["key"] == key]["id"].iloc[0])


def test_revert_of_a_cited_region_is_refused_naming_what_cites_it(store, editor):
    count, version = store.revision_count(), store.data_version()
    with pytest.raises(ConflictError, match=r"region 64\.71 is still cited by \d+ observations \(64\.71\|spbe_index"):
        store.revert(_seeded(store, "regions", "64.71"), editor=editor)
    assert store.revision_count() == count and store.data_version() == version
    store.load_dataset()  # still valid


def test_revert_of_a_source_cited_by_the_regions_table_is_refused(store, editor):
    with pytest.raises(ConflictError, match=r"source src-a is still cited by .*1 regions \(64\.71\)"):
        store.revert(_seeded(store, "sources", "src-a"), editor=editor)


def test_revert_that_would_restore_a_value_citing_a_removed_region_is_refused(store, editor):
    code = "64.74"
    region = {**store.current_records("regions")["64.72"][1], "code": code, "name": "Kota Tiga (synthetic)"}
    [region_rev] = store.write([Change("regions", code, region)], editor=editor)
    key = f"{code}|spbe_index|2023"
    [added] = store.write([Change("observations", key, {**_obs(2.0), "region_code": code})], editor=editor)
    [removed] = store.write([Change("observations", key, None, added)], editor=editor)
    store.revert(region_rev, editor=editor)  # nothing cites the region now: allowed
    with pytest.raises(ConflictError, match=r"cites region 64\.74, which is no longer in the store"):
        store.revert(removed, editor=editor)
    store.load_dataset()
