"""AppTests for issue 19, item 2: the overview says why the benchmarks are there and leaves them unranked; the
sidebar's "rank every region" (kept in the URL, ?rank_all=true) ranks them; the profile counts study regions."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.app.apptest import open_app


def open_page(page: str | None = None, **query: str) -> AppTest:
    # the scene these tests were written on (the default year follows the data)
    return open_app(page, **{"year": "2025", **query})


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.caption)


def _ranking_names(at: AppTest) -> list[str]:
    chart = next(c for c in at.get("plotly_chart") if "hovertext" in c.proto.spec)
    return [name for trace in json.loads(chart.proto.spec)["data"][:1] for name in trace["y"]]


def test_the_overview_says_why_the_benchmarks_are_there_and_does_not_rank_them():
    at = open_page(lang="EN")
    text = _captions(at)
    assert "Surabaya, " in text and "benchmarks — regions outside the study groups" in text
    assert "ranks count the" in text and "study regions only" in text
    assert "Surabaya (benchmark)" in _ranking_names(at)
    idn = _captions(open_page())
    assert "daerah pembanding — di luar kelompok kajian" in idn


def test_rank_every_region_from_the_url_ranks_the_benchmarks():
    at = open_page(rank_all="true")
    assert at.toggle(key="rank_all").value is True
    assert "daerah pembanding — di luar kelompok kajian" not in _captions(at)
    assert "Surabaya" in _ranking_names(at) and "Surabaya (pembanding)" not in _ranking_names(at)


def test_the_profile_counts_the_study_regions_and_labels_a_benchmark():
    at = open_page("app_pages/profile.py", lang="EN")
    rank = next(m for m in at.metric if m.label == "Rank")
    assert rank.value.endswith(" of 5")      # Balikpapan among the 5 study regions with an index (was "of 7")
    at = open_page("app_pages/profile.py", lang="EN", profile_region="35.78")
    rank = next(m for m in at.metric if m.label == "Rank")
    assert rank.value == "benchmark, not ranked"
