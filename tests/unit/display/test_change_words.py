"""Change in words only on a constant basis (readiness.display.change), on the hand-made mini dataset and frames
built here: a trend sentence's verb agrees in sign with the constant-basis change and is absent when that change
is zero or undefined, in both languages; the briefing's trend (presenter, deck, PDF, notes) states the same
sentence as the profile, from the same function, over a trend broken at arrivals and method breaks; the biggest
improver never names a region without an index in either year."""

from __future__ import annotations

import dataclasses
import math
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import readiness
from readiness.analysis.compare import change_on_constant_basis
from readiness.display import briefing, change, tables
from readiness.display.i18n import fmt_number

pytestmark = pytest.mark.filterwarnings("ignore::readiness.errors.ReadinessWarning")

PUBLISHED = ("spbe_index", "ikd_pct", "ombudsman_score")
REGIONS = ("64.71", "64.72", "32.76")
YEARS = (2022, 2023, 2024)
SCALE = {"spbe_index": (0.0, 5.0), "ikd_pct": (0.0, 100.0), "ombudsman_score": (0.0, 100.0)}
#: Ombudsman's method changes from 2024 (a hand-made period table).
BREAK = pd.DataFrame({"indicator": ["ombudsman_score", "ombudsman_score"], "note": ["old", "new"],
                      "note_id": ["lama", "baru"], "note_en": ["old", "new"], "source_id": ["src-b", "src-b"],
                      "from_year": [2013, 2024], "to_year": [2023, None], "scale_min": [0.0, 0.0],
                      "scale_max": [100.0, 100.0]})


def verbs(text: str, lang: str) -> set[str]:
    """The verbs of change in ``text`` (whole words: "diturunkan" is not "turun")."""
    return {v for v in change.VERBS[lang] if re.search(rf"\b{v}\b", text)}


def _with(mini: readiness.Dataset, rows: list[tuple[str, str, int, float]], periods: pd.DataFrame | None = None,
          derived: bool = True) -> readiness.Dataset:
    """The mini dataset with its published figures replaced by ``rows`` (the derived ones kept, or dropped)."""
    base = mini.observations
    derived = base[base["derived"] & derived]
    new = pd.DataFrame(rows, columns=["region_code", "indicator", "year", "value"]).assign(
        source_id="src-a", derived=False)
    obs = pd.concat([new, derived], ignore_index=True).astype({"year": "Int64", "value": "Float64"})
    return dataclasses.replace(mini, observations=obs,
                               method_periods=mini.method_periods if periods is None else periods)


def _facts(ds: readiness.Dataset, spec: readiness.ScoringSpec, region: str, year: int):
    results = readiness.score_years(ds.framework, ds.observations, spec, years=list(YEARS), regions=ds.regions)
    return results, change.region_change(ds, spec.but(year=year), results, region, year)


_share = st.floats(0.0, 1.0, allow_nan=False)
values = st.one_of(st.none(), _share, _share, _share)  # a figure three times in four


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(values, min_size=len(PUBLISHED) * len(REGIONS) * len(YEARS),
                      max_size=len(PUBLISHED) * len(REGIONS) * len(YEARS)),
       broken=st.booleans(), window=st.sampled_from([0, 1]), normalise=st.sampled_from(["goalposts", "minmax"]))
def test_the_verb_agrees_with_the_constant_basis_change(mini, cells, broken, window, normalise):
    keys = [(r, i, y) for r in REGIONS for i in PUBLISHED for y in YEARS]
    rows = [(r, i, y, SCALE[i][0] + v * (SCALE[i][1] - SCALE[i][0])) for (r, i, y), v in zip(keys, cells,
                                                                                              strict=True)
            if v is not None]
    ds = _with(mini, rows, BREAK if broken else None)
    spec = readiness.ScoringSpec(window=window, normalise=normalise)
    results, fact = _facts(ds, spec, "64.71", 2024)
    event(fact.reason)
    direct = math.nan
    if fact.from_year is not None and fact.reason not in ("no_index", "none", "first"):
        table = change_on_constant_basis(ds.framework, ds.observations, spec, fact.from_year, 2024,
                                         list(results[2024].regions), ds.method_periods).set_index("region_code")
        direct = float(table.loc["64.71", "change"])
        if fact.reason == "changed":
            assert fact.change == pytest.approx(direct) and table.loc["64.71", "renewed"]
            assert table.loc["64.71", "index_from"] == table.loc["64.71", "index_from"]  # an index in both years
    for lang in ("id", "en"):
        text = change.change_sentence(fact, "Balikpapan", ds.framework, lang)
        found = verbs(text, lang)
        rise, fall = change.VERBS[lang]
        if math.isnan(direct) or round(abs(direct), 1) == 0:
            assert not found, text  # zero or undefined: no verb of change
        if found:
            assert fact.reason == "changed" and found == ({rise} if direct > 0 else {fall}), text
            assert fmt_number(abs(direct), lang) in text  # with the constant-basis figure
        if fact.reason == "changed":
            assert found, text


