"""The common core of the ranked index (``ScoringSpec.index == "core"``).

The framework declares which indicators form the core (:attr:`readiness.model.framework.Framework.core`, chosen by
the published screen :func:`readiness.analysis.screen.screen`). In core mode:

* **One method period per core indicator.** For every core indicator and scored year, the method period is the one
  most study regions' latest values (within the window) are in (the later one on a tie; every compared region
  counts when no study region has a value); each region takes its
  latest value within the window *in that period* -- an older one where its newest figure is in another period --
  and has no value where it has none in that period. The indicator is never dropped for everyone.
  (:func:`core_selection`.)
* **Every core indicator, fixed weights.** A region has an index only when it has a value of every core indicator
  (imputed values do not count); its index is the core composite with the fixed weights
  :meth:`~readiness.model.framework.Framework.core_weights` (no renormalisation inside the core):
  arithmetic ``I = sum_i w_i x_i``, geometric ``I = exp(sum_i w_i log x_i)``. (:func:`core_index`.)

So whether a region has an index depends on its own figures only (and, where a core indicator has a method break,
on which period most regions' values are in). Indicators outside the core are not aggregated into the index; the
pillars keep their scores (under the sufficiency rule) for display.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from readiness.model.framework import Framework
from readiness.model.rules import period_keys
from readiness.pipeline.aggregate import AGGREGATORS
from readiness.pipeline.select import ObservationCube, Selection, select_latest

__all__ = ["core_index", "core_mode", "core_selection", "majority_keys", "root_child_shares"]


def core_mode(framework: Framework, index: str) -> bool:
    """True when the index is the core composite: the spec asks for it and the framework declares a core."""
    return index == "core" and bool(framework.core)


def majority_keys(keys: np.ndarray, counted: np.ndarray | None = None) -> np.ndarray:
    """Method-period keys ``(regions, ..., indicators)`` (NaN where no value) -> per ``(..., indicator)`` the key most
    regions' values have (the later one on a tie; NaN where no region has a value). ``counted`` (boolean, one per
    region; default every region): the regions whose values are counted -- the study regions -- or, where none of
    them has a value, every region."""
    if counted is not None and np.asarray(counted).any():
        study = keys[np.asarray(counted, dtype=bool)]
        return np.where(np.isnan(majority_keys(study)), majority_keys(keys), majority_keys(study))
    flat = keys.reshape(keys.shape[0], -1)
    out = np.full(flat.shape[1], np.nan)
    for j in range(flat.shape[1]):
        col = flat[:, j][~np.isnan(flat[:, j])]
        if len(col):
            found, counts = np.unique(col, return_counts=True)
            out[j] = found[counts == counts.max()].max()
    return out.reshape(keys.shape[1:])


def core_selection(framework: Framework, cube: ObservationCube, selection: Selection, window: int | None,
                   year_positions: Sequence[int], indicators: Sequence[str] | None = None,
                   counted: np.ndarray | None = None) -> tuple[Selection, np.ndarray]:
    """``selection`` with each core indicator's values taken in its majority method period (see the module doc);
    ``indicators`` (default: the core) names others to treat the same way (the screen treats every indicator);
    ``counted`` (one boolean per region of ``cube``; default all): the regions the majority is counted over, the
    study regions (:meth:`ScoringSpec.study_mask <readiness.pipeline.spec.ScoringSpec.study_mask>`).

    Returns the new selection and the majority keys ``(years, indicators)`` (the period's ``from_year``; 0 for
    an indicator without recorded periods; NaN where no region has a value).
    """
    periods = framework.method_periods
    names = tuple(framework.core if indicators is None else indicators)
    cols = [framework.indicators.index(i) for i in names]
    keys = period_keys(periods, names, selection.year_used[..., cols])
    major = majority_keys(keys, counted)                                   # (years, core)
    values, used = selection.values.copy(), selection.year_used.copy()
    position = selection.position.copy()
    grid = np.broadcast_to(np.asarray(cube.years, dtype=float)[:, None], (len(cube.years), 1))
    for c, j in enumerate(cols):
        cube_keys = period_keys(periods, [framework.indicators[j]], grid)[:, 0]   # (cube years,)
        for m in np.unique(major[:, c][~np.isnan(major[:, c])]):
            in_period = np.where((cube_keys == m)[None, :], cube.values[:, :, j], np.nan)[:, :, None]
            one = ObservationCube(cube.regions, cube.years, (framework.indicators[j],), in_period,
                                  cube.source_ids[:, :, j : j + 1])
            v, u, p = select_latest(one, window)
            for k, y in enumerate(year_positions):
                if major[k, c] == m:
                    values[:, k, j], used[:, k, j], position[:, k, j] = v[:, y, 0], u[:, y, 0], p[:, y, 0]
    return Selection(values, used, position, selection.imputed), major


def core_index(norm: np.ndarray, raw: np.ndarray, framework: Framework, method: str
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The core composite over the last axis of ``norm`` (normalised indicators; ``raw`` the selected values before
    imputation): ``(index, coverage, has_index)``.

    ``index`` is NaN where a core value is missing; ``coverage`` is the share of the core's weight with data.
    """
    cw = framework.core_weights()
    cols = np.flatnonzero(cw > 0)
    present = ~np.isnan(norm[..., cols]) & ~np.isnan(raw[..., cols])
    has_index = present.all(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        composite = AGGREGATORS[method](norm[..., cols], cw[cols][:, None])[..., 0]
    coverage = present.astype(float) @ cw[cols]
    return np.where(has_index, composite, np.nan), coverage, has_index


def root_child_shares(framework: Framework) -> dict[int, float]:
    """Node position of each child of the root -> its share of the core index (the core weights below it)."""
    cw = framework.core_weights()
    pos = {n: k for k, n in enumerate(framework.node_ids)}
    return {pos[c]: float(sum(cw[framework.indicators.index(i)] for i in framework.indicators_under(c)))
            for c in framework.children(framework.root)}
