"""Selecting values for a year: the observation cube and the latest-value-within-a-window rule.

The long observation table is pivoted once into an :class:`ObservationCube` of shape
``(regions, years, indicators)``. Every later stage keeps regions on axis 0 and indicators (or nodes) on the last
axis, so the same kernels serve one year ``(R, I)`` and many years ``(R, Y, I)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from readiness.errors import ScoringError

__all__ = ["ObservationCube", "Selection", "build_cube", "select", "select_latest"]


@dataclass(frozen=True)
class ObservationCube:
    """Observations as arrays: ``values[r, y, i]`` is region ``r``'s value of indicator ``i`` in ``years[y]``.

    ``source_ids`` has the same shape and holds each value's ``source_id`` (or ``None``). Missing values are NaN.
    Build it with :func:`build_cube`; arrays are read-only.
    """

    regions: tuple[str, ...]
    years: tuple[int, ...]
    indicators: tuple[str, ...]
    values: np.ndarray
    source_ids: np.ndarray

    def year_index(self, year: int) -> int:
        """Position of ``year`` on the year axis; a :class:`ScoringError` lists the years available."""
        try:
            return self.years.index(int(year))
        except ValueError:
            available = ", ".join(map(str, self.years)) or "none"
            raise ScoringError(f"no observations for year {year}; years with data: {available}") from None


def build_cube(observations: pd.DataFrame, indicators: Sequence[str], regions: Sequence[str] | None = None,
               years: Sequence[int] | None = None) -> ObservationCube:
    """Pivot a long observation table into an :class:`ObservationCube`.

    Parameters
    ----------
    observations
        Long table with ``region_code, indicator, year, value`` and optionally ``source_id``.
    indicators
        The indicator axis (usually ``framework.indicators``). Observations of other indicators are ignored.
    regions
        The region axis; defaults to the regions present in ``observations``, sorted.
    years
        The year axis; defaults to every year present in ``observations``, sorted. Years between are included so
        that the axis is contiguous.
    """
    obs = observations
    # factorize each key column once (fast on string columns), then place the few distinct keys on the axes
    r_codes, r_keys = pd.factorize(obs["region_code"])
    i_codes, i_keys = pd.factorize(obs["indicator"])
    if regions is None:
        regions = sorted(str(k) for k in r_keys)
    year_values = pd.to_numeric(obs["year"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if years is None:
        present = year_values[~np.isnan(year_values)]
        if len(present) and (present.min() < 1990 or present.max() > 2100):  # a year of 1e12 is not a calendar
            raise ScoringError(f"observation years must lie between 1990 and 2100, got {present.min():g} to "
                               f"{present.max():g}")
        years = list(range(int(present.min()), int(present.max()) + 1)) if len(present) else []
    regions, years, indicators = tuple(regions), tuple(int(y) for y in years), tuple(indicators)
    values = np.full((len(regions), len(years), len(indicators)), np.nan)
    sources = np.full(values.shape, None, dtype=object)
    r = _positions(r_codes, r_keys, regions)
    i = _positions(i_codes, i_keys, indicators)
    y = np.full(len(year_values), -1)
    if years:
        whole = ~np.isnan(year_values)
        offset = np.where(whole, year_values, years[0] - 1) - years[0]
        inside = whole & (offset >= 0) & (offset < len(years)) & (offset == np.round(offset))
        y[inside] = offset[inside].astype(int)
    keep = (r >= 0) & (y >= 0) & (i >= 0)
    v = pd.to_numeric(obs["value"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    values[r[keep], y[keep], i[keep]] = v[keep]
    if "source_id" in obs:
        s_codes, s_keys = pd.factorize(obs["source_id"])
        s = np.array([*(str(k) for k in s_keys), None], dtype=object)[s_codes]  # code -1 (missing) -> None
        sources[r[keep], y[keep], i[keep]] = s[keep]
    values.setflags(write=False)
    sources.setflags(write=False)
    return ObservationCube(regions, years, indicators, values, sources)


def _positions(codes: np.ndarray, keys: pd.Index | np.ndarray, axis: Sequence[str]) -> np.ndarray:
    """Position on ``axis`` of each row, from its factorized ``codes`` and the distinct ``keys`` (-1: not on it)."""
    where = pd.Index(axis).get_indexer(pd.Index(keys).astype(object)) if len(keys) else np.array([], dtype=int)
    return np.where(codes >= 0, np.append(where, -1)[codes], -1)


def select_latest(cube: ObservationCube, window: int | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every year of the cube, the latest value at or before it, no older than ``window`` years.

    Returns ``(values, year_used, position)``, each ``(R, Y, I)``: ``year_used`` is the year each value came from
    (NaN where none qualifies) and ``position`` its index on the cube's year axis (-1 where none), for looking up
    its source. ``window=0`` keeps only same-year values; ``window=None`` accepts any earlier year.

    Formula: for year ``t``, take ``x[t']`` with ``t' = max{s <= t : x[s] observed}`` if ``t - t' <= window``.
    """
    v = cube.values
    n_years = v.shape[1]
    observed = ~np.isnan(v)
    pos = np.where(observed, np.arange(n_years)[None, :, None], -1)
    last = np.maximum.accumulate(pos, axis=1)
    years = np.asarray(cube.years, dtype=float)
    has = last >= 0
    src = np.where(has, last, 0)
    out = np.take_along_axis(v, src, axis=1)
    used = np.where(has, years[src], np.nan)
    if window is not None:
        too_old = (years[None, :, None] - used) > window
        has &= ~too_old
    out = np.where(has, out, np.nan)
    used = np.where(has, used, np.nan)
    return out, used, np.where(has, last, -1)


@dataclass(frozen=True)
class Selection:
    """The values chosen for each wanted year, ``(regions, years, indicators)``: the value, the year it came from
    (NaN where none), its position on the cube's year axis (-1 where none) and whether it was imputed."""

    values: np.ndarray
    year_used: np.ndarray
    position: np.ndarray
    imputed: np.ndarray


def select(cube: ObservationCube, window: int | None, year_positions: Sequence[int]) -> Selection:
    """The latest value within ``window`` for the years at ``year_positions`` of the cube (see :func:`select_latest`,
    computed once over the whole cube)."""
    values, used, pos = select_latest(cube, window)
    ypos = list(year_positions)
    values = values[:, ypos]
    return Selection(values, used[:, ypos], pos[:, ypos], np.zeros(values.shape, dtype=bool))