ROW = {"change": 2.5, "score_from": 60.0, "score_to": 62.5, "index_from": 61.0, "index_to": 70.0,
       "basis": ("spbe_index", "ombudsman_score"), "arrived": (), "departed": (), "breaks": (),
       "renewed": ("ombudsman_score",), "latest": 2024.0}


@pytest.mark.parametrize(("update", "reason", "sign"), [
    ({}, "changed", 1),
    ({"change": -2.5, "score_to": 57.5}, "changed", -1),
    ({"change": 0.04}, "flat", 0),
    ({"change": -0.04, "arrived": ("ikd_pct",)}, "flat", 0),
    ({"change": 0.0, "renewed": (), "latest": 2022.0, "arrived": ("ikd_pct",)}, "no_new_figure", 0),
    ({"change": 3.0, "renewed": ()}, "no_new_figure", 0),  # others' figures moved the scale, not this region's
    ({"change": math.nan, "breaks": ("ombudsman_score",), "basis": ("spbe_index",)}, "method_break", 0),
    ({"change": math.nan, "arrived": ("ikd_pct",), "basis": ()}, "arrival", 0),
    ({"change": math.nan, "departed": ("ikd_pct",)}, "no_basis", 0),
    ({"change": math.nan, "index_to": math.nan}, "no_index", 0),
])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_hand_made_facts_and_their_sentences(mini, update, reason, sign, lang):
    fact = change.change_fact("64.71", 2023, 2024, {**ROW, **update})
    assert fact.reason == reason and fact.direction == sign
    text = change.change_sentence(fact, "Balikpapan", mini.framework, lang)
    rise, fall = change.VERBS[lang]
    assert verbs(text, lang) == ({rise} if sign > 0 else {fall} if sign < 0 else set()), text
    assert "{" not in text and "None" not in text and "nan" not in text.lower(), text
    if sign:
        assert fmt_number(abs(fact.change), lang) in text and "2023" in text and "2024" in text
    for ids in (fact.arrived, fact.breaks, fact.departed):
        assert all(mini.framework.node(i).name(lang) in text for i in ids), text  # named, never counted


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_index_first_and_none(mini, lang):
    fw = mini.framework
    texts = [change.change_sentence(change.ChangeFact("64.71", 2022, 2024, math.nan, (), "no_index", index=55.0),
                                    "Balikpapan", fw, lang),
             change.change_sentence(change.ChangeFact("64.71", None, 2024, math.nan, (), "first", index=55.0),
                                    "Balikpapan", fw, lang),
             change.change_sentence(change.ChangeFact("64.71", None, 2024, math.nan, (), "none"), "Balikpapan", fw,
                                    lang)]
    assert all(not verbs(x, lang) and "None" not in x for x in texts), texts
    assert fmt_number(55.0, lang) in texts[0] and "2022" in texts[0]


@pytest.fixture(scope="module")
def by_year(mini):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return readiness.score_years(mini.framework, mini.observations, window=3, normalise="goalposts",
                                     regions=mini.regions)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_briefing_states_the_profile_sentence_over_a_broken_trend(mini, by_year, lang):
    result = by_year[2024]
    brief = briefing.build_briefing(mini, result, "64.71", lang=lang, results_by_year=by_year)
    view = brief.view("trend")
    fact = change.region_change(mini, result.spec, by_year, "64.71", 2024)  # what the profile calls
    sentence = change.change_sentence(fact, "Balikpapan", mini.framework, lang)
    assert view.title == sentence and view.notes.startswith(sentence)
    assert fact.reason == "changed" and fact.from_year == 2023  # Ombudsman 90 -> 95 on the same basis
    assert verbs(sentence, lang) == {change.VERBS[lang][0]}
    assert "|" in view.notes  # the notes list the index by constant-basis segment
    lines = [tr for tr in view.figure.data if tr.mode == "lines+markers" and tr.name == "Balikpapan"]
    assert len(lines) >= 2  # the line breaks where a figure arrives: the profile's builder, not a raw line


