"""Every text a user reads is in the chosen language: each page is rendered in Bahasa Indonesia and in English, and
its visible text (markdown, captions, metrics, tables, plotly titles, labels, hovers) is scanned for raw framework
indicator ids and for unit words of the other language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from readiness.model.framework import load_framework
from readiness_app.pages import PAGES as REGISTRY

ROOT = Path(__file__).resolve().parents[2]
#: Pages left out of the scan, each with its reason.
NOT_SCANNED = {"data": "it shows the store's tables as stored: the indicator ids an import file uses, the units of "
                       "both languages"}
PAGES = [p.file for p in REGISTRY if p.name not in NOT_SCANNED]
FIRST = next(p.file for p in REGISTRY if p.default)
FW = load_framework(ROOT / "data" / "framework.yaml")
#: ids with an underscore (``spbe_index``...) never read as ordinary words; the pillar ids (``digital``, ``asn``,
#: ``service``, ``readiness``) are English or Indonesian words and are checked through the unit words instead.
RAW_IDS = re.compile(r"\b(" + "|".join(re.escape(i) for i in FW.node_ids if "_" in i) + r")\b")
#: unit words that belong to one language only
UNIT_WORDS = {"en": re.compile(r"\b(indeks 0|nilai 0|per tahun|wajib KTP|beroperasi|proyek per)\b"),
              "id": re.compile(r"\b(index 0|score 0|per year|mandatory ID|in operation|projects per)\b")}
_PLOTLY_TEXT = ("name", "text", "hovertext", "hovertemplate", "texttemplate", "title", "ticktext", "x", "y")


def _strings(obj: object, key: str = "") -> list[str]:
    """The strings of a plotly figure that a reader sees (names, texts, hovers, titles, categories)."""
    if isinstance(obj, dict):
        return [s for k, v in obj.items() if k not in ("customdata", "ids", "meta", "locations", "geojson",
                                                          "featureidkey", "uid", "legendgroup")
                for s in _strings(v, k)]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v, key)]
    if isinstance(obj, str) and key in _PLOTLY_TEXT:
        return [obj]
    return []


def visible_text(at: AppTest) -> str:
    """Every text of the rendered page a user can read."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "success", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value} {m.delta or ''}" for m in at.metric]
    for df in [*at.dataframe, *at.table]:
        frame = df.value
        if isinstance(frame, pd.DataFrame):
            parts += [str(c) for c in frame.columns]
            parts += [str(v) for v in frame.astype(str).to_numpy().ravel()]
    for chart in at.get("plotly_chart"):
        fig = json.loads(chart.proto.spec)
        parts += _strings(fig)
    for kind in ("selectbox", "multiselect", "radio", "pills", "segmented_control", "number_input", "expander"):
        for w in getattr(at, kind):
            parts.append(str(w.label))
    return "\n".join(parts)


def _render(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = lang.upper()
    at.run()
    if page != FIRST:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_no_raw_id_and_no_unit_of_the_other_language(page, lang):
    text = visible_text(_render(page, lang))
    assert len(text) > 200, page  # the page rendered something to scan
    raw = sorted(set(RAW_IDS.findall(text)))
    assert not raw, f"{page} ({lang}) shows raw indicator ids: {raw}"
    foreign = sorted(set(UNIT_WORDS[lang].findall(text)))
    assert not foreign, f"{page} ({lang}) shows units of the other language: {foreign}"


def test_the_scan_finds_a_raw_id_and_a_foreign_unit():
    """The scan itself can fail: a planted id and an Indonesian unit are found."""
    assert RAW_IDS.findall("Indeks SPBE (`spbe_index`)") == ["spbe_index"]
    assert UNIT_WORDS["en"].findall("74.2 indeks 0-100") == ["indeks 0"]
    assert not RAW_IDS.findall("Indeks SPBE")


@pytest.mark.parametrize(("lang", "own", "other"), [
    ("id", "diluncurkan Wali Kota Rizal Effendi", "launched by Mayor Rizal Effendi"),
    ("en", "launched by Mayor Rizal Effendi", "diluncurkan Wali Kota Rizal Effendi"),
])
def test_event_titles_follow_the_language(lang, own, other):
    """The evidence log of Balikpapan (profile page) shows the event titles of the chosen language."""
    text = visible_text(_render("app_pages/profile.py", lang))
    assert own in text
    assert other not in text
