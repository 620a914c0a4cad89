"""The server's process settings (readiness_app.process): pyarrow allocates from the system pool."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_tune_memory_switches_a_loaded_pyarrow_to_the_system_pool():
    code = ("import pyarrow as pa; pa.array(['a']); before = pa.default_memory_pool().backend_name; "
            "from readiness_app.process import tune_memory; print(before, tune_memory(), "
            "pa.default_memory_pool().backend_name)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={"PATH": "/usr/bin:/bin"})
    before, returned, after = out.stdout.split()
    assert before != "system"  # pyarrow's own default (mimalloc or jemalloc)
    assert returned == after == "system"


def test_dashboard_chooses_the_pool_before_anything_loads_pyarrow():
    source = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    setting = source.index('os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")')
    first_import = min(source.index(s) for s in ("import streamlit", "import readiness"))
    assert setting < first_import


def test_freeze_heap_freezes_after_new_modules_only():
    code = ("import gc; from readiness_app.process import freeze_heap; first = freeze_heap(); "
            "frozen = gc.get_freeze_count(); again = freeze_heap(); import sys, types; "
            "sys.modules['a_module_loaded_later'] = types.ModuleType('a_module_loaded_later'); "
            "after_import = freeze_heap(); print(first, frozen > 0, again, after_import, "
            "gc.get_freeze_count() > frozen)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={"PATH": "/usr/bin:/bin"})
    assert out.stdout.split() == ["True", "True", "False", "True", "True"]
