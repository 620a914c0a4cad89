"""Method periods, official bands and national targets as data (``data/method_periods.csv``, ``bands.csv``,
``targets.csv``): which scale a value was published on, which band it falls in, and where a method break lies.

* :func:`method_period`: the publisher's method period in force for an indicator in a year (None when the year
  falls in no recorded period, e.g. a year without an assessment).
* :func:`period_keys`: for an array of years used, a key per value that is equal exactly when two values were
  published under the same method (an indicator without recorded periods has one key for every year). Two values
  with different keys are on different sides of a **method break** and must never be compared or differenced
  without a flag.
* :class:`BandBook` (:func:`band_book`): **the** official band lookup, used by the results board, the map, the
  briefing and the planner. Each band table (``bands.csv``, per indicator and ``period_from_year``) is compiled once
  into sorted arrays; a band is looked up in the latest band table that starts in or before the value's year *and*
  within the method period in force (after a break without a published band table there is no band). Bounds are
  inclusive as published; a value between two published bounds (``50.995`` between ``50.99`` and ``51``) belongs
  to the lower band, as the publishers round. :meth:`BandBook.lookup` (:func:`bands_of`) takes a column of values
  and years at once; :func:`band_of` one value. A band's name comes from the table in the reader's language
  (``name_id`` / ``name_en``), its colour from its rank in the table (``readiness.display.theme``).
* :func:`target_of`: the sourced national target of an indicator in a year.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

__all__ = [
    "BAND_COLUMNS",
    "BandBook",
    "BandTable",
    "band_book",
    "band_name_column",
    "band_of",
    "band_table",
    "bands_of",
    "method_period",
    "period_keys",
    "target_of",
]

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


# -------------------------------------------------------------------------------------------------------------------
# Official bands: THE lookup (every consumer -- results board, map, briefing, planner -- goes through a BandBook)

_EPS = 1e-9  # bounds are compared with this tolerance (values are read from text)


def _floats(column: Sequence[float] | np.ndarray) -> np.ndarray:
    """A column as floats (None, pd.NA and text that is not a number become NaN)."""
    if isinstance(column, np.ndarray) and column.dtype.kind in "fiu":
        return column.astype(float, copy=False)
    return pd.to_numeric(pd.Series(column, dtype=object), errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def band_name_column(lang: str) -> str:
    """The band table's name column for ``lang``: ``name_id`` in Indonesian, ``name_en`` in any other language."""
    return "name_id" if lang == "id" else "name_en"


@dataclass(frozen=True, eq=False)
class BandTable:
    """One published band table: the bands of ``indicator`` from ``period_from_year``, lowest band first.

    Bounds are inclusive as published; a value between two published bounds (``50.995`` between ``50.99`` and
    ``51``) belongs to the lower band, as the publishers round. A band's ``rank`` is its position (0 = lowest).
    """

    indicator: str
    period_from_year: int
    lower: np.ndarray
    upper: np.ndarray
    band_ids: tuple[str, ...]
    names_id: tuple[str, ...]
    names_en: tuple[str, ...]
    source_ids: tuple[str, ...]

    @property
    def n_bands(self) -> int:
        """The number of bands."""
        return len(self.band_ids)

    def names(self, lang: str) -> tuple[str, ...]:
        """The bands' names in ``lang``, lowest band first."""
        return self.names_id if lang == "id" else self.names_en

    def locate(self, values: np.ndarray) -> np.ndarray:
        """The rank of each value's band (-1 for NaN or a value outside the table's bounds)::

            rank(x) = max{k : lower_k <= x}   if lower_0 <= x <= max(upper), else -1
        """
        values = np.asarray(values, dtype=float)
        rank = np.searchsorted(self.lower, values + _EPS, side="right") - 1
        inside = (values >= self.lower[0] - _EPS) & (values <= self.upper.max() + _EPS)
        return np.where(inside & ~np.isnan(values), rank, -1)

    @cached_property
    def _bounds(self) -> tuple[tuple[float, ...], float]:
        """The lower bounds as a tuple and the top bound (for one value at a time, without numpy's overhead)."""
        return tuple(float(x) for x in self.lower), float(self.upper.max())

    def rank_of(self, value: float) -> int:
        """:meth:`locate` for one value (a float, not NaN)."""
        lower, top = self._bounds
        if value < lower[0] - _EPS or value > top + _EPS:
            return -1
        return bisect_right(lower, value + _EPS) - 1

    def record(self, rank: int) -> dict:
        """Band ``rank`` as a dict: ``band_id, name_id, name_en, lower_bound, upper_bound, source_id, rank,
        n_bands, period_from_year``."""
        return {"band_id": self.band_ids[rank], "name_id": self.names_id[rank], "name_en": self.names_en[rank],
                "lower_bound": float(self.lower[rank]), "upper_bound": float(self.upper[rank]),
                "source_id": self.source_ids[rank], "rank": int(rank), "n_bands": self.n_bands,
                "period_from_year": self.period_from_year}