@pytest.mark.parametrize(("years", "window", "reason", "start"), [
    (YEARS, 0, "flat", "Balikpapan held at 70.0 from 2023 to 2024 on the 2 indicator(s)"),  # same values again
    ((2022, 2023), 1, "no_new_figure", "No comparable change for Balikpapan from 2023 to 2024: no new figure since "
                                       "2023"),                                           # nothing new in 2024
])
def test_a_raw_rise_across_an_arrival_is_not_a_rise(mini, years, window, reason, start):
    # Balikpapan's SPBE and Ombudsman do not move; a strong IKD figure arrives in 2024. The raw index rises; on
    # the constant basis there is no change, and the arrival is named as not counted.
    rows = [("64.71", "spbe_index", y, 3.0) for y in years] + [("64.71", "ombudsman_score", y, 80.0) for y in years]
    rows += [("64.71", "ikd_pct", 2024, 100.0), ("64.72", "ikd_pct", 2024, 0.0), ("64.72", "spbe_index", 2024, 2.0),
             ("64.72", "ombudsman_score", 2024, 60.0)]
    ds = _with(mini, rows, derived=False)  # no years-since-MPP figure, which renews itself every year
    results, fact = _facts(ds, readiness.ScoringSpec(window=window, normalise="goalposts"), "64.71", 2024)
    assert results[2024].score_of("64.71") > results[2023].score_of("64.71")
    assert fact.reason == reason and fact.arrived == ("ikd_pct",) and fact.change == 0
    en = change.change_sentence(fact, "Balikpapan", ds.framework, "en")
    assert en.startswith(start) and en.endswith("not counted as a change: new figure(s): IKD activation"), en
    assert not verbs(en, "en") and not verbs(change.change_sentence(fact, "Balikpapan", ds.framework, "id"), "id")


def test_across_a_method_break_there_is_no_change(mini):
    rows = [("64.71", "spbe_index", y, 3.0) for y in YEARS]
    rows += [("64.71", "ombudsman_score", 2023, 60.0), ("64.71", "ombudsman_score", 2024, 95.0)]
    ds = _with(mini, rows, BREAK, derived=False)
    results, fact = _facts(ds, readiness.ScoringSpec(window=0, normalise="goalposts"), "64.71", 2024)
    assert results[2024].score_of("64.71") > results[2023].score_of("64.71")  # the raw index jumps
    assert fact.breaks == ("ombudsman_score",) and fact.reason == "method_break"
    ids = change.change_sentence(fact, "Balikpapan", ds.framework, "id")
    assert ids.startswith("Tidak ada perubahan yang sebanding") and "metode berubah: Kepatuhan Ombudsman" in ids
    assert not verbs(ids, "id")


def test_the_biggest_improver_has_an_index_in_both_years(mini):
    # C has no index in 2024 (no digital figure), but its Ombudsman alone rises: on its own basis it would
    # "improve" most. It is not named; B, with an index in both years, is.
    rows = [("64.72", "spbe_index", y, 3.0) for y in (2023, 2024)]
    rows += [("64.72", "ombudsman_score", 2023, 70.0), ("64.72", "ombudsman_score", 2024, 75.0),
             ("32.76", "spbe_index", 2023, 3.0), ("32.76", "ombudsman_score", 2023, 40.0),
             ("32.76", "ombudsman_score", 2024, 95.0)]
    ds = _with(mini, rows)
    spec = readiness.ScoringSpec(window=0, normalise="goalposts")
    codes = list(ds.regions["code"])
    out = change_on_constant_basis(ds.framework, ds.observations, spec, 2023, 2024, codes,
                                   ds.method_periods).set_index("region_code")
    assert np.isnan(out.loc["32.76", "index_to"]) and not out.loc["32.76", "comparable"]
    comparable = out[out["comparable"]]
    assert comparable["index_from"].notna().all() and comparable["index_to"].notna().all()
    assert tables.constant_basis_improver(out.reset_index())["region_code"] == "64.72"
