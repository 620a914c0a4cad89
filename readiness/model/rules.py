"""Method periods, official bands and national targets as data (``data/method_periods.csv``, ``bands.csv``,
``targets.csv``): which scale a value was published on, which band it falls in, and where a method break lies.

* :func:`method_period`: the publisher's method period in force for an indicator in a year (None when the year
  falls in no recorded period, e.g. a year without an assessment).
* :func:`period_keys`: for an array of years used, a key per value that is equal exactly when two values were
  published under the same method (an indicator without recorded periods has one key for every year). Two values
  with different keys are on different sides of a **method break** and must never be compared or differenced
  without a flag.
* :func:`band_of`: the official band of a value in force in its year. Bands are looked up in the latest band table
  that starts in or before the year *and* within the method period in force (after a break without a published
  band table there is no band). A value between two published bounds (``50.995`` between ``50.99`` and ``51``)
  belongs to the lower band, as the publishers round.
* :func:`target_of`: the sourced national target of an indicator in a year.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["band_of", "band_table", "method_period", "period_keys", "target_of"]

_NO_PERIOD = -1.0  # a year in no recorded period of an indicator that has periods


def _rows(table: pd.DataFrame | None, indicator: str) -> pd.DataFrame:
    if table is None or table.empty:
        return pd.DataFrame()
    return table[table["indicator"] == indicator]


def _span(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """``from_year`` and ``to_year`` as floats (an empty ``to_year``: still in force, +inf)."""
    start = pd.to_numeric(rows["from_year"], errors="coerce").astype(float)
    end = pd.to_numeric(rows.get("to_year", pd.Series(np.nan, index=rows.index)), errors="coerce").astype(float)
    return start, end.fillna(np.inf)


def _in_force(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows whose ``from_year``-``to_year`` span covers ``year``."""
    start, end = _span(rows)
    return rows[(start <= year) & (end >= year)]


def _rows_in_force(table: pd.DataFrame | None, indicator: str, year: int) -> pd.DataFrame:
    """The rows of ``indicator`` whose span covers ``year`` (empty when there are none)."""
    rows = _rows(table, indicator)
    return rows if rows.empty else _in_force(rows, year)


def method_period(periods: pd.DataFrame | None, indicator: str, year: int) -> dict | None:
    """The method period of ``indicator`` in force in ``year`` as a dict (``from_year, to_year, scale_min,
    scale_max, note, source_id``), or None when no recorded period covers the year."""
    hit = _rows_in_force(periods, indicator, year)
    if hit.empty:
        return None
    row = hit.iloc[0].to_dict()
    return {k: (None if v is pd.NA or (isinstance(v, float) and np.isnan(v)) else v) for k, v in row.items()}


def period_keys(periods: pd.DataFrame | None, indicators: Sequence[str], years: np.ndarray) -> np.ndarray:
    """Method-period keys of values published in ``years`` (last axis = ``indicators``; NaN where no value).

    The key is the period's ``from_year``; 0 for an indicator without recorded periods (no known break); -1 for a
    year outside every recorded period of an indicator that has them. Equal keys = same method.
    """
    years = np.asarray(years, dtype=float)
    out = np.full(years.shape, np.nan)
    spans = _spans_by_indicator(periods)
    for j, indicator in enumerate(indicators):
        col = years[..., j]
        have = ~np.isnan(col)
        if indicator not in spans:
            out[..., j] = np.where(have, 0.0, np.nan)
            continue
        key = np.full(col.shape, _NO_PERIOD)
        for start, end in spans[indicator]:
            key = np.where((col >= start) & (col <= end), start, key)
        out[..., j] = np.where(have, key, np.nan)
    return out


_SPANS: dict[int, tuple[pd.DataFrame, dict[str, list[tuple[float, float]]]]] = {}