#: Columns of :meth:`BandBook.lookup`.
BAND_COLUMNS = ("band_id", "name_id", "name_en", "rank", "n_bands", "period_from_year")


class BandBook:
    """Every band table of a band table frame (``data/bands.csv``), compiled once, with the method periods that
    decide whether one is in force in a year.

    The table in force for an indicator in a year is the one with the latest ``period_from_year`` at or before the
    year, provided the method period in force that year (``data/method_periods.csv``) began no later than the table
    did: after a method break without a published band table there is no band (Ombudsman from 2025). An indicator
    without recorded periods has no such check. Get one with :func:`band_book` (kept per pair of tables).
    """

    def __init__(self, bands: pd.DataFrame | None, periods: pd.DataFrame | None) -> None:
        self._tables: dict[str, list[BandTable]] = {}
        if bands is not None and not bands.empty:
            for (indicator, start), rows in bands.groupby(["indicator", "period_from_year"], sort=True):
                rows = rows.assign(_lo=rows["lower_bound"].astype(float)).sort_values("_lo", kind="stable")
                self._tables.setdefault(str(indicator), []).append(BandTable(
                    str(indicator), int(start), rows["_lo"].to_numpy(), rows["upper_bound"].to_numpy(dtype=float),
                    *(tuple(rows[c].astype(str)) for c in ("band_id", "name_id", "name_en", "source_id"))))
        self._spans = _spans_by_indicator(periods)
        self._in_force: dict[tuple[str, int], BandTable | None] = {}

    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicators with at least one band table."""
        return tuple(self._tables)

    def tables(self, indicator: str) -> tuple[BandTable, ...]:
        """Every band table of ``indicator``, oldest first."""
        return tuple(self._tables.get(indicator, ()))

    def table(self, indicator: str, year: int) -> BandTable | None:
        """The band table of ``indicator`` in force in ``year`` (None when none is)."""
        key = (indicator, int(year))
        if key not in self._in_force:
            self._in_force[key] = self._find(indicator, int(year))
        return self._in_force[key]

    def _find(self, indicator: str, year: int) -> BandTable | None:
        started = [t for t in self._tables.get(indicator, ()) if t.period_from_year <= year]
        if not started:
            return None
        latest = started[-1]
        spans = self._spans.get(indicator)
        if spans is not None:
            period = [a for a, b in spans if a <= year <= b]
            if not period or period[0] > latest.period_from_year:
                return None  # the method changed after the latest band table: no band is known
        return latest

    def band(self, indicator: str, value: float | None, year: int) -> dict | None:
        """The band of one ``value`` of ``indicator`` published for ``year`` (:meth:`BandTable.record`), or None
        when no band table is in force or the value is missing or outside it."""
        try:
            value, year = float(value), float(year)  # None and pd.NA raise TypeError
        except (TypeError, ValueError):
            return None
        if value != value or year != year:  # NaN
            return None
        table = self.table(indicator, int(year))
        if table is None:
            return None
        rank = table.rank_of(value)
        return None if rank < 0 else table.record(rank)

    def lookup(self, indicator: str, values: Sequence[float] | np.ndarray, years: Sequence[float] | np.ndarray
               ) -> pd.DataFrame:
        """The band of each value of ``indicator`` in its year, vectorised: one row per value (same order) with
        :data:`BAND_COLUMNS` (None / NaN where there is no band). Each distinct year's table is found once."""
        values, years = _floats(values), _floats(years)
        n = len(values)
        rank = np.full(n, -1)
        count = np.full(n, np.nan)
        start = np.full(n, np.nan)
        ids, names_id, names_en = (np.full(n, None, dtype=object) for _ in range(3))
        for year in np.unique(years[~np.isnan(years)]):
            table = self.table(indicator, int(year))
            if table is None:
                continue
            rows = np.flatnonzero(years == year)
            found = table.locate(values[rows])
            hit, k = rows[found >= 0], found[found >= 0]
            rank[hit], count[hit], start[hit] = k, table.n_bands, table.period_from_year
            for out, column in ((ids, table.band_ids), (names_id, table.names_id), (names_en, table.names_en)):
                out[hit] = np.asarray(column, dtype=object)[k]
        return pd.DataFrame({"band_id": ids, "name_id": names_id, "name_en": names_en,
                             "rank": np.where(rank >= 0, rank, np.nan), "n_bands": count, "period_from_year": start},
                            columns=list(BAND_COLUMNS)).infer_objects()

    def in_force(self, year: int, lang: str) -> dict[str, list[tuple[float, str]]]:
        """The band tables in force in ``year`` as the planner takes them (:func:`readiness.plan_target`):
        indicator -> ``[(lower bound, name in lang), ...]`` ascending; indicators without a table in force are left
        out."""
        out = {}
        for indicator in self._tables:
            table = self.table(indicator, year)
            if table is not None:
                out[indicator] = [(float(lo), nm) for lo, nm in zip(table.lower, table.names(lang), strict=True)]
        return out


