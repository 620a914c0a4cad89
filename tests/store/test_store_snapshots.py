"""Snapshots (issue 21), on SQLite and PostgreSQL with the hand-made seed fixture (synthetic): a snapshot taken, then
values imported, one reverted and the framework's weights changed, still gives byte-identical scores, briefing and
``score --as-of`` output; "what changed" names exactly the changed values; an unknown id is a clear error; creating
one writes no data; nothing alters it afterwards."""

from __future__ import annotations

import io
import json
import shutil
import warnings
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError

import readiness
from readiness.analysis.compare import default_year_of
from readiness.cli.commands import main
from readiness.display import briefing
from readiness.store import Change, Store
from readiness.store import snapshots as snaps
from readiness.store.tables import snapshots as snapshot_table

SEED = Path(__file__).resolve().parent / "seed_fixture"


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    """A copy of the seed fixture whose framework the test may edit."""
    return Path(shutil.copytree(SEED, tmp_path / "seed"))


@pytest.fixture
def live(store_url: str, access, seed: Path):
    s = Store.open(store_url, access=access, seed_dir=seed)
    yield s
    s.close()


def _quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return func(*args, **kwargs)


def _scores(ds: readiness.Dataset, spec: readiness.ScoringSpec) -> str:
    result = _quiet(readiness.score, ds.framework, ds.observations, spec, regions=ds.regions)
    return result.to_frame().to_csv(index=False, float_format="%.10g", lineterminator="\n")


def _deck_content(ds: readiness.Dataset, spec: readiness.ScoringSpec, snap: snaps.Snapshot) -> str:
    """Everything a deck prints, views' figures included (as plotly JSON), for the first study region."""
    result = _quiet(readiness.score, ds.framework, ds.observations, spec, regions=ds.regions)
    by_year = _quiet(readiness.score_years, ds.framework, ds.observations, spec.but(year=None),
                     years=ds.years_with_data(), regions=ds.regions)
    brief = _quiet(briefing.build_briefing, ds, result, "64.71", ["64.72"], "en", results_by_year=by_year,
                   snapshot=snap.id, today=snap.date.date())
    parts = []
    for v in brief.views:
        parts += [v.key, v.heading, v.title, *v.bullets, v.source, v.notes,
                  "" if v.table is None else v.table.to_csv(), "" if v.figure is None else v.figure.to_json()]
    return "\n".join(parts)


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def _obs(value: float, region: str = "64.71", indicator: str = "spbe_index", year: int = 2023,
         source: str = "src-a") -> dict:
    return {"region_code": region, "indicator": indicator, "year": year, "value": value, "source_id": source,
            "note": None, "confidence": None, "quote": None}


def test_a_snapshot_reopens_exactly_after_imports_a_revert_and_a_framework_change(live, editor, store_url, seed,
                                                                                   access):
    ds = live.load_dataset()
    spec = readiness.ScoringSpec(study=ds.study_regions())
    spec = spec.but(year=default_year_of(ds, spec))
    version = live.data_version()
    snap = snaps.create(live, spec)
    assert live.data_version() == version  # creating one writes no data: viewers' caches stay valid
    with live.engine.connect() as conn:
        row_then = dict(conn.execute(select(snapshot_table)).mappings().one())
    scores_then, deck_then = _scores(ds, spec), _deck_content(ds, spec, snap)
    status, cli_then, _ = _cli("score", "--as-of", snap.id, "--url", store_url)
    assert status == 0 and cli_then == scores_then

    # later: an import (one changed, one added, one added then reverted), and the framework's weights changed
    cur = live.current_records("observations")
    live.write([Change("observations", "64.71|spbe_index|2023", _obs(4.4), cur["64.71|spbe_index|2023"][0]),
                Change("observations", "64.72|spbe_index|2022", _obs(2.1, "64.72", year=2022, source="src-b"))],
               editor=editor, reason="new figures")
    [added] = live.write([Change("observations", "32.76|spbe_index|2023", _obs(3.3, "32.76"))], editor=editor)
    live.revert(added, editor=editor)
    framework = seed / "framework.yaml"
    framework.write_text(framework.read_text().replace("weight: 1", "weight: 3", 1))

    now = Store(store_url, access=access, seed_dir=seed)  # a new process would load the edited framework
    try:
        assert _scores(now.load_dataset(), spec) != scores_then  # the data and the weights did change
        again = snaps.get(now, snap.id.upper())
        assert again == snap
        ds_again = snaps.dataset_of(now, again)
        assert _scores(ds_again, again.spec) == scores_then
        assert _deck_content(ds_again, again.spec, again) == deck_then
        status, cli_again, err = _cli("score", "--as-of", snap.id, "--url", store_url)
        assert status == 0 and cli_again.encode() == cli_then.encode(), err
        changes = snaps.changes_since(now, again)
        assert snaps.files_changed(now, again) == ["framework.yaml"]
        with now.engine.connect() as conn:
            assert dict(conn.execute(select(snapshot_table)).mappings().one()) == row_then
    finally:
        now.close()
    named = {(r.kind, r.region_code, r.indicator, r.year, None if pd.isna(r.old) else r.old, r.new)
             for r in changes.itertuples()}
    assert named == {("changed", "64.71", "spbe_index", 2023, 3.5, 4.4),
                     ("added", "64.72", "spbe_index", 2022, None, 2.1)}  # the reverted value is not listed
    first = changes.set_index("kind").loc["changed"]
    assert (first["editor"], first["reason"], first["source_id"]) == ("Tester", "new figures", "src-a")


