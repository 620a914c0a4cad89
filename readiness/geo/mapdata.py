"""What a choropleth colours each region by: a published band (SPBE predikat, Ombudsman zone or grade) or a score.

Both return one row per region with a figure — ``code, value, band, year, source, label, published`` (``label``
the region's short name for the map, ``published`` the band's text as the source wrote it) — the table
:func:`readiness.display.choropleth.build_choropleth` takes. Nothing is estimated: a band is the one a source
published (``labels.csv``), the latest within the year window; its value is the same year's published figure of the
matching indicator when there is one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from readiness.model.datasets import Dataset
from readiness.pipeline.scoring import Result

__all__ = ["BAND_MEASURES", "BandMeasure", "band_values", "score_values"]

_COLUMNS = ["code", "value", "band", "year", "source", "label", "published"]


def _spbe(label: str) -> str | None:
    text = label.strip().casefold()
    for band in ("Sangat Baik", "Memuaskan", "Baik", "Cukup", "Kurang"):
        if text == band.casefold():
            return band
    return None


def _zone(label: str) -> str | None:
    text = label.casefold()
    for band in ("Merah", "Kuning", "Hijau"):
        if band.casefold() in text:
            return band
    return None


_OPINI_WORDS = {"kualitas tertinggi": "A", "kualitas tinggi": "B", "kualitas sedang": "C", "kualitas rendah": "D",
                "kualitas terendah": "E"}


def _opini(label: str) -> str | None:
    """The Ombudsman grade letter: a lone ``A``-``E`` in the label, else the grade's words."""
    match = re.search(r"(?<![A-Za-z])([A-E])(?![A-Za-z])", label)
    if match:
        return match.group(1)
    text = label.casefold()
    for words in sorted(_OPINI_WORDS, key=len, reverse=True):  # "tertinggi" before "tinggi"
        if words in text:
            return _OPINI_WORDS[words]
    return None


@dataclass(frozen=True)
class BandMeasure:
    """A published categorical result: its ``labels.csv`` indicator, the numeric indicator it grades (if any), its
    bands from worst to best (official names), and how a published label reads as one of them."""

    label_indicator: str
    value_indicator: str | None
    bands: tuple[str, ...]
    read: Callable[[str], str | None]


#: Bands as set by the publishers (see data/framework.yaml): SPBE predikat (KemenPANRB), Ombudsman zone (to 2021)
#: and grade (opini, from 2022).
BAND_MEASURES: dict[str, BandMeasure] = {
    "spbe_predikat": BandMeasure("spbe_predikat", "spbe_index",
                                 ("Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan"), _spbe),
    "ombudsman_zone": BandMeasure("ombudsman_zone", "ombudsman_compliance_score", ("Merah", "Kuning", "Hijau"),
                                  _zone),
    "ombudsman_opini": BandMeasure("ombudsman_opini", "ombudsman_compliance_score", ("E", "D", "C", "B", "A"),
                                   _opini),
}


def _source_names(dataset: Dataset) -> dict[str, str]:
    sources = dataset.sources
    return {str(i): f"{t} ({p})" if p else str(t)
            for i, t, p in zip(sources["id"], sources["title"], sources["publisher"].fillna(""), strict=True)}


def _short_names(dataset: Dataset) -> dict[str, str]:
    regions = dataset.regions
    short = regions["short_name"] if "short_name" in regions else regions["name"]
    return {str(c): str(s) if isinstance(s, str) and s else str(n)
            for c, s, n in zip(regions["code"], short, regions["name"], strict=True)}


def band_values(dataset: Dataset, measure: str, year: int, window: int = 3) -> pd.DataFrame:
    """The latest published band of ``measure`` per region within ``[year - window + 1, year]``.

    Returns ``code, value, band, year, source, label, published``, sorted by code; a label
    that reads as none of the measure's bands is left out. ``value`` is the same region's published figure of the
    graded indicator in the band's year, or NaN.
    """
    spec = BAND_MEASURES[measure]
    labels = dataset.labels
    rows = labels[(labels["indicator"] == spec.label_indicator) & labels["year"].between(year - window + 1, year)]
    rows = rows.assign(band=rows["label"].map(spec.read)).dropna(subset=["band"])
    rows = rows.sort_values(["region_code", "year"]).groupby("region_code", as_index=False).tail(1)
    values: dict[tuple[str, int], float] = {}
    if spec.value_indicator is not None:
        obs = dataset.observations
        obs = obs[obs["indicator"] == spec.value_indicator]
        values = {(c, int(y)): float(v) for c, y, v in zip(obs["region_code"], obs["year"], obs["value"], strict=True)}
    names = _source_names(dataset)
    short = _short_names(dataset)
    out = pd.DataFrame({
        "code": rows["region_code"].astype(str).to_numpy(),
        "value": [values.get((c, int(y)), np.nan) for c, y in zip(rows["region_code"], rows["year"], strict=True)],
        "band": rows["band"].to_numpy(),
        "year": rows["year"].astype(int).to_numpy(),
        "source": [names.get(str(s), str(s)) for s in rows["source_id"].fillna("")],
        "label": [short.get(str(c), str(c)) for c in rows["region_code"]],
        "published": rows["label"].to_numpy(),
    }, columns=_COLUMNS)
    return out.sort_values("code", ignore_index=True)


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