def _spans_by_indicator(periods: pd.DataFrame | None) -> dict[str, list[tuple[float, float]]]:
    """indicator -> its periods' ``(from_year, to_year)`` (an open end: +inf), read once per periods table (the
    tables are the dataset's own, never changed in place; the table itself is kept to check identity)."""
    if periods is None or periods.empty:
        return {}
    cached = _SPANS.get(id(periods))
    if cached is not None and cached[0] is periods:
        return cached[1]
    spans: dict[str, list[tuple[float, float]]] = {}
    start, end = _span(periods)
    for indicator, a, b in zip(periods["indicator"].astype(str), start, end, strict=True):
        spans.setdefault(indicator, []).append((float(a), float(b)))
    if len(_SPANS) > 16:
        _SPANS.clear()
    _SPANS[id(periods)] = (periods, spans)
    return spans


def band_table(bands: pd.DataFrame | None, periods: pd.DataFrame | None, indicator: str, year: int
               ) -> pd.DataFrame:
    """The bands of ``indicator`` in force in ``year`` (ordered by lower bound; empty when none is)."""
    rows = _rows(bands, indicator)
    if rows.empty:
        return rows
    starts = rows["period_from_year"].astype(int)
    candidates = sorted({int(s) for s in starts if int(s) <= year})
    if not candidates:
        return rows.iloc[0:0]
    start = candidates[-1]
    period = method_period(periods, indicator, year)
    if not _rows(periods, indicator).empty and (period is None or int(period["from_year"]) > start):
        return rows.iloc[0:0]  # the method changed after the latest band table: no band is known
    table = rows[starts == start]
    return table.sort_values("lower_bound").reset_index(drop=True)


def band_of(bands: pd.DataFrame | None, periods: pd.DataFrame | None, indicator: str, value: float, year: int
            ) -> dict | None:
    """The official band of ``value`` of ``indicator`` published for ``year`` (a dict with ``band_id, name_id,
    name_en, lower_bound, upper_bound, source_id, rank, n_bands``: ``rank`` 0 is the lowest band), or None when no
    band table is in force or the value is outside it."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    lower, top, records = _bands_in_force(bands, periods, indicator, int(year))
    if not records or value < lower[0] - 1e-9 or value > top + 1e-9:
        return None
    k = int(np.flatnonzero(lower <= value + 1e-9)[-1])
    return {**records[k], "rank": k, "n_bands": len(records)}


_BANDS: dict[tuple, tuple[object, object, tuple[np.ndarray, float, list[dict]]]] = {}


def _bands_in_force(bands: pd.DataFrame | None, periods: pd.DataFrame | None, indicator: str, year: int
                    ) -> tuple[np.ndarray, float, list[dict]]:
    """:func:`band_table` as arrays and records, worked out once per (tables, indicator, year): a board asks for
    the same few tables hundreds of times. The dataset's tables are never changed in place; identity is checked."""
    key = (id(bands), id(periods), indicator, year)
    cached = _BANDS.get(key)
    if cached is not None and cached[0] is bands and cached[1] is periods:
        return cached[2]
    table = band_table(bands, periods, indicator, year)
    records = [{"band_id": str(r["band_id"]), "name_id": str(r["name_id"]), "name_en": str(r["name_en"]),
                "lower_bound": float(r["lower_bound"]), "upper_bound": float(r["upper_bound"]),
                "source_id": str(r["source_id"])} for r in table.to_dict("records")]
    lower = np.array([r["lower_bound"] for r in records], dtype=float)
    top = max((r["upper_bound"] for r in records), default=np.nan)
    if len(_BANDS) > 2048:
        _BANDS.clear()
    _BANDS[key] = (bands, periods, (lower, top, records))
    return lower, top, records


def target_of(targets: pd.DataFrame | None, indicator: str, year: int) -> float | None:
    """The sourced national target of ``indicator`` in ``year`` (the latest one in force), or None."""
    hit = _rows_in_force(targets, indicator, year)
    if hit.empty:
        return None
    return float(hit.sort_values("from_year").iloc[-1]["target"])