def test_a_snapshot_cannot_be_updated_or_deleted(live):
    snap = snaps.create(live, readiness.ScoringSpec(year=2023))
    with pytest.raises(DBAPIError, match="never altered"), live.engine.begin() as conn:
        conn.execute(update(snapshot_table).where(snapshot_table.c.id == snap.id).values(revision_id=1))
    with pytest.raises(DBAPIError, match="never altered"), live.engine.begin() as conn:
        conn.execute(snapshot_table.delete())
    assert snaps.get(live, snap.id).revision_id == snap.revision_id


def test_file_contents_are_kept_once_however_many_snapshots(live):
    from readiness.store.tables import snapshot_files

    first = snaps.create(live, readiness.ScoringSpec(year=2023))
    second = snaps.create(live, readiness.ScoringSpec(year=2022))
    assert first.id != second.id and first.files == second.files
    with live.engine.connect() as conn:
        assert len(conn.execute(select(snapshot_files.c.hash)).all()) == len(first.files)
    assert json.loads(first.spec.to_json())["year"] == 2023


def test_db_snapshot_prints_an_id_that_score_as_of_reads(db_cli, store_url, capsys):
    run = db_cli(SEED)
    assert run("snapshot", "--year", "2023") == 0
    snap_id = capsys.readouterr().out.strip().splitlines()[-1]
    status, out, _ = _cli("score", "--as-of", snap_id, "--url", store_url)
    assert status == 0 and out.startswith("region_code,node,score,rank,coverage")
    assert run("since", snap_id) == 0
    assert capsys.readouterr().out.strip() == ("kind,region_code,indicator,year,old,new,source_id,editor,created_at,"
                                               "revision_id,reason")


@pytest.mark.parametrize("command", [("score", "--as-of"), ("brief", "--region", "64.71", "--out", "x.pptx",
                                                               "--snapshot")])
@pytest.mark.parametrize("snap_id", ["zzzzzzzz", "not-an-id"])
def test_an_unknown_snapshot_id_is_a_clear_message_and_exit_2(live, store_url, command, snap_id, tmp_path,
                                                              monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = _cli(*command, snap_id, "--url", store_url)
    assert status == 2 and out == ""
    assert f"snapshot '{snap_id}'" in err and "Traceback" not in err
    assert ("no such snapshot" if snap_id == "zzzzzzzz" else "not a snapshot id") in err
    assert not (tmp_path / "x.pptx").exists()


def test_scoring_options_are_refused_with_a_snapshot(live, store_url):
    snap = snaps.create(live, readiness.ScoringSpec(year=2023))
    status, out, err = _cli("score", "--as-of", snap.id, "--url", store_url, "--normalise", "minmax")
    assert status == 2 and out == "" and "--normalise: a snapshot fixes the scoring settings" in err


def test_a_snapshot_of_a_view_is_refused_when_the_data_moved_on_since(live, editor):
    stamp = live.data_stamp()
    cur = live.current_records("observations")["64.71|spbe_index|2023"]
    live.write([Change("observations", "64.71|spbe_index|2023", _obs(4.0), cur[0])], editor=editor)
    with pytest.raises(snaps.SnapshotError, match="the data changed since this view was made"):
        snaps.create(live, readiness.ScoringSpec(year=2023), stamp=stamp)
    with live.engine.connect() as conn:
        assert conn.execute(select(snapshot_table)).all() == []
    assert snaps.create(live, readiness.ScoringSpec(year=2023), stamp=live.data_stamp()).revision_id == \
        live.revision_count()
