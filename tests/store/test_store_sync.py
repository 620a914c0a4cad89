"""Seeding records the seed folder's hash; ``db sync`` brings the folder's later edits in as revisions, keeps the
store's own edits, and refuses without the passcode. Every case starts from a copy of the hand-made seed fixture."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from readiness.errors import DataError
from readiness.store import Change, ConflictError, Store, hash_passcode, peek
from readiness.store import sync as store_sync
from readiness.store.tables import ENTITIES

SEED = Path(__file__).resolve().parent / "seed_fixture"  # hand-made, synthetic
PASSCODE = "test passcode"
KEY = "64.71|spbe_index|2023"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the seed fixture that a test may edit."""
    return Path(shutil.copytree(SEED, tmp_path / "seed"))


@pytest.fixture
def seeded(store_url: str, access, folder: Path):
    s = Store.open(store_url, access=access, seed_dir=folder)
    yield s
    s.close()


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _new_group(folder: Path) -> None:
    """A new group in groups.csv and one region moved to it in regions.csv (the case the issue reported)."""
    with (folder / "groups.csv").open("a", encoding="utf-8") as fh:
        fh.write("new_group,Kelompok baru,New group,,,#123456,study,true,false,4\n")
    _replace(folder / "regions.csv", "Provinsi Lain,jakarta_buffer", "Provinsi Lain,new_group")


def test_seed_tables_are_the_stores_entities():
    assert tuple(e.name for e in ENTITIES.values() if e.seed_file is not None) == peek.SEED_TABLES


def test_seeding_records_the_folders_hash(seeded, folder):
    record = seeded.seed_record()
    assert record["seed:hash"] == peek.data_hash(folder)
    assert peek.seed_status(record["seed:hash"], peek.data_hash(folder)) == "current"
    if seeded.backend == "sqlite":
        assert peek.seed_record(seeded.url) == record  # the same, without SQLAlchemy
    plan = store_sync.plan(seeded)
    assert plan.up_to_date and plan.items == ()


def test_the_hash_follows_the_files_only(folder):
    before = peek.data_hash(folder)
    with (folder / "groups.csv").open("a", encoding="utf-8") as fh:  # a domain rule: read from the file anyway
        fh.write("\n")
    assert peek.data_hash(folder) == before
    _replace(folder / "observations.csv", "3.5,src-a", "3.55,src-a")  # another size: a new signature at once
    assert peek.data_hash(folder) != before


def test_a_new_group_and_a_corrected_figure_are_brought_in(seeded, folder, editor):
    _new_group(folder)
    _replace(folder / "observations.csv", "64.71,spbe_index,2023,3.5,", "64.71,spbe_index,2023,3.6,")
    with (folder / "observations.csv").open("a", encoding="utf-8") as fh:
        fh.write("32.76,spbe_index,2024,2.9,src-b,,,\n")
    assert peek.seed_status(seeded.seed_record()["seed:hash"], peek.data_hash(folder)) == "changed"
    plan = store_sync.plan(seeded)
    assert plan.status == "changed"
    assert sorted(map(str, plan.items)) == ["added: observations 32.76|spbe_index|2024",
                                            f"changed: observations {KEY}", "changed: regions 32.76"]
    before = seeded.revision_count()
    ids = store_sync.apply(seeded, plan, editor=editor, reason="new group")
    assert len(ids) == 3 and seeded.revision_count() == before + 3
    ds = seeded.load_dataset()
    assert ds.region_groups()["32.76"] == "new_group"  # the new group has its member
    revs = seeded.revisions().set_index("id").loc[ids]
    assert set(revs["editor"]) == {"Tester"} and set(revs["reason"]) == {"new group"}
    assert seeded.history("64.71", "spbe_index", 2023)["new"].tolist() == [3.5, 3.6]  # nothing overwritten
    assert seeded.seed_record()["seed:hash"] == peek.data_hash(folder)
    assert store_sync.plan(seeded).up_to_date


def test_edits_made_in_the_store_are_kept(seeded, folder, editor):
    base = seeded.current_records("observations")[KEY]
    edited = {**base[1], "value": 3.9}
    seeded.write([Change("observations", KEY, edited, base[0])], editor=editor, reason="edited on the Data page")
    assert store_sync.plan(seeded).up_to_date  # the folder did not change: the store's edit is no difference
    _replace(folder / "observations.csv", "64.71,spbe_index,2023,3.5,", "64.71,spbe_index,2023,3.6,")
    _replace(folder / "observations.csv", "64.71,spbe_index,2022,3.05,", "64.71,spbe_index,2022,3.1,")
    plan = store_sync.plan(seeded)
    kinds = {item.key: item.kind for item in plan.items}
    assert kinds == {KEY: "kept", "64.71|spbe_index|2022": "changed"}
    store_sync.apply(seeded, plan, editor=editor)
    values = seeded.current_values()
    assert values[KEY][1] == 3.9 and values["64.71|spbe_index|2022"][1] == 3.1


