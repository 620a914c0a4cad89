"""What a choropleth colours each region by: an official band worked out from a published value, or a score.

Both return one row per region with a figure -- ``code, value, band, year, source, label, published`` (``label`` the
region's short name for the map, ``published`` the category the source printed beside the value, if any) -- the table
:func:`readiness.display.choropleth.build_choropleth` takes. Nothing is estimated:

* :func:`band_values`: per region, the latest published (not derived) value of an indicator within the year window
  (``year - window`` to ``year``, the results board's rule) and its official band from the dataset's one band
  lookup (:meth:`readiness.model.datasets.Dataset.bands_of`, method-period aware), named in the reader's language.
  A value with no band table in force in its year (Ombudsman from 2025) keeps its row with no band: grey on the
  map, as white on the board.
* :func:`band_legend`: the bands to list, from the band tables the values were looked up in.
* :func:`band_indicators`: the indicators a map can be coloured by band (those with a band table).
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from readiness.model.datasets import Dataset
from readiness.model.register import load_register
from readiness.model.rules import band_name_column
from readiness.pipeline.scoring import Result

__all__ = ["BAND_EXTRA", "band_indicators", "band_legend", "band_values", "map_labels", "score_values"]

_COLUMNS = ["code", "value", "band", "year", "source", "label", "published"]
#: The band columns :func:`band_values` adds: the band's id, its place in its table and the table's first year.
BAND_EXTRA = ["band_id", "band_rank", "n_bands", "band_period"]


def band_indicators(dataset: Dataset) -> list[str]:
    """The framework's indicators with an official band table (``bands.csv``), in framework order."""
    banded = set(dataset.band_book().indicators)
    return [i for i in dataset.framework.indicators if i in banded]


def _source_names(dataset: Dataset) -> dict[str, str]:
    sources = dataset.sources
    return {str(i): f"{t} ({p})" if p else str(t)
            for i, t, p in zip(sources["id"], sources["title"], sources["publisher"].fillna(""), strict=True)}


_KIND_PREFIX = re.compile(r"^(kota|kabupaten|kab\.?)\s+", re.IGNORECASE)


def _base(name: str) -> str:
    return _KIND_PREFIX.sub("", name).strip().casefold()


def _short_names(dataset: Dataset) -> dict[str, str]:
    """Code -> the region's short name for a map, or its full name ("Kabupaten" shortened to "Kab.") where a kota
    and a kabupaten of the national register share the short name (Kota Bekasi and Kab. Bekasi, Kota Bogor and
    Kab. Bogor, Kota Tangerang and Kab. Tangerang)."""
    regions = dataset.regions
    short = regions["short_name"] if "short_name" in regions else regions["name"]
    shared = Counter(_base(name) for name, _ in load_register().level_table("regency").values())
    out = {}
    for code, s, name in zip(regions["code"], short, regions["name"], strict=True):
        text = str(s) if isinstance(s, str) and s else str(name)
        if shared[_base(text)] > 1:
            text = re.sub(r"^Kabupaten\s+", "Kab. ", str(name))
        out[str(code)] = text
    return out


def map_labels(dataset: Dataset) -> dict[str, str]:
    """Code -> map label (:func:`band_values`' ``label``) of the regions a map names, in order of priority: the
    study regions (the buffers) first, then the benchmarks, so that every buffer is labelled before any other."""
    short = _short_names(dataset)
    order = [*dataset.study_regions(), *dataset.benchmark_regions()]
    return {code: short[code] for code in order if code in short}


def _latest(dataset: Dataset, indicator: str, year: int, window: int | None) -> pd.DataFrame:
    """Per region, the latest published (not derived) observation of ``indicator`` in ``[year - window, year]``."""
    obs = dataset.observations
    keep = (obs["indicator"] == indicator) & (obs["year"] <= year)
    if window is not None:
        keep &= obs["year"] >= year - window
    if "derived" in obs:
        keep &= ~obs["derived"].astype(bool)
    rows = obs[keep & obs["value"].notna()]
    return rows.sort_values(["region_code", "year"]).groupby("region_code", as_index=False).tail(1)


