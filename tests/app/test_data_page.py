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
    assert not any("wrong passcode" in e.value for e in at.error)  # the reader's language only
    assert revisions(data_dir) == 14

    at.text_input(key="data_login_passcode").set_value(PASSCODE)
    submit = [b for b in at.get("button") if getattr(b, "label", "") == "Masuk"]
    submit[0].click().run()
    assert not at.exception
    assert any("Masuk sebagai Ani" in s.value for s in at.success)

    at.selectbox(key="data_region").set_value("64.71").run()
    at.selectbox(key="data_edit_indicator").set_value("spbe_index")
    at.number_input(key="data_edit_year").set_value(2024)
    at.text_input(key="data_edit_value").set_value("3.9")
    assert at.selectbox(key="data_edit_source").value is None  # no default source: the editor chooses
    check = [b for b in at.get("button") if getattr(b, "label", "") == "Periksa"]
    check[0].click().run()
    assert any("Pilih sumber angka ini dulu" in e.value for e in at.error)
    assert revisions(data_dir) == 14

    at.selectbox(key="data_edit_source").set_value("src-a")
    at.text_input(key="data_edit_value").set_value("3,9")
    check = [b for b in at.get("button") if getattr(b, "label", "") == "Periksa"]
    check[0].click().run()
    assert "koma desimal: tulis 3.9" in "\n".join(t.value for t in at.text)  # in the reader's language
    assert revisions(data_dir) == 14

    at.text_input(key="data_edit_value").set_value("3.9")
    check = [b for b in at.get("button") if getattr(b, "label", "") == "Periksa"]
    check[0].click().run()
    assert any("Tersimpan: 1 nilai (satu revisi per nilai)." in s.value for s in at.success)
    assert revisions(data_dir) == 15

    at.selectbox(key="data_history_indicator").set_value("spbe_index").run()
    at.selectbox(key="data_revert_id").set_value(15)
    at.button(key="data_revert").click().run()
    assert any("Batalkan revisi 15" in w.value for w in at.warning)  # asked first, nothing written yet
    assert revisions(data_dir) == 15
    at.button(key="data_revert_no").click().run()
    assert not any("Batalkan revisi 15" in w.value for w in at.warning) and revisions(data_dir) == 15
    at.button(key="data_revert").click().run()
    at.button(key="data_revert_yes").click().run()
    assert any("Revisi 15 dibatalkan" in s.value for s in at.success)
    assert revisions(data_dir) == 16
    history = at.dataframe[-1].value  # in Indonesian: names, dates without seconds, translated reasons, no None
    text = history.to_string()
    assert "pembatalan revisi 15" in text and "disunting di halaman Data" in text
    assert "None" not in text and "revert of" not in text and "T0" not in text
    with Store(f"sqlite:///{data_dir / 'readiness.sqlite'}", seed_dir=SEED) as s:
        assert "64.71|spbe_index|2024" not in s.current_records("observations")
        assert s.revisions().iloc[-1]["editor"] == "Ani"


def test_without_a_passcode_no_login_form_and_no_editor(data_dir):
    at = open_page()
    keys = {w.key for kind in ("text_input", "number_input", "selectbox", "button") for w in at.get(kind)}
    assert not keys & {"data_login_name", "data_edit_value", "data_edit_year", "data_edit_indicator", "data_commit",
                       "data_revert", "data_revert_id", "data_logout"}
    assert [b for b in at.get("button") if getattr(b, "label", "") in ("Masuk", "Periksa")] == []


def test_wrong_passcodes_are_rate_limited_even_for_the_right_one_afterwards(data_dir, monkeypatch):
    monkeypatch.setenv("READINESS_EDITOR_PASSCODE_HASH", hash_passcode(PASSCODE))
    at = open_page()
    at.text_input(key="data_login_name").set_value("Budi")
    for _ in range(5):
        at.text_input(key="data_login_passcode").set_value("wrong")
        next(b for b in at.get("button") if getattr(b, "label", "") == "Masuk").click().run()
        assert any("kode akses salah" in e.value for e in at.error)
    at.text_input(key="data_login_passcode").set_value(PASSCODE)
    next(b for b in at.get("button") if getattr(b, "label", "") == "Masuk").click().run()
    assert any("terlalu banyak kode akses salah" in e.value for e in at.error)
    assert "data_edit_value" not in [t.key for t in at.text_input]
    assert not any("Masuk sebagai Budi" in s.value for s in at.success)
    assert revisions(data_dir) == 14


