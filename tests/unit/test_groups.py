"""Groups are data (groups.csv): a new group validates, scores and is named in both languages; a region in a group
the table does not list is a clear error."""

from __future__ import annotations

import shutil
import warnings

import pytest
from conftest import MINI

import readiness


def _copy(tmp_path):
    target = tmp_path / "ds"
    shutil.copytree(MINI, target)
    return target


def test_a_new_group_is_listed_scored_and_named(tmp_path):
    folder = _copy(tmp_path)
    with (folder / "groups.csv").open("a", encoding="utf-8") as fh:
        fh.write("kaltim_peer,Pembanding Kaltim,Kaltim peers,,,#123456,benchmark,true,false,5\n")
    text = (folder / "regions.csv").read_text(encoding="utf-8").replace(
        "35.78,Kota Surabaya,Surabaya,kota,Jawa Timur,other", "35.78,Kota Surabaya,Surabaya,kota,Jawa Timur,kaltim_peer")
    (folder / "regions.csv").write_text(text, encoding="utf-8")
    ds = readiness.load_dataset(folder)
    assert ds.scored_groups() == ["north", "south", "other", "kaltim_peer"]
    assert ds.group_names("en")["kaltim_peer"] == "Kaltim peers"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        res = readiness.score(ds.framework, ds.observations, regions=ds.regions, year=2024, window=3)
    assert "35.78" in res.regions


def test_a_region_in_an_unlisted_group_is_a_clear_error(tmp_path):
    folder = _copy(tmp_path)
    text = (folder / "regions.csv").read_text(encoding="utf-8").replace(",north,-0.5,", ",nowhere,-0.5,")
    (folder / "regions.csv").write_text(text, encoding="utf-8")
    with pytest.raises(readiness.DataError, match=r"regions.csv row 3 column 'group': unknown group .*'nowhere'"):
        readiness.load_dataset(folder)


def test_the_validated_copy_is_reused_only_while_the_files_are_unchanged(tmp_path):
    folder = _copy(tmp_path)
    cache = tmp_path / "cache"
    first = readiness.load_dataset(folder, cache_dir=cache)
    assert len(list(cache.glob("dataset-*.tables"))) == 1
    again = readiness.load_dataset(folder, cache_dir=cache)
    assert again.observations.equals(first.observations) and again.groups.equals(first.groups)
    bad = (folder / "observations.csv").read_text(encoding="utf-8") + "64.71,spbe_index,2023,abc,src-a,,,\n"
    (folder / "observations.csv").write_text(bad, encoding="utf-8")
    with pytest.raises(readiness.DataError, match="column 'value': must be a number, got 'abc'"):
        readiness.load_dataset(folder, cache_dir=cache)  # a changed file is validated again, never served stale
