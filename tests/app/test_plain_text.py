"""Names and texts from users and the data render as plain text (issue 23, items 4 and 8): a region's short name,
an editor's name and a scenario's name holding Markdown (an image link to a tracking URL), HTML and LaTeX reach
every Markdown-rendering element escaped, never as an image, a link, HTML or math. Synthetic fixture data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness_app.text import plain

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "store" / "seed_fixture"
HOSTILE = "![t](http://track.example/p.png) <b>x</b> $y$"


def test_plain_escapes_markdown_html_and_latex():
    assert plain(HOSTILE) == r"\!\[t\]\(http\:\/\/track\.example\/p\.png\) \<b\>x\<\/b\> \$y\$".replace(r"\/", "/")
    assert plain("a\n\nb") == "a b"


def _markdown_values(at: AppTest) -> list[str]:
    out = []
    for kind in ("markdown", "caption", "success", "info", "warning", "error", "subheader", "title"):
        out += [str(e.value) for e in at.get(kind)]
    return out


@pytest.fixture
def hostile_store(tmp_path, monkeypatch):
    folder = Path(shutil.copytree(SEED, tmp_path / "seed"))
    regions = folder / "regions.csv"
    regions.write_text(regions.read_text(encoding="utf-8").replace(",Satu,kota,", f",\"{HOSTILE}\",kota,"),
                       encoding="utf-8")
    for key in ("DATABASE_URL", "READINESS_EDITOR_PASSCODE_HASH"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("READINESS_EDITOR_PASSCODE", "synthetic passcode")
    monkeypatch.setenv("READINESS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("READINESS_SEED_DIR", str(folder))
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield folder
    st.cache_data.clear()  # the next tests' store is the shared one again: nothing of this store may stay cached
    st.cache_resource.clear()


def test_hostile_names_reach_markdown_escaped(hostile_store):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["profile_region"] = "64.71"
    at.run()
    at.switch_page("app_pages/profile.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = _markdown_values(at)
    at.switch_page("app_pages/data.py").run()
    at.text_input(key="data_login_name").set_value("<img src=x> ![e](http://track.example/e.png)")
    at.text_input(key="data_login_passcode").set_value("synthetic passcode")
    next(b for b in at.get("button") if getattr(b, "label", "") == "Masuk").click().run()
    shown += _markdown_values(at)
    assert any(r"track\.example/p" in v for v in shown)  # the region's name is shown...
    assert any(r"track\.example/e" in v for v in shown)  # ...and the editor's...
    active = re.compile(r"(?<!\\)(!\[|\]\(|<b>|<img|\$y)")
    for value in shown:  # ...never as an image, a link, HTML or math
        assert not active.search(value), value
