"""One band lookup: for every (indicator, year, value) of data/bands.csv, every consumer of the official bands -- the
results board, the map's data, the briefing (presenter, deck, PDF) and the planner (scenario table and band goals)
-- names the same band, in both languages.

The values are each band's bounds and its midpoint, in every year its band table is in force (from its first year to
the year before the next table of the indicator, up to the last year with data, within a recorded method period that
began no later than the table). In the years of an indicator with no table in force (Ombudsman 2020, and from 2025
under Peraturan Ombudsman 61/2025), the same values must get no band anywhere. The expected band is the row the
value was taken from: written down independently of the lookup under test.
"""

from __future__ import annotations

import dataclasses
import warnings
from decimal import Decimal

import pandas as pd
import pytest

import readiness
from readiness.analysis.scenarios import Scenario
from readiness.display import board, briefing
from readiness.display import simulation as dw
from readiness.display.i18n import t
from readiness.geo import mapdata

LANGS = ("id", "en")


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(readiness.DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


def _midpoint(lower: str, upper: str) -> float:
    return float((Decimal(lower) + Decimal(upper)) / 2)


def _in_force(bands: pd.DataFrame, periods: pd.DataFrame, last_year: int) -> dict[tuple[str, int], int | None]:
    """(indicator, year) -> the first year of the band table in force, or None (a year with no table in force)."""
    out: dict[tuple[str, int], int | None] = {}
    for indicator, rows in bands.groupby("indicator"):
        starts = sorted({int(y) for y in rows["period_from_year"]})
        spans = [(int(p.from_year), int(p.to_year) if p.to_year else 9999)
                 for p in periods[periods["indicator"] == indicator].itertuples()]
        for year in range(starts[0], last_year + 1):
            start = max(s for s in starts if s <= year)
            period = [a for a, b in spans if a <= year <= b]
            ok = not spans or (bool(period) and period[0] <= start)
            out[(str(indicator), year)] = start if ok else None
    return out


def _cases(ds: readiness.Dataset) -> pd.DataFrame:
    """One row per (indicator, year, value) with the expected band names ("" where none is in force)."""
    bands, periods = _read("bands"), _read("method_periods")
    last_year = int(ds.observations["year"].max())
    rows = []
    for (indicator, year), start in _in_force(bands, periods, last_year).items():
        latest = max(int(y) for y in bands.loc[bands["indicator"] == indicator, "period_from_year"]
                     if int(y) <= year)
        table = bands[(bands["indicator"] == indicator) & (bands["period_from_year"].astype(int) == latest)]
        for band in table.itertuples():
            for value in (float(band.lower_bound), _midpoint(band.lower_bound, band.upper_bound),
                          float(band.upper_bound)):
                rows.append({"indicator": indicator, "year": year, "value": value,
                             "id": band.name_id if start is not None else "",
                             "en": band.name_en if start is not None else ""})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def cases(ds) -> pd.DataFrame:
    out = _cases(ds)
    assert len(out) > 300
    assert set(out["indicator"]) == set(_read("bands")["indicator"])
    omb = out[out["indicator"] == "ombudsman_compliance_score"]
    assert (omb.loc[omb["year"].isin([2020, 2025]), "en"] == "").all()  # no table in force: no band
    assert (omb.loc[omb["year"] == 2024, "en"] != "").all()
    return out


def _year_dataset(ds: readiness.Dataset, cases: pd.DataFrame, codes: list[str]) -> tuple[readiness.Dataset, dict]:
    """The bundled dataset with only this year's case values as published figures (each indicator's k-th value at
    the k-th region), and where each case sits."""
    rows, where = [], {}
    for indicator, part in cases.groupby("indicator"):
        for code, case in zip(codes, part.itertuples(), strict=False):
            rows.append({"region_code": code, "indicator": indicator, "year": case.year, "value": case.value,
                         "source_id": ds.sources["id"].iloc[0], "note": "", "confidence": "", "derived": False})
            where[case.Index] = (code, indicator)
    obs = pd.DataFrame(rows).reindex(columns=ds.observations.columns)
    obs = obs.astype({"year": ds.observations["year"].dtype, "derived": bool})
    return dataclasses.replace(ds, observations=obs, labels=ds.labels.iloc[0:0]), where


def _planner_band(view: pd.DataFrame, name: str, lang: str) -> str:
    """The band the planner's scenario table writes after today's value ("3,05 · Baik"), or ""."""
    head = f"{t('robust.indicator', lang)} · {name}"
    (today,) = [v for item, v in zip(view.iloc[:, 0], view.iloc[:, 1], strict=True)
                if item == head or item.startswith(f"{head} (")]
    return today.split(" · ", 1)[1] if " · " in today else ""


def test_every_consumer_names_the_same_band(ds, cases):
    codes = list(ds.regions["code"])
    assert len(codes) >= cases.groupby(["year", "indicator"]).size().max()
    fw = ds.framework
    found: dict[str, dict[tuple[int, str], str]] = {}
    for year, part in cases.groupby("year"):
        dsy, where = _year_dataset(ds, part, codes)
        table = board.board_table(dsy, int(year), 0, regions=sorted({c for c, _ in where.values()})).set_index(
            ["region_code", "indicator"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = readiness.score(fw, dsy.observations, year=int(year), window=0, normalise="goalposts",
                                  regions=sorted({c for c, _ in where.values()}), pillar_min_coverage=0,
                                  index_min_pillars=0)
        for lang in LANGS:
            maps = {ind: mapdata.band_values(dsy, ind, int(year), 0, lang).set_index("code")["band"]
                    for ind in part["indicator"].unique()}
            in_force = dsy.band_book().in_force(int(year), lang)
            briefs, views = {}, {}
            for k, (code, ind) in where.items():
                if code not in briefs:
                    briefs[code] = briefing.official_results(dsy, code, lang, year=int(year)).set_index(
                        "_indicator")["band"]
                    views[code] = dw.scenario_view(res, res, Scenario.of("t", code, {}), dsy.band_book(), lang)
                goal = [nm for lo, nm in in_force.get(ind, []) if lo <= cases.loc[k, "value"]]
                got = {"board": table.loc[(code, ind), f"band_name_{lang}"],
                       "map": maps[ind].get(code), "briefing": briefs[code].get(ind),
                       "planner": _planner_band(views[code], fw.node(ind).name(lang), lang),
                       "planner goal": goal[-1] if goal else ""}
                for consumer, name in got.items():
                    found.setdefault(consumer, {})[(k, lang)] = name if isinstance(name, str) else ""
    expected = {(k, lang): cases.loc[k, lang] for k in cases.index for lang in LANGS}
    for consumer, names in found.items():
        wrong = {key: (names.get(key), want) for key, want in expected.items() if names.get(key) != want}
        assert not wrong, (consumer, len(wrong), [(cases.loc[k].to_dict(), v) for (k, _), v in
                                                  list(wrong.items())[:5]])
