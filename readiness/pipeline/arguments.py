"""Checks of the arguments of the public API (``score``, ``score_years``, the comparison helpers).

Each check raises the library's own error (:class:`~readiness.errors.ScoringError` for options,
:class:`~readiness.errors.DataError` for data) saying what was received and what is allowed, instead of letting a
raw ``ValueError``, ``KeyError``, ``OverflowError`` or ``MemoryError`` escape from deep inside numpy or pandas.
The helpers are small and independent, so they can move into a ``ScoringSpec`` unchanged.

Documented choices (the "no silent results" rules)
------------------------------------------------
* **Default year**: without ``year``, :func:`readiness.score` scores the latest year in which at least one of the
  framework's indicators has a value (:func:`latest_year_with_data`), and says so in ``Result.notes``.
* **Observation ids** are case-sensitive. An id that matches no framework indicator is skipped with a
  :class:`~readiness.errors.ReadinessWarning` naming it (the bundled data holds context figures, such as
  population, that the framework does not score); an id that differs from a framework indicator only by case or
  surrounding spaces is an error (a typo), and so is a table in which no id matches any indicator.
* **Duplicate rows** (the same region, indicator and year twice) are an error naming the rows: which value would
  win is not the user's choice otherwise.
* **Non-finite values** (``inf``) in the observations, and non-finite options (range, z-score mean/SD, window,
  minimum coverage), are errors.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from readiness.errors import DataError, ReadinessWarning, ScoringError
from readiness.io import NUMBER_LIMIT, clip

__all__ = [
    "YEAR_RANGE",
    "check_finite_pair",
    "check_min_coverage",
    "check_nodes_in_result",
    "check_observations",
    "check_regions",
    "check_regions_in_result",
    "check_window",
    "check_year",
    "check_years",
    "latest_year_with_data",
]

#: Years the API accepts (the same bounds as the observations table's ``year`` column).
YEAR_RANGE = (1990, 2100)


def _whole(value: Any) -> int | None:
    """``value`` as an int when it is a whole number (int, numpy integer, integral finite float), else None."""
    if isinstance(value, bool | np.bool_):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        f = float(value)
        if math.isfinite(f) and f.is_integer():
            return int(f)
    return None


def check_year(year: Any) -> int:
    """``year`` as an int; :class:`ScoringError` unless it is a whole number within :data:`YEAR_RANGE`."""
    y = _whole(year)
    lo, hi = YEAR_RANGE
    if y is None or not lo <= y <= hi:
        raise ScoringError(f"year must be a whole number between {lo} and {hi}, got {clip(year)}")
    return y


def check_years(years: Any) -> list[int]:
    """A non-empty sequence of distinct years, each as :func:`check_year`."""
    if isinstance(years, str | bytes) or not isinstance(years, Sequence | np.ndarray | pd.Index | pd.Series):
        raise ScoringError(f"years must be a list of years, got {clip(years)}")
    out = [check_year(y) for y in years]
    if not out:
        raise ScoringError("years is empty; give at least one year (or None for every year with data)")
    if len(set(out)) != len(out):
        raise ScoringError(f"years lists a year twice: {clip(out)}")
    return out


def check_window(window: Any) -> int | None:
    """``window`` as an int >= 0 (or None = any earlier year)."""
    if window is None:
        return None
    w = _whole(window)
    if w is None or w < 0 or w > YEAR_RANGE[1] - YEAR_RANGE[0]:
        raise ScoringError(f"window must be >= 0 years (a whole number, or None for any), got {clip(window)}")
    return w


def check_finite_pair(pair: Any, what: str) -> tuple[float, float]:
    """Two finite numbers within +-``NUMBER_LIMIT`` (the ``range`` or ``zscore`` option)."""
    try:
        a, b = (float(v) for v in pair)
    except (TypeError, ValueError, OverflowError):
        raise ScoringError(f"{what} must be two numbers, got {clip(pair)}") from None
    for v in (a, b):
        if not math.isfinite(v) or abs(v) > NUMBER_LIMIT:
            raise ScoringError(f"{what} must be two finite numbers within +-{NUMBER_LIMIT:g}, got {clip(pair)}")
    return a, b


def check_min_coverage(value: Any) -> float:
    """A share between 0 and 1."""
    try:
        c = float(value)
    except (TypeError, ValueError, OverflowError):
        c = math.nan
    if isinstance(value, bool) or not 0.0 <= c <= 1.0:
        raise ScoringError(f"min_coverage must be a share between 0 and 1, got {clip(value)}")
    return c


def check_regions(regions: Any) -> None:
    """The ``regions`` argument: None, the regions table (with a ``code`` column) or a non-empty list of distinct
    codes."""
    if regions is None:
        return
    if isinstance(regions, pd.DataFrame):
        if "code" not in regions.columns:
            raise ScoringError(f"the regions table needs a 'code' column; it has {clip(list(regions.columns))}")
        codes = regions["code"]
        if "kind" in regions.columns:
            codes = codes[regions["kind"].astype(str).isin(("kota", "kabupaten"))]
        codes = list(codes)
    elif isinstance(regions, str | bytes) or not isinstance(regions, Sequence | np.ndarray | pd.Index | pd.Series):
        raise ScoringError(f"regions must be the regions table or a list of region codes, got {clip(regions)}")
    else:
        codes = list(regions)
    if not codes:
        raise ScoringError("regions is empty; give at least one region code (or None for every region)")
    bad = [c for c in codes if not isinstance(c, str) or not c.strip()]
    if bad:
        raise ScoringError(f"region codes must be non-empty text, got {clip(bad[:5])}")
    seen: set[str] = set()
    dupes = [c for c in codes if c in seen or seen.add(c)]  # type: ignore[func-returns-value]
    if dupes:
        raise ScoringError(f"regions lists a code twice: {clip(sorted(set(dupes))[:10])}")


def check_observations(observations: pd.DataFrame, indicators: Sequence[str], *, source: str = "observations"
                       ) -> None:
    """Check a long observation table handed to ``score``: columns, finite values, duplicate rows, and ids.

    Raises :class:`DataError` for a missing column, an infinite value, a duplicate (region, indicator, year), an id
    that differs from an indicator only by case or spaces, or a table whose ids match no indicator; warns
    (:class:`ReadinessWarning`) naming ids that match no indicator.
    """
    if not isinstance(observations, pd.DataFrame):
        raise DataError(f"{source} must be a table (DataFrame) or an ObservationCube, got {clip(observations)}")
    missing = [c for c in ("region_code", "indicator", "year", "value") if c not in observations.columns]
    if missing:
        raise DataError(f"{source}: missing column(s) {', '.join(missing)}")
    years = pd.to_numeric(observations["year"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    lo, hi = YEAR_RANGE
    bad_years = np.flatnonzero(~np.isnan(years) & ~((years >= lo) & (years <= hi) & (years == np.round(years))))
    if len(bad_years):
        rows = ", ".join(str(int(r) + 2) for r in bad_years[:10])
        raise DataError(f"{source} row(s) {rows} column 'year': must be a whole number between {lo} and {hi}, got "
                        f"{clip(observations['year'].iloc[int(bad_years[0])])}")
    values = pd.to_numeric(observations["value"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    infinite = np.flatnonzero(np.isinf(values) | (np.abs(np.nan_to_num(values)) > NUMBER_LIMIT))
    if len(infinite):
        rows = ", ".join(str(int(r) + 2) for r in infinite[:10])
        raise DataError(f"{source} row(s) {rows} column 'value': must be a finite number within "
                        f"+-{NUMBER_LIMIT:g}, got {float(values[infinite[0]])!r}")
    dup = _duplicated_keys(observations, years)
    if dup.any():
        rows = np.flatnonzero(dup)
        shown = ", ".join(str(int(r) + 2) for r in rows[:10]) + (", ..." if len(rows) > 10 else "")
        raise DataError(f"{source}: {len(rows)} rows repeat the same (region_code, indicator, year): rows {shown}; "
                        "keep one value per region, indicator and year")
    known = set(indicators)
    ids = pd.Index(observations["indicator"].dropna().astype(str).unique())
    unknown = [i for i in ids if i not in known]
    if not unknown:
        return
    folded = {i.strip().casefold(): i for i in indicators}
    typos = [(i, folded[i.strip().casefold()]) for i in unknown if i.strip().casefold() in folded]
    if typos:
        shown = "; ".join(f"{clip(a, 40)} (did you mean {clip(b, 40)}?)" for a, b in typos[:5])
        raise DataError(f"{source}: indicator ids differ from the framework's only by case or spaces (ids are "
                        f"case-sensitive): {shown}")
    if len(unknown) == len(ids):
        raise DataError(f"{source}: no indicator id matches the framework's indicators (ids are case-sensitive); "
                        f"got {clip(list(ids[:5]), 160)}, expected e.g. {clip(list(indicators[:5]), 160)}")
    shown = ", ".join(clip(i, 40) for i in sorted(unknown)[:8]) + (f" and {len(unknown) - 8} more"
                                                                 if len(unknown) > 8 else "")
    warnings.warn(f"{source}: {len(unknown)} indicator id(s) are not in the framework and are not scored: {shown}",
                  ReadinessWarning, stacklevel=3)


def _duplicated_keys(observations: pd.DataFrame, years: np.ndarray) -> np.ndarray:
    """Rows whose (region_code, indicator, year) occurs more than once: factorized keys counted with a bincount
    (several times faster than ``DataFrame.duplicated`` on string columns); missing keys never count."""
    r, _ = pd.factorize(observations["region_code"])
    i, i_keys = pd.factorize(observations["indicator"])
    ok = (r >= 0) & (i >= 0) & ~np.isnan(years)
    if not ok.any():
        return np.zeros(len(observations), dtype=bool)
    y = np.where(ok, years, 0).astype(np.int64)
    y -= y[ok].min()
    n_i, n_y = max(len(i_keys), 1), int(y[ok].max()) + 1
    key = (r.astype(np.int64) * n_i + i) * n_y + y
    if int(key[ok].max()) < 50_000_000:
        counts = np.bincount(key[ok])
        return ok & (counts[np.where(ok, key, 0)] > 1)
    _, inverse, counts = np.unique(key[ok], return_inverse=True, return_counts=True)
    out = np.zeros(len(observations), dtype=bool)
    out[np.flatnonzero(ok)] = counts[inverse] > 1
    return out


def latest_year_with_data(years: Sequence[int], values: np.ndarray) -> int:
    """The latest year (axis 1 of ``values``, shape ``(regions, years, indicators)``) holding any value."""
    has = ~np.isnan(values).all(axis=(0, 2)) if values.size else np.zeros(len(years), dtype=bool)
    idx = np.flatnonzero(has)
    if not len(idx):
        raise ScoringError("no observations of the framework's indicators")
    return int(years[int(idx[-1])])


def check_regions_in_result(result: Any, *regions: Any) -> None:
    """:class:`ScoringError` naming each region that ``result`` did not score."""
    scored = set(result.regions)
    missing = [r for r in regions if not isinstance(r, str) or r not in scored]
    if missing:
        shown = ", ".join(list(result.regions)[:20]) + (", ..." if len(result.regions) > 20 else "")
        raise ScoringError(f"region(s) {clip(missing, 120)} were not scored; scored regions: {shown}")


def check_nodes_in_result(result: Any, *nodes: Any) -> None:
    """:class:`ScoringError` naming each node id that is not in the result's framework (None is the root)."""
    ids = set(result.node_ids)
    missing = [n for n in nodes if n is not None and (not isinstance(n, str) or n not in ids)]
    if missing:
        raise ScoringError(f"node(s) {clip(missing, 120)} are not in the framework")