def test_a_removed_row_is_a_revision_that_can_be_reverted(seeded, folder, editor):
    path = folder / "observations.csv"
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("64.72,ikd_activation_pct,2023,")), encoding="utf-8")
    plan = store_sync.plan(seeded)
    assert [str(i) for i in plan.items] == ["removed: observations 64.72|ikd_activation_pct|2023"]
    [rev] = store_sync.apply(seeded, plan, editor=editor)
    assert "64.72|ikd_activation_pct|2023" not in seeded.current_values()
    seeded.revert(rev, editor=editor)
    assert "64.72|ikd_activation_pct|2023" in seeded.current_values()


def test_changes_that_break_the_stores_edits_are_refused(seeded, folder, editor):
    record = {"region_code": "64.72", "indicator": "spbe_index", "year": 2024, "value": 2.5, "source_id": "src-a",
              "note": None, "confidence": None, "quote": None}
    seeded.write([Change("observations", "64.72|spbe_index|2024", record)], editor=editor)
    # the folder stops citing src-a and removes it, but the store's own edit still cites it
    for name in ("observations", "regions"):
        _replace(folder / f"{name}.csv", "src-a", "src-b")
    path = folder / "sources.csv"
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("src-a,")), encoding="utf-8")
    before = seeded.revision_count()
    with pytest.raises(DataError, match="unknown source id 'src-a'"):
        store_sync.plan(seeded)
    assert seeded.revision_count() == before


def test_a_plan_made_stale_by_an_edit_writes_nothing(seeded, folder, editor):
    _replace(folder / "observations.csv", "64.71,spbe_index,2023,3.5,", "64.71,spbe_index,2023,3.6,")
    plan = store_sync.plan(seeded)
    base = seeded.current_records("observations")[KEY]
    seeded.write([Change("observations", KEY, {**base[1], "value": 3.9}, base[0])], editor=editor)
    before = seeded.revision_count(), seeded.seed_record()
    with pytest.raises(ConflictError):
        store_sync.apply(seeded, plan, editor=editor)
    assert (seeded.revision_count(), seeded.seed_record()) == before


def test_a_store_seeded_before_seeds_were_recorded(seeded, folder, editor):
    from sqlalchemy import delete

    from readiness.store.tables import meta

    with seeded.engine.begin() as conn:  # as a store seeded by an earlier version
        conn.execute(delete(meta).where(meta.c.key.like("seed:%")))
    assert seeded.seed_record() == {}
    plan = store_sync.plan(seeded)
    assert plan.status == "unrecorded" and plan.items == () and not plan.up_to_date
    assert store_sync.apply(seeded, plan, editor=editor) == []  # records the hash and the seed's batch
    record = seeded.seed_record()
    assert record["seed:hash"] == peek.data_hash(folder)
    assert record["seed:batches"] == f'["{seeded.revisions()["batch"].iloc[0]}"]'
    assert store_sync.plan(seeded).up_to_date


@pytest.fixture
def cli(db_cli, folder):
    return db_cli(folder)


def test_db_sync_on_the_command_line(cli, store_url, folder, capsys, monkeypatch):
    assert cli("init") == 0
    assert cli("sync") == 0
    assert "the store holds what" in capsys.readouterr().out
    _new_group(folder)
    assert cli("init") == 0
    assert "python -m readiness db sync" in capsys.readouterr().out  # init says the folder changed
    assert cli("sync", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "0 added, 1 changed, 0 removed, 0 kept" in out and "changed: regions 32.76" in out
    assert "dry run: nothing written" in out
    assert cli("sync", "--editor", "Ani", "--passcode-stdin", stdin="wrong\n") == 2
    assert "wrong passcode" in capsys.readouterr().err
    monkeypatch.delenv("READINESS_EDITOR_PASSCODE_HASH")
    assert cli("sync", "--editor", "Ani", "--passcode-stdin", stdin=PASSCODE + "\n") == 2
    assert "editing is disabled" in capsys.readouterr().err
    with Store(store_url, seed_dir=folder) as s:
        assert s.seed_record()["seed:hash"] != peek.data_hash(folder)  # nothing written
    monkeypatch.setenv("READINESS_EDITOR_PASSCODE_HASH", hash_passcode(PASSCODE))
    assert cli("sync", "--editor", "Ani", "--reason", "new group", "--passcode-stdin", stdin=PASSCODE + "\n") == 0
    assert "committed 1 revisions" in capsys.readouterr().out
    with Store(store_url, seed_dir=folder) as s:
        assert s.load_dataset().region_groups()["32.76"] == "new_group"
        assert s.revisions()["editor"].iloc[-1] == "Ani"
