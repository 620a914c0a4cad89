"""Optional outlier treatment: winsorisation by the skew/kurtosis rule (COINr ``Treat`` defaults). Always reported.

For each indicator with ``n`` observed values and ``d = x - mean``:

* ``skew = sqrt(n) * sum(d^3) / sum(d^2)^1.5 * sqrt(n (n - 1)) / (n - 2)``
* ``kurt = ((n + 1)(r - 3) + 6)(n - 1) / ((n - 2)(n - 3))`` with ``r = n sum(d^4) / sum(d^2)^2``

An indicator passes if ``|skew| < 2`` or ``kurt < 3.5``, and is then left unchanged. Otherwise, while it fails and
fewer than ``winmax`` points are winsorised: if ``skew >= 0`` every value equal to the current maximum is set to
the largest other value, else every value equal to the minimum to the smallest other value. If it still fails,
the original column is log-transformed instead: ``log(x - min + 0.01 (max - min))``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from readiness.errors import ScoringError

__all__ = ["TREATMENTS", "TREAT_METHODS", "Treater", "skew_kurt", "t_winsorise", "treat"]

#: A treater takes one indicator column and ``winmax`` and returns ``(treated, details, win_high, win_low)``.
Treater = Callable[..., tuple[np.ndarray, dict, np.ndarray, np.ndarray]]
SKEW_LIMIT = 2.0
KURT_LIMIT = 3.5


def skew_kurt(x: np.ndarray) -> tuple[float, float]:
    """Sample skewness and excess kurtosis of the observed values (formulas in the module docstring)."""
    v = np.asarray(x, dtype=float)
    v = v[~np.isnan(v)]
    n = len(v)
    if n < 4:
        return float("nan"), float("nan")
    d = v - v.mean()
    s2 = np.sum(d**2)
    if s2 == 0:
        return 0.0, float("nan")
    skew = np.sqrt(n) * np.sum(d**3) / s2**1.5 * np.sqrt(n * (n - 1)) / (n - 2)
    r = n * np.sum(d**4) / s2**2
    kurt = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    return float(skew), float(kurt)


def _passes(skew: float, kurt: float) -> bool:
    return bool(np.isnan(skew) or abs(skew) < SKEW_LIMIT or kurt < KURT_LIMIT)


def t_winsorise(x: np.ndarray, winmax: int = 5) -> tuple[np.ndarray, dict, np.ndarray, np.ndarray]:
    """Treat one indicator column. Returns ``(treated, details, win_high, win_low)``.

    ``details`` holds ``skew0, kurt0, pass0, nwin, skew1, kurt1, pass1, log_transformed``; ``win_high`` and
    ``win_low`` flag the winsorised points.
    """
    orig = np.asarray(x, dtype=float)
    out = orig.copy()
    skew0, kurt0 = skew_kurt(out)
    details = {"skew0": skew0, "kurt0": kurt0, "pass0": _passes(skew0, kurt0), "nwin": np.nan,
               "skew1": np.nan, "kurt1": np.nan, "pass1": np.nan, "log_transformed": False}
    hi = np.zeros(out.shape, dtype=bool)
    lo = np.zeros(out.shape, dtype=bool)
    if details["pass0"]:
        return out, details, hi, lo
    skew, kurt, nwin = skew0, kurt0, 0
    last_hi = last_lo = np.zeros(out.shape, dtype=bool)
    while not _passes(skew, kurt) and nwin < winmax:
        obs = ~np.isnan(out)
        if skew >= 0:
            top = np.nanmax(out)
            last_hi = obs & (out == top)
            out[last_hi] = np.max(out[obs & ~last_hi])
            hi |= last_hi
        else:
            bottom = np.nanmin(out)
            last_lo = obs & (out == bottom)
            out[last_lo] = np.min(out[obs & ~last_lo])
            lo |= last_lo
        nwin = int(last_hi.sum() + last_lo.sum())
        skew, kurt = skew_kurt(out)
    details.update(nwin=nwin, skew1=skew, kurt1=kurt, pass1=_passes(skew, kurt))
    if not details["pass1"]:
        mn, mx = np.nanmin(orig), np.nanmax(orig)
        out = np.log(orig - mn + 0.01 * (mx - mn))
        details["log_transformed"] = True
        hi[:] = lo[:] = False
    return out, details, hi, lo


#: The treatments by name (``none`` is handled without calling anything).
TREATMENTS: dict[str, Treater | None] = {"none": None, "winsorise": t_winsorise}
TREAT_METHODS: tuple[str, ...] = tuple(TREATMENTS)


def treat(x: np.ndarray, indicators: tuple[str, ...], method: str = "none", winmax: int = 5
          ) -> tuple[np.ndarray, pd.DataFrame, np.ndarray]:
    """Apply ``method`` (a name in :data:`TREATMENTS`) to each indicator column of a 2-D array (regions x
    indicators).

    Returns ``(treated, details, changed)``: ``details`` has one row per indicator (empty for ``none``) and
    ``changed`` flags every cell whose value the treatment changed.
    """
    if method not in TREATMENTS:
        raise ScoringError(f"unknown treatment {method!r}; choose one of {', '.join(TREATMENTS)}")
    x = np.asarray(x, dtype=float)
    treater = TREATMENTS[method]
    if treater is None:
        return x, pd.DataFrame(), np.zeros(x.shape, dtype=bool)
    out = x.copy()
    rows = []
    for j, ind in enumerate(indicators):  # per indicator: each column has its own loop of iterations
        col, det, hi, lo = treater(x[:, j], winmax=winmax)
        out[:, j] = col
        rows.append({"indicator": ind, **det, "n_high": int(hi.sum()), "n_low": int(lo.sum())})
    changed = ~np.isnan(x) & (out != x)
    return out, pd.DataFrame(rows), changed