_BOOKS: dict[tuple[int, int], tuple[object, object, BandBook]] = {}


def band_book(bands: pd.DataFrame | None, periods: pd.DataFrame | None) -> BandBook:
    """The :class:`BandBook` of a band table and a method-period table, compiled once per pair of tables (the
    dataset's tables are never changed in place; identity is checked, so a new table makes a new book)."""
    key = (id(bands), id(periods))
    cached = _BOOKS.get(key)
    if cached is not None and cached[0] is bands and cached[1] is periods:
        return cached[2]
    book = BandBook(bands, periods)
    if len(_BOOKS) > 16:
        _BOOKS.clear()
    _BOOKS[key] = (bands, periods, book)
    return book


def band_table(bands: pd.DataFrame | None, periods: pd.DataFrame | None, indicator: str, year: int
               ) -> pd.DataFrame:
    """The rows of ``bands`` of ``indicator`` in force in ``year`` (ordered by lower bound; empty when none is)."""
    table = band_book(bands, periods).table(indicator, year)
    if table is None or bands is None:
        return pd.DataFrame() if bands is None else bands.iloc[0:0]
    rows = bands[(bands["indicator"] == indicator) & (bands["period_from_year"].astype(int) == table.period_from_year)]
    return rows.sort_values("lower_bound").reset_index(drop=True)


def band_of(bands: pd.DataFrame | None, periods: pd.DataFrame | None, indicator: str, value: float, year: int
            ) -> dict | None:
    """The official band of ``value`` of ``indicator`` published for ``year`` (a dict with ``band_id, name_id,
    name_en, lower_bound, upper_bound, source_id, rank, n_bands, period_from_year``: ``rank`` 0 is the lowest band),
    or None when no band table is in force or the value is outside it (see :class:`BandBook`)."""
    return band_book(bands, periods).band(indicator, value, year)


def bands_of(bands: pd.DataFrame | None, periods: pd.DataFrame | None, indicator: str,
             values: Sequence[float] | np.ndarray, years: Sequence[float] | np.ndarray) -> pd.DataFrame:
    """:func:`band_of` for a column of values and their years at once (:meth:`BandBook.lookup`)."""
    return band_book(bands, periods).lookup(indicator, values, years)


def target_of(targets: pd.DataFrame | None, indicator: str, year: int) -> float | None:
    """The sourced national target of ``indicator`` in ``year`` (the latest one in force), or None."""
    hit = _rows_in_force(targets, indicator, year)
    if hit.empty:
        return None
    return float(hit.sort_values("from_year").iloc[-1]["target"])
