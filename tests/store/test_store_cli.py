"""``python -m readiness db ...``: exit 0, or 2 with nothing written; writes need the passcode."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.cli.commands import main
from readiness.store import Store

SEED = Path(__file__).resolve().parent / "seed_fixture"  # hand-made, synthetic
PASSCODE = "test passcode"

SRC = "source_title,source_publisher,source_url,source_date"
GOOD = f"region_code,indicator,year,value,{SRC}\n64.71,spbe_index,2024,4.1,Laporan,Dinas,https://example.org,2025\n"


@pytest.fixture
def cli(db_cli):
    return db_cli(SEED)


def _count(url: str) -> tuple[int, int]:
    with Store(url, seed_dir=SEED) as s:
        return s.revision_count(), s.data_version()


def test_init_import_history_revert_export(cli, store_url, tmp_path, capsys):
    assert cli("init") == 0
    assert "seeded from" in capsys.readouterr().out
    f = tmp_path / "f.csv"
    f.write_text(GOOD, encoding="utf-8")
    assert cli("import", str(f), "--editor", "Ani", "--passcode-stdin", stdin=PASSCODE + "\n") == 0
    out = capsys.readouterr().out
    assert "f.csv: 1 new, 0 changed, 0 unchanged, 0 rejected" in out and "committed 2 revisions" in out
    assert cli("history", "64.71", "spbe_index", "--year", "2024") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "id,created_at,editor,year,old,new,source_id,reverts,reason"
    rev = lines[1].split(",")[0]
    assert lines[1].split(",")[2:6] == ["Ani", "2024", "", "4.1"]
    assert cli("revert", rev, "--editor", "Ani", "--passcode-stdin", stdin=PASSCODE) == 0
    assert f"reverted revision {rev}" in capsys.readouterr().out
    assert cli("export", str(tmp_path / "out.xlsx")) == 0
    assert (tmp_path / "out.xlsx").exists()


def test_bad_file_exits_2_and_writes_nothing(cli, store_url, tmp_path, capsys):
    assert cli("init") == 0
    before = _count(store_url)
    f = tmp_path / "f.csv"
    f.write_text(GOOD + "64.71,spbe_index,2023,\"3,5\",L,D,,2025\n", encoding="utf-8")
    assert cli("import", str(f), "--editor", "Ani", "--passcode-stdin", stdin=PASSCODE) == 2
    err = capsys.readouterr().err
    assert "error: f.csv row 3 column D ('value'): decimal comma in '3,5': write 3.5" in err
    assert "nothing was written" in err
    assert _count(store_url) == before


def test_wrong_passcode_exits_2_and_writes_nothing(cli, store_url, tmp_path, capsys):
    assert cli("init") == 0
    before = _count(store_url)
    f = tmp_path / "f.csv"
    f.write_text(GOOD, encoding="utf-8")
    assert cli("import", str(f), "--editor", "Ani", "--passcode-stdin", stdin="wrong\n") == 2
    assert "error: wrong passcode / kode akses salah" in capsys.readouterr().err
    assert cli("revert", "1", "--editor", "Ani", "--passcode-stdin", stdin="wrong\n") == 2
    assert _count(store_url) == before


def test_without_a_configured_passcode_no_write_is_reachable(cli, store_url, tmp_path, capsys, monkeypatch):
    assert cli("init") == 0
    monkeypatch.delenv("READINESS_EDITOR_PASSCODE_HASH")
    before = _count(store_url)
    f = tmp_path / "f.csv"
    f.write_text(GOOD, encoding="utf-8")
    for args in (("import", str(f), "--editor", "Ani", "--passcode-stdin"),
                 ("revert", "1", "--editor", "Ani", "--passcode-stdin")):
        assert cli(*args, stdin="\n") == 2
        assert "editing is disabled: no editor passcode is configured" in capsys.readouterr().err
    assert _count(store_url) == before
    assert cli("import", str(f), "--dry-run") == 0  # previewing needs no passcode
    assert "dry run: nothing written" in capsys.readouterr().out
    assert _count(store_url) == before


def test_unreachable_database_exits_2(capsys):
    assert main(["db", "--url", "postgresql://nobody@127.0.0.1:1/none", "init"]) == 2
    assert "error: cannot use the store" in capsys.readouterr().err


def test_history_neutralises_names_and_reasons_a_spreadsheet_would_run(cli, store_url, tmp_path, capsys):
    assert cli("init") == 0
    f = tmp_path / "f.csv"
    f.write_text(GOOD, encoding="utf-8")
    assert cli("import", str(f), "--editor", "=HYPERLINK(\"http://x\")", "--reason", "@SUM(1+1)",
               "--passcode-stdin", stdin=PASSCODE + "\n") == 0
    capsys.readouterr()
    assert cli("history", "64.71", "spbe_index", "--year", "2024") == 0
    row = capsys.readouterr().out.strip().splitlines()[1]
    assert "'=HYPERLINK" in row and row.endswith("'@SUM(1+1)")
    assert ",=" not in row and ",@" not in row
