"""Which changed value moved the ranking: a snapshot's data re-scored with the changes since, all of them and each
one alone.

The ranking of a snapshot (its data, its framework, its spec) is compared with the ranking of the same framework and
spec on the data with every change applied: where a region's rank differs, the ranking moved. Each change is then
applied alone to the snapshot's data and the data re-scored; a change that alone gives a region another rank is
named as having moved it. Changes that only move the ranking together (none alone) are said to do so. At most
``limit`` changes are tried one by one (each is one scoring of the year), so the cost is bounded.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from readiness.errors import ReadinessWarning
from readiness.model.framework import Framework
from readiness.pipeline.scoring import score
from readiness.pipeline.spec import ScoringSpec

__all__ = ["RankMoves", "apply_changes", "rank_moves"]

_KEY = ["region_code", "indicator", "year"]


@dataclass(frozen=True)
class RankMoves:
    """``moved``: regions whose index rank differs between the snapshot and its data with every change
    (``region_code, rank_then, rank_now``); ``by_change``: for each change that alone moves a rank, one row per
    region moved (``change`` = the change's row number in the changes given, ``region_code, indicator, year,
    moved_region, rank_then, rank_alone``); ``tried`` of ``total`` changes were tried alone."""

    moved: pd.DataFrame
    by_change: pd.DataFrame
    tried: int
    total: int


def apply_changes(observations: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """``observations`` with ``changes`` applied (columns ``region_code, indicator, year, new`` and optionally
    ``source_id``; ``new`` None/NaN removes the value). Derived rows are left as they are. Input not mutated."""
    obs = observations
    derived = obs["derived"].astype(bool) if "derived" in obs else pd.Series(False, index=obs.index)
    keys = pd.MultiIndex.from_frame(obs[_KEY].astype({"year": "int64"}))
    wanted = pd.MultiIndex.from_frame(changes[_KEY].astype({"year": "int64"}))
    hit = keys.isin(wanted) & ~derived.to_numpy()
    kept = obs[~hit]
    new = changes[changes["new"].notna()]
    if new.empty:
        return kept.reset_index(drop=True)
    added = pd.DataFrame({"region_code": new["region_code"].to_numpy(), "indicator": new["indicator"].to_numpy(),
                          "year": new["year"].to_numpy(), "value": new["new"].astype(float).to_numpy()})
    if "source_id" in changes and "source_id" in obs:
        added["source_id"] = new["source_id"].to_numpy()
    if "derived" in obs:
        added["derived"] = False
    added = added.astype({c: obs[c].dtype for c in added.columns})
    return pd.concat([kept, added], ignore_index=True)


def _ranks(framework: Framework, observations: pd.DataFrame, spec: ScoringSpec,
           regions: pd.DataFrame | None) -> pd.Series:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadinessWarning)
        result = score(framework, observations, spec, regions=regions)
    return result.ranks_frame()[framework.root]


def _differ(a: pd.Series, b: pd.Series) -> list[str]:
    """Regions whose rank differs (a missing rank equals only a missing rank)."""
    both = a.index.union(b.index)
    x, y = a.reindex(both).to_numpy(float), b.reindex(both).to_numpy(float)
    same = (x == y) | (np.isnan(x) & np.isnan(y))
    return [str(c) for c in both[~same]]


def _rank(value: float) -> int | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)


def rank_moves(framework: Framework, observations: pd.DataFrame, spec: ScoringSpec, changes: pd.DataFrame, *,
               regions: pd.DataFrame | None = None, limit: int = 40) -> RankMoves:
    """Whether ``changes`` move the index ranking of ``spec`` on ``observations`` (a snapshot's), and which.

    Parameters
    ----------
    framework, observations, spec, regions
        The snapshot's framework, observations (derived included), scoring spec and regions table.
    changes
        The values changed since (``region_code, indicator, year, new`` [, ``source_id``]; ``new`` missing = removed).
    limit
        At most this many changes are tried one at a time (the first ones, in the order given).
    """
    base = _ranks(framework, observations, spec, regions)
    empty = pd.DataFrame(columns=["change", "region_code", "indicator", "year", "moved_region", "rank_then",
                                  "rank_alone"])
    if changes.empty:
        return RankMoves(pd.DataFrame(columns=["region_code", "rank_then", "rank_now"]), empty, 0, 0)
    now = _ranks(framework, apply_changes(observations, changes), spec, regions)
    moved = _differ(base, now)
    moved_frame = pd.DataFrame({"region_code": moved, "rank_then": [_rank(base.get(c)) for c in moved],
                                "rank_now": [_rank(now.get(c)) for c in moved]})
    rows = []
    tried = 0
    if moved:
        for i, change in enumerate(changes.head(limit).itertuples(index=False)):
            tried += 1
            alone = _ranks(framework, apply_changes(observations, changes.iloc[[i]]), spec, regions)
            for code in _differ(base, alone):
                rows.append({"change": i, "region_code": change.region_code, "indicator": change.indicator,
                             "year": int(change.year), "moved_region": code, "rank_then": _rank(base.get(code)),
                             "rank_alone": _rank(alone.get(code))})
    return RankMoves(moved_frame, pd.DataFrame(rows, columns=empty.columns), tried, len(changes))
