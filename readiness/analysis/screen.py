"""The published screen that chooses the common core of the ranked index (COINr's ``Screen()`` is the anchor,
stricter here).

:func:`screen` tests every indicator of a framework on the study regions (by default the regions of the groups
flagged ``headline`` in ``groups.csv``: the IKN buffers and the Jakarta buffers) in one year. Per indicator:

1. **One method period.** Each study region's latest value within the window (``ScoringSpec.window`` years) is
   taken in the method period most study regions' latest values are in (the later one on a tie), exactly as scoring
   the core takes it (:func:`readiness.pipeline.core.core_selection`).
2. **Coverage.** At least ``min_share`` (default 1/2) of the study regions have a value in that period, and at least
   ``min_per_group`` (default 2) in each study group.
3. **Not constant.** At least ``min_unique`` (default 1/2) of the values in that period are distinct: COINr's
   ``get_stats()`` flags an indicator whose proportion of unique values is below ``t_unq = 0.5``. A constant cannot
   order regions, and a near-constant (a yes/no that one region in nine lacks, "MPP in operation") orders them
   only by a record: a region's index would rise or fall by a whole score step on one report.

An indicator that passes all three belongs in the core; the framework declares the result (``core: true`` with a
``core_rationale``), and a data test re-runs the screen on ``data/`` and fails when the declaration and the screen
disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from readiness.errors import ScoringError
from readiness.model.framework import Framework
from readiness.pipeline.core import core_selection
from readiness.pipeline.scoring import prepare_cube
from readiness.pipeline.select import ObservationCube, select

__all__ = ["SCREEN_COLUMNS", "ScreenRules", "screen", "study_regions"]

#: The columns of :func:`screen`'s table (then one ``n_<group>`` column per study group).
SCREEN_COLUMNS = ("indicator", "declared_core", "period_from", "n_regions", "n_study", "share", "unique_share",
                  "constant", "passes", "fails")


@dataclass(frozen=True)
class ScreenRules:
    """The screen's thresholds: ``min_share`` of the study regions with a value, ``min_per_group`` in each group,
    ``min_unique`` of the values distinct."""

    min_share: float = 0.5
    min_per_group: int = 2
    min_unique: float = 0.5


def screen(framework: Framework, observations: pd.DataFrame | ObservationCube, study: Mapping[str, str], *,
           year: int, window: int | None, rules: ScreenRules | None = None) -> pd.DataFrame:
    """Screen every indicator of ``framework`` for the core on the ``study`` regions (region code -> group id) in
    ``year``, with values up to ``window`` years old (see the module doc). Method periods come from
    ``framework.method_periods`` (attached by the dataset loader).

    Returns
    -------
    pandas.DataFrame
        One row per indicator (framework order), columns :data:`SCREEN_COLUMNS` then ``n_<group>`` per study group:
        whether the framework declares it core, the method period used (its ``from_year``; 0 = no recorded periods;
        NaN = no value), how many study regions have a value in it (``n_regions`` of ``n_study``, ``share``),
        the share of those values that are distinct and whether that is below ``min_unique`` (``constant``),
        whether it passes, and which tests it fails (``share``,
        ``group:<id>``, ``constant``; ``;``-separated).
    """
    rules = rules or ScreenRules()
    codes = [str(c) for c in study]
    if not codes:
        raise ScoringError("the screen needs at least one study region")
    groups = np.array([str(study[c]) for c in codes], dtype=object)
    wanted = list(dict.fromkeys(groups))
    cube = prepare_cube(framework, observations, codes)  # the study regions only, from a frame or a cube
    ypos = [cube.year_index(year)]
    chosen, major = core_selection(framework, cube, select(cube, window, ypos), window, ypos, framework.indicators)
    values = chosen.values[:, 0]
    rows = []
    for j, ind in enumerate(framework.indicators):
        have = ~np.isnan(values[:, j])
        per_group = {g: int(have[groups == g].sum()) for g in wanted}
        share = float(have.mean())
        unique = len(np.unique(values[have, j])) / have.sum() if have.any() else 0.0
        constant = bool(unique < rules.min_unique - 1e-12)
        fails = ([] if share >= rules.min_share - 1e-12 else ["share"])
        fails += [f"group:{g}" for g, n in per_group.items() if n < rules.min_per_group]
        fails += ["constant"] if constant else []
        rows.append({"indicator": ind, "declared_core": framework.nodes[ind].core, "period_from": major[0, j],
                     "n_regions": int(have.sum()), "n_study": len(codes), "share": share, "unique_share": float(unique),
                     "constant": constant,
                     "passes": not fails, "fails": ";".join(fails),
                     **{f"n_{g}": n for g, n in per_group.items()}})
    return pd.DataFrame(rows, columns=[*SCREEN_COLUMNS, *(f"n_{g}" for g in wanted)])


def study_regions(regions: pd.DataFrame, groups: Sequence[str]) -> dict[str, str]:
    """Region code -> group of the regions of ``groups`` (e.g. ``Dataset.headline_groups()``) in a regions table."""
    keep = regions[regions["group"].isin(list(groups))]
    return dict(zip(keep["code"].astype(str), keep["group"].astype(str), strict=True))
