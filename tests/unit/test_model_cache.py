"""The cache of checked tables (readiness/model/cache.py): Arrow IPC behind a hashed manifest, read back exactly, and
a file that is not ours (a pickle that would run code, an altered copy, truncated bytes) is ignored, never run."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pandas as pd
import pytest

from readiness.model.cache import MAGIC, read_cached, table_bytes, write_cached


def _tables() -> dict[str, pd.DataFrame | None]:
    frame = pd.DataFrame({"code": pd.array(["64.71", None], dtype="string"), "year": pd.array([2023, None], "Int64"),
                          "value": pd.array([3.5, None], dtype="Float64"), "flag": [True, False]})
    frame.attrs["sheet"] = "Data"
    return {"observations": frame, "empty": pd.DataFrame(columns=["a", "b"]), "missing": None}


def test_tables_are_read_back_exactly(tmp_path):
    path = tmp_path / "t.tables"
    write_cached(path, _tables())
    got = read_cached(path)
    assert got is not None and list(got) == ["observations", "empty", "missing"]
    pd.testing.assert_frame_equal(got["observations"], _tables()["observations"], check_exact=True)
    assert got["observations"].attrs == {"sheet": "Data"}
    assert list(got["empty"].columns) == ["a", "b"] and got["missing"] is None


class _Boom:
    def __reduce__(self):
        return (os.system, ("touch ran",))


def test_a_pickle_in_the_cache_folder_is_never_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "t.tables"
    path.write_bytes(pickle.dumps({"observations": _Boom()}))
    assert read_cached(path) is None
    assert not (tmp_path / "ran").exists()


@pytest.mark.parametrize("damage", ["flip", "truncate", "manifest"])
def test_an_altered_copy_is_ignored(tmp_path, damage):
    data = bytearray(table_bytes(_tables()))
    if damage == "flip":
        data[-20] ^= 0xFF
    elif damage == "truncate":
        del data[-100:]
    else:
        data[len(MAGIC):len(MAGIC) + 8] = (2**40).to_bytes(8, "big")
    path = tmp_path / "t.tables"
    path.write_bytes(bytes(data))
    assert read_cached(path) is None


def test_reading_and_writing_load_no_parquet(tmp_path):
    """The server reads its dataset from the cache: the format must not load pyarrow.parquet and its file systems
    (10 MB of the server's memory)."""
    code = ("import sys; from pathlib import Path; import pandas as pd; "
            "from readiness.model.cache import read_cached, write_cached; "
            f"p = Path({str(tmp_path / 't.tables')!r}); write_cached(p, {{'a': pd.DataFrame({{'x': [1]}})}}); "
            "assert read_cached(p)['a']['x'].tolist() == [1]; print('pyarrow.parquet' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
