"""The Data page (AppTest): renders for viewers, no write path without a configured passcode, a wrong passcode
changes nothing, an editor's edit and revert go through the store. Uses a fresh SQLite store seeded from the
hand-made fixture (synthetic)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness.store import Store, hash_passcode

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "store" / "seed_fixture"
PASSCODE = "test passcode"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("READINESS_EDITOR_PASSCODE", raising=False)
    monkeypatch.delenv("READINESS_EDITOR_PASSCODE_HASH", raising=False)
    monkeypatch.setenv("READINESS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("READINESS_SEED_DIR", str(SEED))
    return tmp_path


def open_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def revisions(data_dir: Path) -> int:
    with Store(f"sqlite:///{data_dir / 'readiness.sqlite'}", seed_dir=SEED) as s:
        return s.revision_count()


def test_viewers_see_data_and_no_write_path_without_a_passcode(data_dir):
    at = open_page()
    assert at.title[0].value == "Data"
    assert any("Penyuntingan dinonaktifkan" in i.value for i in at.info)
    assert not at.get("file_uploader")
    assert [b.label for b in at.button if b.key in ("data_commit", "data_revert")] == []
    assert "data_login_passcode" not in [t.key for t in at.text_input]
    assert len(at.get("download_button")) == 3
    assert revisions(data_dir) == 14


def test_wrong_passcode_changes_nothing_and_right_one_edits_and_reverts(data_dir, monkeypatch):
    monkeypatch.setenv("READINESS_EDITOR_PASSCODE_HASH", hash_passcode(PASSCODE))
    at = open_page()
    at.text_input(key="data_login_name").set_value("Ani")
    at.text_input(key="data_login_passcode").set_value("wrong")
    submit = [b for b in at.get("button") if getattr(b, "label", "") == "Masuk"]
    submit[0].click().run()
    assert any("kode akses salah" in e.value for e in at.error)
    assert revisions(data_dir) == 14

    at.text_input(key="data_login_passcode").set_value(PASSCODE)
    submit = [b for b in at.get("button") if getattr(b, "label", "") == "Masuk"]
    submit[0].click().run()
    assert not at.exception
    assert any("Masuk sebagai Ani" in s.value for s in at.success)

    at.selectbox(key="data_region").set_value("64.71").run()
    at.selectbox(key="data_edit_indicator").set_value("spbe_index")
    at.number_input(key="data_edit_year").set_value(2024)
    at.text_input(key="data_edit_value").set_value("3,9")
    check = [b for b in at.get("button") if getattr(b, "label", "") == "Periksa"]
    check[0].click().run()
    assert "decimal comma in '3,9'" in "\n".join(t.value for t in at.text)
    assert revisions(data_dir) == 14

    at.text_input(key="data_edit_value").set_value("3.9")
    check = [b for b in at.get("button") if getattr(b, "label", "") == "Periksa"]
    check[0].click().run()
    assert any("Tersimpan: 1 revisi." in s.value for s in at.success)
    assert revisions(data_dir) == 15

    at.selectbox(key="data_history_indicator").set_value("spbe_index").run()
    at.selectbox(key="data_revert_id").set_value(15)
    at.button(key="data_revert").click().run()
    assert any("Revisi 15 dibatalkan" in s.value for s in at.success)
    with Store(f"sqlite:///{data_dir / 'readiness.sqlite'}", seed_dir=SEED) as s:
        assert "64.71|spbe_index|2024" not in s.current_records("observations")
        assert s.revisions().iloc[-1]["editor"] == "Ani"
