"""Snapshots in the app (issue 21): the save button, a snapshot link showing the snapshot's figures with the banner
and the list of what changed after a later import, and a link to an unknown snapshot. A store of its own (a later
write must not reach the other AppTests)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness.store import Access, Change, Store, hash_passcode
from tests.app.apptest import open_app

KEY = "64.71|ombudsman_compliance_score|2024"


@pytest.fixture
def own_store(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("READINESS_DATA_DIR", str(tmp_path))
    return tmp_path


def _open(query: dict | None = None) -> AppTest:
    # 2025: the changed 2024 figure is in its window
    return open_app("app_pages/profile.py", timeout=120, **{"year": "2025", **(query or {})})


def _score(at: AppTest) -> str:
    return at.metric[0].value


def _page_tables(at: AppTest) -> list[str]:
    """Every metric and every table the page shows (the snapshot's change list left out), as text."""
    tables = [d.value.to_csv() for d in at.dataframe if "Nilai di snapshot" not in d.value.columns]
    return [m.value for m in at.metric] + tables


def test_a_snapshot_link_shows_the_old_figures_the_banner_and_what_changed(own_store):
    at = _open()
    before, shown = _score(at), _page_tables(at)
    at.button(key="profile_snapshot").click().run()
    assert not at.exception
    [saved] = [s.value for s in at.success]
    snap_id = saved.split("**")[1]
    assert any(f"snapshot={snap_id}" in c.value for c in at.code)

    store = Store(f"sqlite:///{own_store / 'readiness.sqlite'}", access=Access(hash_passcode("pw")))
    editor = store.access.login("Tester", "pw")
    rev, record = store.current_records("observations")[KEY]
    store.write([Change("observations", KEY, {**record, "value": 50.0}, rev)], editor=editor, reason="test")
    store.close()

    now = _open()
    assert _score(now) != before  # the import changed the current figure
    then = _open({"snapshot": snap_id})
    assert _score(then) == before
    assert _page_tables(then) == shown and len(shown) > 4  # the same figures, ranks, bands and tables
    assert _page_tables(now) != shown
    banner = " ".join(i.value for i in then.info)
    assert "Snapshot" in banner and "sejak itu: 1 nilai berubah" in banner and "Lihat tampilan terkini" in banner
    assert "year" not in [w.key for w in then.sidebar.selectbox]  # the snapshot fixes the settings
    [changes] = [d.value for d in then.dataframe if "Nilai di snapshot" in d.value.columns]
    assert changes[["Daerah", "Tahun", "Nilai sekarang"]].values.tolist() == [["Balikpapan", "2024", "50,00"]]
    assert changes["Nilai di snapshot"].tolist() == ["95,57"]


def test_a_link_to_an_unknown_snapshot_says_so_and_shows_the_current_data(own_store):
    at = _open({"snapshot": "zzzzzzzz"})
    assert any("Snapshot tidak dapat dibuka" in e.value and "zzzzzzzz" in e.value for e in at.error)
    assert "year" in [w.key for w in at.sidebar.selectbox]
