"""The bundled gap register (data/gaps.csv) and national context (data/context.csv).

* Every study region x core indicator x year of the window the dashboard's default year looks at (and every later
  year with data), without a value, is in the register; no register row claims a gap where a value exists.
* Every context row states its numbers in its verbatim quote, cites a source with a URL, and its counts never add
  up to more than the number assessed.
"""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest

import readiness
from readiness.analysis.compare import default_year_of
from readiness.model.context import gap_cells, register_problems

_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)|(?<![\d.,])\d+(?:[.,]\d+)?(?!\d)")


def numbers_in(text: str) -> set[float]:
    """The numbers written in ``text``: a comma read as the decimal mark, dotted thousands as thousands, a single
    dot either way (English decimals)."""
    out: set[float] = set()
    for token in _NUMBER.findall(text):
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", token):
            out.add(float(token.replace(".", "").replace(",", ".")))
        out.add(float(token.replace(",", ".")) if token.count(".") <= 1 else float("nan"))
    return out


@pytest.fixture(scope="module")
def window_years(ds) -> list[int]:
    """The default year's window and every later year with data (a reader may pick any of them)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        year = default_year_of(ds)
    window = readiness.ScoringSpec().window
    return list(range(year - window, max(year, *ds.years_with_data()) + 1))


@pytest.fixture(scope="module")
def published(ds):
    return ds.observations[~ds.observations["derived"].astype(bool)]


def test_every_core_gap_of_the_study_regions_is_registered_and_none_is_claimed_wrongly(ds, published, window_years):
    assert ds.framework.core and ds.study_regions()
    expected = gap_cells(published, ds.study_regions(), ds.framework.core, window_years)
    assert len(expected) > 0
    assert register_problems(ds.gaps, published, expected) == []


def test_register_rows_stay_within_the_study_regions_core_and_window(ds, window_years):
    assert set(ds.gaps["region_code"]) <= set(ds.study_regions())
    assert set(ds.gaps["indicator"]) <= set(ds.framework.core)
    assert set(ds.gaps["year"].astype(int)) <= set(window_years)


def test_each_status_carries_its_evidence(ds):
    found = ds.gaps[ds.gaps["status"] == "not_found"]
    published = ds.gaps[ds.gaps["status"] == "not_published"]
    assert found["searched"].str.len().gt(20).all()
    assert published["source_id"].isin(ds.sources["id"]).all()


def test_every_context_number_is_in_its_quote(ds):
    ctx = ds.context
    assert len(ctx) > 0
    for r in ctx.itertuples():
        numbers = numbers_in(r.quote)
        for column in ("count", "assessed", "share_pct", "value"):
            value = getattr(r, column)
            if not pd.isna(value):
                assert any(float(value) == pytest.approx(n) for n in numbers), (r.id, column, value, r.quote)


def test_context_sources_have_a_url_and_counts_fit_the_number_assessed(ds):
    sources = ds.sources.set_index("id")
    assert ds.context["source_id"].isin(sources.index).all()
    assert sources.loc[ds.context["source_id"].unique(), "url"].str.startswith("https://").all()
    dist = ds.context[ds.context["kind"] == "distribution"]
    for (ind, year, level), part in dist.groupby(["indicator", "year", "level"]):
        assessed = part["assessed"].dropna()
        if len(assessed):
            assert assessed.nunique() == 1, (ind, year, level)
            assert part["count"].sum() <= int(assessed.iloc[0]), (ind, year, level)


def test_the_brief_example_is_in_the_data(ds):
    row = ds.context.set_index("id").loc["omb-2022-kota-hijau"]
    assert (int(row["count"]), int(row["assessed"]), row["band_ids"]) == (53, 98, "A+B")
