"""Strengths and weaknesses in published units (issue 19, item 7), on the hand-made mini dataset: the figure with
its unit, year, band and target, against peers in the same method period; a value below its target is never a
strength; the generated sentences have their subject in both languages."""

from __future__ import annotations

import dataclasses
import math
import re
import warnings

import pandas as pd
import pytest

import readiness
from readiness.display import briefing, findings
from readiness.display.i18n import strings

pytestmark = pytest.mark.filterwarnings("ignore::readiness.errors.ReadinessWarning")
SPEC = readiness.ScoringSpec(year=2024, window=3, normalise="goalposts")


def _score(ds):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return readiness.score(ds.framework, ds.observations, SPEC, regions=ds.regions)


def test_strengths_and_weaknesses_in_published_units(mini, mini_res):
    sw = findings.strengths_weaknesses(mini_res, mini, "64.71", ["32.76", "64.72"]).set_index("indicator")
    # Ombudsman 95 (2024) against (90 + 80) / 2 = 85: a strength of +10 points on the published scale
    omb = sw.loc["ombudsman_score"]
    assert omb["kind"] == "strength" and (omb["value"], omb["year"], omb["peer_mean"]) == (95.0, 2024, 85.0)
    assert omb["difference"] == pytest.approx(10.0) and omb["standing"] == pytest.approx(0.1)
    assert sw.loc["mpp_years", "kind"] == "weakness"  # 3 years against Depok's 5 (64.72 has none)
    assert sw.loc["mpp_years", "peer_n"] == 1 and sw.loc["mpp_years", "peer_total"] == 2
    assert "spbe_index" not in sw.index  # 3.0 against (4.0 + 2.0) / 2: level
    assert findings.strengths_weaknesses(mini_res, mini, "64.71", []).empty
    text = findings.finding_text(sw.reset_index().iloc[0], mini.framework, "en")
    assert text == ("Ombudsman compliance 95 nilai 0-100 (2024), peers' mean 85 nilai 0-100 (2024; 2 of 2 peers in "
                    "the same method period)")


def test_a_value_below_its_target_is_never_a_strength(mini):
    obs = pd.concat([mini.observations, pd.DataFrame({
        "region_code": ["64.71"], "indicator": ["ikd_pct"], "year": [2024], "value": [7.34], "source_id": ["src-a"],
        "derived": [False]})], ignore_index=True)
    targets = pd.DataFrame({"indicator": ["ikd_pct"], "from_year": [2024], "to_year": [pd.NA], "target": [30.0],
                            "unit": ["%"], "note": [""], "source_id": ["src-a"]})
    ds = dataclasses.replace(mini, observations=obs, targets=targets)
    res = _score(ds)
    # 7.34 % against 64.72's 10 % (behind), and against a lowered 5 % (ahead of the peer, still below the target)
    low_peer = ds.observations.copy()
    low_peer.loc[(low_peer["region_code"] == "64.72") & (low_peer["indicator"] == "ikd_pct"), "value"] = 5.0
    ds_low = dataclasses.replace(ds, observations=low_peer)
    for data, result in ((ds, res), (ds_low, _score(ds_low))):
        sw = findings.strengths_weaknesses(result, data, "64.71", ["64.72"]).set_index("indicator")
        ikd = sw.loc["ikd_pct"]
        assert ikd["kind"] == "weakness" and ikd["below_target"] and ikd["target"] == 30.0
        assert "ikd_pct" not in set(sw.index[sw["kind"] == "strength"])
    text = {lang: findings.finding_text(sw.reset_index().set_index("indicator", drop=False).loc["ikd_pct"],
                                        ds.framework, lang) for lang in ("id", "en")}
    assert text["id"].startswith("Aktivasi IKD 7,34 % (2024), di bawah target 30 %, rata-rata pembanding 5 %")
    assert text["en"].startswith("IKD activation 7.34 % (2024), below the target of 30 %, peers' mean 5 %")


def test_peers_are_taken_in_the_same_method_period(mini):
    # Ombudsman from 2024 is a new method: Balikpapan's 95 (2024) is set against Depok's 90 (2024) and 64.72's
    # 80 (2024), never against an old-method value; with the break in 2023, Depok's 2023 value would not count
    periods = pd.DataFrame({"indicator": ["ombudsman_score", "ombudsman_score"], "from_year": [2013, 2024],
                            "to_year": [2023, pd.NA], "source_id": ["src-b", "src-b"]})
    ds = dataclasses.replace(mini, method_periods=periods)
    obs = ds.observations[~((ds.observations["region_code"] == "32.76") & (ds.observations["year"] == 2024)
                            & (ds.observations["indicator"] == "ombudsman_score"))]
    ds = dataclasses.replace(ds, observations=obs)  # Depok now has only its 2023 (old-method) value
    sw = findings.strengths_weaknesses(_score(ds), ds, "64.71", ["32.76", "64.72"]).set_index("indicator")
    omb = sw.loc["ombudsman_score"]
    assert (omb["peer_mean"], omb["peer_n"], omb["peer_years"]) == (80.0, 1, (2024,))


# -- grammar ------------------------------------------------------------------------------------------------------------

UNFILLED = re.compile(r"\{[a-z_]+\}")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_generated_sentence_has_its_subject(mini, mini_res, lang):
    names = mini.region_labels()
    for region in ("64.71", "64.72", "32.76", "32.75", "35.78"):
        b = briefing.build_briefing(mini, mini_res, region, lang=lang)
        name = names[region]
        pillars = b.view("pillars")
        strengths = b.view("strengths")
        for title in (pillars.title, strengths.title):
            assert name in title and not UNFILLED.search(title), title
            assert title[0].isupper(), title
            # no clause without a subject: "below it on ..." / "di bawahnya di ..." only after a clause naming it
            for orphan in ("below it on", "di bawahnya di"):
                assert not title.lower().startswith(orphan), title
        # a pillar named as not comparable is one the chart leaves out, and never one the title names as shown
        missing_line = [x for x in pillars.bullets if x.startswith(("Not comparable", "Tidak dapat dibandingkan"))]
        shown = {tr.x[k] for tr in pillars.figure.data if tr.type == "bar" for k in range(len(tr.x))
                 if tr.y[k] is not None and not math.isnan(tr.y[k])}
        for p in mini.framework.pillars():
            pname = mini.framework.node(p).name(lang)
            if missing_line and pname in missing_line[0]:
                assert pname not in pillars.title
                assert not any(pname in str(x) for x in shown)
        # no "Score: no data of 100"
        score_line = b.view("summary").bullets[0]
        assert strings(lang)["common.no_data"] not in score_line, score_line
        for bullet in strengths.bullets:
            assert not UNFILLED.search(bullet) and "nan" not in bullet.lower()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_findings_titles_have_a_subject_in_every_case(mini, lang):
    fw = mini.framework
    rows = {"strength": ("ombudsman_score", 0.1), "weakness": ("spbe_index", -0.2)}
    for kinds in ((), ("strength",), ("weakness",), ("strength", "weakness")):
        table = pd.DataFrame([{"indicator": rows[k][0], "kind": k, "standing": rows[k][1]} for k in kinds],
                             columns=["indicator", "kind", "standing"])
        title = findings.findings_title(table, fw, "Balikpapan", lang)
        assert "Balikpapan" in title and not UNFILLED.search(title) and title[0].isupper()
        for k in kinds:
            assert fw.node(rows[k][0]).name(lang) in title
