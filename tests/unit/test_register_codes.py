"""Unit tests of readiness.model.register on a tiny hand-made register (not the bundled one)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from readiness.errors import DataError
from readiness.model.register import Register, code_level, load_register, name_mismatches, unknown_codes


def _write(directory: Path, villages: str = "code,district_code,name\n64.71.01.1001,64.71.01,Manggar\n") -> Path:
    (directory / "provinces.csv").write_text("code,name\n64,Kalimantan Timur\n32,Jawa Barat\n", encoding="utf-8")
    (directory / "regencies.csv").write_text(
        "code,province_code,name\n64.71,64,Kota Balikpapan\n64.02,64,Kabupaten Kutai Kartanegara\n"
        "32.76,32,Kota Depok\n", encoding="utf-8")
    (directory / "districts.csv").write_text("code,regency_code,name\n64.71.01,64.71,Balikpapan Timur\n",
                                             encoding="utf-8")
    (directory / "villages.csv.gz").write_bytes(gzip.compress(villages.encode()))
    return directory


@pytest.fixture
def reg(tmp_path: Path) -> Register:
    return Register(_write(tmp_path))


@pytest.mark.parametrize(("code", "level"), [
    ("64", "province"), ("64.71", "regency"), ("64.71.01", "district"), ("64.71.01.1001", "village"),
    (" 64.71 ", "regency"), ("6471", None), ("64.7", None), ("64.71.1", None), ("ref.ikn", None), ("", None),
    (None, None), (64.71, None),
])
def test_code_level_by_shape(code, level):
    assert code_level(code) == level


@pytest.mark.parametrize(("code", "level", "name", "parent"), [
    ("64", "province", "Kalimantan Timur", None),
    ("64.71", "regency", "Kota Balikpapan", "64"),
    ("64.71.01", "district", "Balikpapan Timur", "64.71"),
    ("64.71.01.1001", "village", "Manggar", "64.71.01"),
])
def test_lookup_every_level(reg, code, level, name, parent):
    entry = reg.lookup(code)
    assert (entry.code, entry.level, entry.name, entry.parent) == (code, level, name, parent)


@pytest.mark.parametrize("code", ["65", "64.99", "64.71.09", "64.71.01.2001", "6471", "ID6471", None])
def test_unknown_or_malformed_code_is_none(reg, code):
    assert reg.lookup(code) is None


def test_villages_are_read_only_when_needed(reg):
    reg.lookup("64.71")
    assert "village" not in reg._levels
    reg.lookup("64.71.01.1001")
    assert "village" in reg._levels


def test_unknown_codes_keeps_order_once(reg):
    assert unknown_codes(["64.71", "99.01", "64.71.09", "99.01", "ref.ikn"], reg) == ["99.01", "64.71.09", "ref.ikn"]


def test_name_mismatches_folds_case_spaces_and_kab(reg):
    frame = pd.DataFrame({
        "code": ["64.71", "64.02", "32.76", "99.99"],
        "name": ["KOTA  balikpapan", "Kab. Kutai Kartanegara", "Kota Depok Baru", "Nowhere"],
    })
    out = name_mismatches(frame, reg)
    assert out.to_dict("records") == [{"code": "32.76", "name": "Kota Depok Baru", "register_name": "Kota Depok"}]


def test_duplicate_and_malformed_codes_are_reported_with_rows(tmp_path):
    _write(tmp_path, villages="code,district_code,name\n64.71.01.1001,64.71.01,A\n64.71.01.1001,64.71.01,B\n"
                              "64.71.01.99,64.71.01,C\n")
    with pytest.raises(DataError, match=r"villages.csv.gz row 3, column code: '64.71.01.1001' appears twice") as exc:
        Register(tmp_path).lookup("64.71.01.1001")
    assert any("row 4" in p and "not a village code" in p for p in exc.value.problems)


def test_missing_file_names_the_script(tmp_path):
    with pytest.raises(DataError, match=r"register file not found .*build_register\.py"):
        Register(tmp_path).lookup("64")


def test_load_register_is_shared_per_folder(tmp_path):
    _write(tmp_path)
    assert load_register(tmp_path) is load_register(str(tmp_path))
    assert load_register(tmp_path).name("32.76") == "Kota Depok"
