"""The very first start of a SQLite store: it is seeded and its dataset checked in a child process, so the server's
first page draws from the ready store without loading SQLAlchemy (whose memory would stay in the server; issue 20,
benchmarks/bench_app.py "first start above warm"), and neither does a viewer's Data page (readiness.store.peek.Reader).
Run in a fresh interpreter: other tests load SQLAlchemy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
from streamlit.testing.v1 import AppTest
from readiness.store import peek
at = AppTest.from_file(sys.argv[1], default_timeout=300)
at.run()
url = "sqlite:///" + sys.argv[2] + "/readiness.sqlite"
found = {"exceptions": [str(e.value) for e in at.exception], "charts": len(at.get("plotly_chart")),
         "sqlalchemy": "sqlalchemy" in sys.modules, "seeded": peek.stamp(url) is not None}
at.switch_page("app_pages/data.py").run()
found.update(data_exceptions=[str(e.value) for e in at.exception], data_tables=len(at.dataframe),
             data_sqlalchemy="sqlalchemy" in sys.modules)
print(json.dumps(found))
"""


def test_first_start_seeds_in_a_child_and_the_server_never_loads_sqlalchemy_for_a_viewer(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "READINESS_DATA_DIR": str(tmp_path),
           "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "dashboard.py"), str(tmp_path.resolve())],
                         env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found == {"exceptions": [], "charts": found["charts"], "sqlalchemy": False, "seeded": True,
                     "data_exceptions": [], "data_tables": found["data_tables"], "data_sqlalchemy": False}
    assert found["charts"] >= 1
    assert found["data_tables"] >= 2  # the region's figures and a value's history
    assert list((tmp_path / "cache").iterdir())  # the checked copy the server read the dataset from
