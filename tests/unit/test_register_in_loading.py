"""Region codes at every Kemendagri level are accepted and checked against the national register when a dataset is
loaded: an unknown code is an error naming the row, a name that differs from the register's is a warning."""

from __future__ import annotations

import shutil
import warnings

import pytest
from conftest import MINI

import readiness


def _copy_with(tmp_path, extra_region: str):
    target = tmp_path / "ds"
    shutil.copytree(MINI, target)
    with (target / "regions.csv").open("a", encoding="utf-8") as fh:
        fh.write(extra_region + "\n")
    return target


def test_a_kecamatan_is_accepted_shown_and_never_ranked_against_cities(tmp_path):
    folder = _copy_with(tmp_path, "64.71.01,Balikpapan Timur,,kecamatan,Kalimantan Timur,north,-1.27,116.85,src-a,,,")
    with (folder / "observations.csv").open("a", encoding="utf-8") as fh:
        fh.write("64.71.01,ombudsman_score,2024,70,src-b,,,\n")
    ds = readiness.load_dataset(folder)
    assert "64.71.01" in set(ds.regions["code"]) and "64.71.01" not in set(ds.scored_regions()["code"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        res = readiness.score(ds.framework, ds.observations, regions=ds.regions, year=2024, window=3)
    assert "64.71.01" not in res.regions  # a kecamatan is not ranked against kabupaten/kota


def test_an_unknown_code_is_an_error_naming_the_row(tmp_path):
    folder = _copy_with(tmp_path, "64.99,Kota Khayalan,,kota,Kalimantan Timur,north,-1.0,117.0,src-a,,,")
    with pytest.raises(readiness.DataError, match=r"regions.csv row 9 column 'code': '64.99' is not a Kemendagri code "
                                                  r"in the national register"):
        readiness.load_dataset(folder)


def test_a_name_unlike_the_registers_is_a_warning(tmp_path):
    folder = _copy_with(tmp_path, "64.74,Kota Bontang Raya,,kota,Kalimantan Timur,north,0.13,117.5,src-a,,,")
    with pytest.warns(readiness.ReadinessWarning, match=r"regions.csv row 9: name 'Kota Bontang Raya' differs from "
                                                        r"the register's 'Kota Bontang' for 64.74"):
        ds = readiness.load_dataset(folder)
    assert "64.74" in set(ds.regions["code"])


@pytest.mark.parametrize("code", ["64", "64.71", "64.71.01", "64.71.01.1001"])
def test_every_level_of_the_code_passes_the_table_check(code):
    import re

    from readiness.model.schema import REGION_CODE_PATTERN

    assert re.fullmatch(REGION_CODE_PATTERN, code)
    assert not re.fullmatch(REGION_CODE_PATTERN, code + "9")