def _published(dataset: Dataset, indicator: str, rows: pd.DataFrame) -> list[str | None]:
    """The category each region's source printed for the same year (``labels.csv``), if any."""
    node = dataset.framework.nodes.get(indicator)
    kinds = node.extra.get("published_labels", ()) if node is not None else ()
    labels = dataset.labels[dataset.labels["indicator"].isin(list(kinds))]
    printed = labels.groupby(["region_code", "year"])["label"].agg(lambda s: " / ".join(map(str, s))).to_dict()
    return [printed.get((c, int(y))) for c, y in zip(rows["region_code"], rows["year"], strict=True)]


def band_values(dataset: Dataset, indicator: str, year: int, window: int | None = 3, lang: str = "id"
                ) -> pd.DataFrame:
    """The latest published value of ``indicator`` per region within ``[year - window, year]`` and its official
    band in ``lang``.

    Returns ``code, value, band, year, source, label, published`` and :data:`BAND_EXTRA`, sorted by code: one row
    per region with a value; ``band`` is None where no band table is in force in the value's year (or the value
    lies outside it).
    """
    rows = _latest(dataset, indicator, year, window)
    bands = dataset.bands_of(indicator, rows["value"].to_numpy(dtype=float), rows["year"])
    names = _source_names(dataset)
    short = _short_names(dataset)
    named = bands[band_name_column(lang)]
    out = pd.DataFrame({
        "code": rows["region_code"].astype(str).to_numpy(),
        "value": rows["value"].to_numpy(dtype=float),
        "band": pd.Series([b if isinstance(b, str) else None for b in named], dtype=object),
        "year": rows["year"].astype(int).to_numpy(),
        "source": [names.get(str(s), str(s)) if isinstance(s, str) and s else "" for s in rows.get(
            "source_id", pd.Series([""] * len(rows)))],
        "label": [short.get(str(c), str(c)) for c in rows["region_code"]],
        "published": pd.Series(_published(dataset, indicator, rows), dtype=object),
        "band_id": bands["band_id"].to_numpy(), "band_rank": bands["rank"].to_numpy(),
        "n_bands": bands["n_bands"].to_numpy(), "band_period": bands["period_from_year"].to_numpy(),
    }, columns=[*_COLUMNS, *BAND_EXTRA])
    return out.sort_values("code", ignore_index=True)


def band_legend(dataset: Dataset, indicator: str, values: pd.DataFrame, year: int, lang: str = "id"
                ) -> pd.DataFrame:
    """The bands a band map lists, lowest first: every band of each band table that ``values``
    (:func:`band_values`) were looked up in, oldest table first; when none was, the table in force in ``year``
    (empty when there is none). Columns ``band`` (name in ``lang``, once each), ``rank``, ``n_bands``."""
    book = dataset.band_book()
    used = {int(p) for p in values.get("band_period", pd.Series(dtype=float)).dropna()}
    tables = [t for t in book.tables(indicator) if t.period_from_year in used]
    if not tables:
        current = book.table(indicator, year)
        tables = [current] if current is not None else []
    rows = [(name, k, t.n_bands) for t in tables for k, name in enumerate(t.names(lang))]
    legend = pd.DataFrame(rows, columns=["band", "rank", "n_bands"])
    return legend.drop_duplicates("band", ignore_index=True)


def score_values(result: Result, dataset: Dataset, node: str) -> pd.DataFrame:
    """The score (0-100) of ``node`` per scored region, with the year its figure came from (an indicator's year
    used, else the scoring year) and, for an indicator, its source. Regions without a score are left out."""
    col = result.node_ids.index(node)
    scores = result.values[:, col]
    indicators = list(result.framework.indicators)
    names = _source_names(dataset)
    if node in indicators:
        i = indicators.index(node)
        years = [None if pd.isna(y) else int(y) for y in result.year_used[:, i]]
        sources = [names.get(str(s), "") if isinstance(s, str) and s else "" for s in result.source_ids[:, i]]
    else:
        years = [result.year] * len(result.regions)
        sources = [""] * len(result.regions)
    short = _short_names(dataset)
    out = pd.DataFrame({"code": list(result.regions), "value": scores, "band": None, "year": years,
                        "source": sources, "label": [short.get(c, c) for c in result.regions], "published": None},
                       columns=_COLUMNS)
    return out[out["value"].notna()].reset_index(drop=True)
