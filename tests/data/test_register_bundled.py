"""The bundled code register (data/register/, from idn-area-data) and the dataset's codes against it."""

from __future__ import annotations

import json
import warnings

import pytest

from readiness.model.datasets import DATA_DIR, load_regions
from readiness.model.register import REGISTER_DIR, load_register, name_mismatches, unknown_codes


@pytest.fixture(scope="module")
def reg():
    return load_register()


def test_register_counts_and_version(reg):
    manifest = json.loads((REGISTER_DIR / "VERSION").read_text(encoding="utf-8"))
    assert manifest["package"] == "idn-area-data"
    assert manifest["data_license"] == "ODbL-1.0"
    assert (REGISTER_DIR / "LICENSE-ODbL.md").exists()
    assert len(reg.codes("province")) == 38
    assert len(reg.codes("regency")) == 514
    for level, file in [("district", "districts.csv"), ("village", "villages.csv.gz")]:
        assert len(reg.codes(level)) == manifest["files"][file]["rows"]


def test_register_files_within_budget():
    total = sum(p.stat().st_size for p in REGISTER_DIR.iterdir())
    assert total < 3_000_000


def test_every_parent_is_in_the_register(reg):
    for level, parent_level in [("regency", "province"), ("district", "regency"), ("village", "district")]:
        parents = set(reg.level_table(parent_level))
        orphans = [c for c, (_, p) in reg.level_table(level).items() if p not in parents or not c.startswith(p + ".")]
        assert orphans == [], f"{level}: {orphans[:5]}"


def test_known_codes(reg):
    assert reg.lookup("64.71").name == "Kota Balikpapan"
    assert reg.lookup("64").name == "Kalimantan Timur"
    assert reg.lookup("32.16").name == "Kabupaten Bekasi"
    assert reg.lookup("64.71.01").level == "district"


def test_every_region_code_is_in_the_register(reg):
    regions = load_regions(DATA_DIR / "regions.csv")
    studied = regions[regions["kind"] != "reference"]
    assert len(studied) > 0
    assert unknown_codes(studied["code"], reg) == []


def test_region_names_that_disagree_are_listed_not_failed(reg):
    regions = load_regions(DATA_DIR / "regions.csv")
    diff = name_mismatches(regions[regions["kind"] != "reference"], reg)
    if len(diff):
        warnings.warn("names differing from the register:\n" + diff.to_string(index=False), stacklevel=1)
    assert list(diff.columns) == ["code", "name", "register_name"]
