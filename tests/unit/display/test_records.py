"""The Data page's tables and messages in the reader's language (readiness.display.records) on hand-made rows
(synthetic values): names instead of ids, localised numbers and dates without seconds, translated reasons and
store messages, no "None"."""

from __future__ import annotations

import pandas as pd
import pytest

from readiness.display import records

SOURCES = pd.DataFrame({"id": ["src-a", "src-b"], "title": ["Fixture source A", None],
                        "publisher": ["Fixture publisher", "Publisher B"]})


def test_when_has_no_seconds_and_speaks_the_language():
    stamp = "2026-12-07T00:34:25.577423+00:00"
    assert records.when(stamp, "id") == "7 Des 2026 00.34 UTC"
    assert records.when(stamp, "en") == "7 Dec 2026 00:34 UTC"
    assert records.when(None, "id") == "–"


@pytest.mark.parametrize(("reason", "lang", "shown"), [
    ("revert of revision 492", "id", "pembatalan revisi 492"),
    ("revert of revision 492", "en", "revert of revision 492"),
    ("seeded from the bundled data (data/)", "id", "diisi dari data bawaan (data/)"),
    ("edited on the Data page", "id", "disunting di halaman Data"),
    ("import of nilai.xlsx", "id", "impor berkas nilai.xlsx"),
    ("koreksi dari BPS", "en", "koreksi dari BPS"),  # an editor's own words, as written
    (None, "id", "–"),
])
def test_reasons_translated(reason, lang, shown):
    assert records.reason_text(reason, lang) == shown


def test_messages_keep_the_readers_side_and_the_place():
    assert records.message("wrong passcode / kode akses salah", "id") == "kode akses salah"
    assert records.message("wrong passcode / kode akses salah", "en") == "wrong passcode"
    line = "data.csv row 7, column value: decimal comma in '3,9': write 3.9 / koma desimal: tulis 3.9"
    assert records.message(line, "id") == "data.csv baris 7, kolom value: koma desimal: tulis 3.9"
    assert records.message("a single-language line", "id") == "a single-language line"


def test_history_view_in_indonesian(mini):
    history = pd.DataFrame({"id": [14, 15], "created_at": ["2026-01-02T03:04:05.123456+00:00", None],
                            "editor": ["seed", None], "year": [2024, 2024], "old": [None, 3.9],
                            "new": [3.9, None], "source_id": ["src-a", None],
                            "reason": ["edited on the Data page", "revert of revision 14"],
                            "reverts": [None, 14], "batch": ["b1", "b2"]})
    view = records.history_view(history, SOURCES, "id")
    assert list(view.columns) == ["Revisi", "Waktu", "Penyunting", "Tahun", "Nilai lama", "Nilai baru", "Sumber",
                                  "Alasan"]
    assert view.iloc[0].tolist() == ["14", "2 Jan 2026 03.04 UTC", "pengisian awal", "2024", "–", "3,9",
                                     "Fixture publisher — Fixture source A", "disunting di halaman Data"]
    assert "None" not in view.to_string() and "src-a" not in view.to_string()


def test_observations_view_names_units_and_sources(mini):
    frame = pd.DataFrame({"indicator": ["spbe_index"], "year": [2024], "value": [1234.5], "source_id": ["src-b"],
                          "note": [None], "revision_id": [3]})
    view = records.observations_view(frame, mini.framework, SOURCES, "id")
    row = view.iloc[0]
    assert row["Indikator"] == mini.framework.node("spbe_index").name("id")
    assert row["Nilai"].startswith("1.234,5")
    assert row["Sumber"] == "Publisher B" and row["Catatan"] == ""
    en = records.observations_view(frame, mini.framework, SOURCES, "en")
    assert en.iloc[0]["Value"].startswith("1,234.5")


def test_preview_view_puts_the_deciding_columns_first(mini):
    preview = pd.DataFrame({"status": ["changed", "rejected"], "where": ["row 2", "row 3"],
                            "region_code": ["64.71", "64.72"], "indicator": ["spbe_index", "spbe_index"],
                            "year": pd.array([2024, None], dtype="Int64"), "old": [3.0, None], "new": [3.5, None],
                            "source_id": ["src-a", None],
                            "reasons": ["", "year is missing / tahun kosong"], "notes": ["", ""]})
    view = records.preview_view(preview, mini.framework, {"64.71": "Kota Balikpapan"}, "id")
    assert list(view.columns)[:6] == ["Status", "Daerah", "Indikator", "Tahun", "Nilai lama", "Nilai baru"]
    assert view.iloc[0, :6].tolist()[:2] == ["berubah", "Kota Balikpapan"]
    assert view.iloc[1]["Keterangan"] == "tahun kosong" and view.iloc[1]["Tahun"] == "–"