def test_a_commit_through_the_library_shows_on_the_profile_after_a_rerun(tmp_path, monkeypatch):
    """Another process commits (the Data page's path: preview_edit + commit); the open profile shows it on its next
    rerun through the data version. The value is synthetic, written to a temporary store only."""
    from readiness.store import Access
    from readiness.store.importer import commit, preview_edit

    monkeypatch.setenv("READINESS_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["profile_region"] = "64.71"
    at.run()
    at.switch_page("app_pages/profile.py").run()
    assert not at.exception, [e.value for e in at.exception]

    def raw_rows() -> str:  # the raw figures are the page's last table (AppTest does not expose a table's key)
        frame = at.dataframe[-1].value
        assert "Sumber" in " ".join(map(str, frame.columns))
        return "\n".join(" ".join(str(v) for v in row) for row in frame.to_numpy())

    assert "3,87" not in raw_rows()
    access = Access(hash_passcode(PASSCODE))
    with Store(f"sqlite:///{tmp_path / 'readiness.sqlite'}", access=access) as other:
        source = other.current_records("observations")["64.71|spbe_index|2022"][1]["source_id"]
        edit = preview_edit(other, "64.71", {("spbe_index", 2024): "3.87"}, source_id=source)
        assert edit.ok, edit.problems()
        assert len(commit(other, edit, editor=access.login("Tester", PASSCODE), reason="synthetic test value")) == 1
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "3,87" in raw_rows()


def test_the_pages_say_when_the_seed_folder_changed_and_how_to_bring_it_in(tmp_path, monkeypatch):
    """A store seeded from a copy of the fixture, then the copy edited (a region moved to another group): the
    sidebar and the Data page say so, with the command; after ``db sync`` they no longer do."""
    import shutil

    from readiness.store import Access, peek
    from readiness.store import sync as store_sync

    folder = Path(shutil.copytree(SEED, tmp_path / "seed"))
    monkeypatch.setenv("READINESS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("READINESS_SEED_DIR", str(folder))
    at = open_page()
    assert not at.warning and not any("db sync" in i.value for i in at.info)  # freshly seeded: nothing to say
    regions = folder / "regions.csv"
    regions.write_text(regions.read_text(encoding="utf-8").replace("Provinsi Lain,jakarta_buffer",
                                                                   "Provinsi Lain,ikn_buffer"), encoding="utf-8")
    at.run()
    warnings = [w.value for w in at.warning]
    assert any("lihat halaman Data" in w for w in warnings)  # the sidebar, on every page
    assert any("`seed/` telah berubah" in w and "python -m readiness db sync --editor NAMA" in w for w in warnings)
    access = Access(hash_passcode(PASSCODE))
    with Store(f"sqlite:///{tmp_path / 'readiness.sqlite'}", access=access, seed_dir=folder) as s:
        assert peek.seed_status(s.seed_record()["seed:hash"], peek.data_hash(folder)) == "changed"
        store_sync.apply(s, store_sync.plan(s), editor=access.login("Tester", PASSCODE))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.warning


def test_a_store_seeded_from_an_older_folder_says_to_run_db_sync(tmp_path, monkeypatch):
    """The seed folder gains a source and a method period citing it after the store was seeded: the dashboard says
    to run db sync (in both languages), not "invalid data"; after db sync the pages open."""
    import shutil

    import streamlit as st

    from readiness.store import Access
    from readiness.store import sync as store_sync

    folder = Path(shutil.copytree(SEED, tmp_path / "seed"))
    monkeypatch.setenv("READINESS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("READINESS_SEED_DIR", str(folder))
    open_page()  # seeds the store
    with (folder / "sources.csv").open("a", encoding="utf-8") as fh:
        fh.write("src-new,Synthetic scale,Publisher N,https://example.org/n,2025,,synthetic\n")
    (folder / "method_periods.csv").write_text("indicator,from_year,to_year,scale_min,scale_max,note,source_id\n"
                                               "spbe_index,2018,,0,5,synthetic,src-new\n", encoding="utf-8")
    st.cache_data.clear()  # a server started on the newer folder (AppTest shares this process's caches)
    st.cache_resource.clear()
    for lang, words in (("ID", "python -m readiness db sync --editor NAMA"),
                        ("EN", "python -m readiness db sync --editor NAME")):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.query_params["lang"] = lang
        at.run()
        errors = [e.value for e in at.error]
        assert any("src-new" in e and words in e for e in errors), errors
        assert not any("tidak valid" in e for e in errors) and not at.exception
    access = Access(hash_passcode(PASSCODE))
    with Store(f"sqlite:///{tmp_path / 'readiness.sqlite'}", access=access, seed_dir=folder) as s:
        store_sync.apply(s, store_sync.plan(s), editor=access.login("Tester", PASSCODE))
    at = open_page()  # (the fixture has no ref.ikn for the overview's distances: the Data page)
    assert not at.error, [e.value for e in at.error]
