"""The scoring options as one object: :class:`ScoringSpec`.

The command line, the Python API, the app's sidebar and the app's cache key all build and pass the same frozen,
hashable spec, so an option is named, validated and defaulted in one place. ``readiness.score(fw, obs, spec)``
takes one; keyword arguments (``readiness.score(fw, obs, year=2024, normalise="goalposts")``) build one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal

import numpy as np

from readiness.errors import ScoringError
from readiness.pipeline import arguments as va
from readiness.pipeline.aggregate import AGGREGATORS
from readiness.pipeline.impute import IMPUTERS
from readiness.pipeline.normalise import NORMALISERS
from readiness.pipeline.treat import TREATMENTS

__all__ = ["INDEXES", "RANK_AMONG", "RankAmong", "ScoringSpec", "Ties"]

Ties = Literal["min", "max", "average"]
TIES: tuple[str, ...] = ("min", "max", "average")
#: What the index is: ``core`` = the framework's declared common core (every core indicator required, fixed
#: weights), ``extended`` = the whole framework with the data-sufficiency rule (not like for like).
INDEXES: tuple[str, ...] = ("core", "extended")
RankAmong = Literal["study", "all"]
#: Which scored regions get a rank: the study regions only (benchmarks are scored, shown for reference, unranked), or
#: every region.
RANK_AMONG: tuple[str, ...] = ("study", "all")


@dataclass(frozen=True)
class ScoringSpec:
    """Every choice that changes a score, validated on construction.

    The defaults are the recommended choices and the dashboard's starting values (its sidebar starts from
    ``ScoringSpec()``): goalposts normalisation on 0-100, values up to 3 years old, the arithmetic mean, no
    imputation or treatment, and the data-sufficiency rule on (0.5 and 2).

    Attributes
    ----------
    year
        The year to score; None = the latest year with data of the framework's indicators.
    window
        Accept the latest value up to ``window`` years before ``year`` (0 = that year only; None = any age).
    normalise, range, zscore, ties
        Normalisation method (a name in :data:`readiness.pipeline.normalise.NORMALISERS`), its output range, the z-score
        mean and SD, and how ``rank`` treats ties.
    aggregate
        A name in :data:`readiness.pipeline.aggregate.AGGREGATORS` (``arithmetic``, ``geometric``).
    impute, treat
        Names in :data:`readiness.pipeline.impute.IMPUTERS` and :data:`readiness.pipeline.treat.TREATMENTS`.
    min_coverage
        A node whose share of indicator weight with data is below this (0-1) is not scored (any node).
    pillar_min_coverage, index_min_pillars
        The data-sufficiency rule (default 0.5 and 2): a pillar (any aggregate below the index) is scored only when
        at least ``pillar_min_coverage`` of its indicator weight has data, and the index only when at least
        ``index_min_pillars`` pillars (the aggregates directly under the index) are scored. A one-level framework
        (indicators directly under the index, no pillars) holds its index to ``pillar_min_coverage`` instead, the
        index being its own and only pillar. Coverage counts only the indicators some compared region has in
        the year window; an indicator no region has is set aside (with a note), not counted against everyone.
        Below the rule the score is missing ("not enough data"), never a number. 0 and 0 switch the rule off.
    regions
        The comparison set: region codes to score, or None for every region of the data.
    index
        ``core`` (default): the index is the composite of the framework's declared common core
        (:attr:`readiness.model.framework.Framework.core`) with fixed weights; a region has an index only when it
        has every core indicator within the window, in the method period most compared regions' values are in (its
        latest value in that period). Indicators outside the core are published figures, never aggregated into
        the index; pillars keep their scores for display under the sufficiency rule. ``extended``: the whole
        framework, renormalised over what each region has, under the sufficiency rule ("indeks diperluas", not
        like for like). A framework that declares no core is always scored as ``extended``.
    study, rank_among
        The study regions (``Dataset.study_regions()``: the groups with role ``study`` in ``groups.csv``; None =
        every region is one) and which regions are ranked: ``"study"`` (default) ranks only the study regions, so a
        benchmark region keeps its score but has no rank and is not counted in "rank N of M"; ``"all"`` ranks every
        scored region. Scores never depend on this choice; ranks do, and on every path alike, because they travel
        in the spec (the app and the CLI fill ``study`` from the dataset).
    """

    year: int | None = None
    window: int | None = 3
    normalise: str = "goalposts"
    range: tuple[float, float] = (0.0, 100.0)
    zscore: tuple[float, float] = (0.0, 1.0)
    ties: str = "average"
    aggregate: str = "arithmetic"
    impute: str = "none"
    treat: str = "none"
    min_coverage: float = 0.0
    regions: tuple[str, ...] | None = None
    pillar_min_coverage: float = 0.5
    index_min_pillars: int = 2
    index: str = "core"
    study: tuple[str, ...] | None = None
    rank_among: str = "study"

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # normalise types once so equal specs hash equal (2024 == 2024.0, list == tuple)
        if self.year is not None:
            set_(self, "year", va.check_year(self.year))
        set_(self, "window", va.check_window(self.window))
        set_(self, "range", va.check_finite_pair(self.range, "range"))
        set_(self, "zscore", va.check_finite_pair(self.zscore, "zscore (mean, sd)"))
        set_(self, "min_coverage", va.check_min_coverage(self.min_coverage))
        set_(self, "pillar_min_coverage", float(self.pillar_min_coverage))
        set_(self, "index_min_pillars", _whole(self.index_min_pillars, "index_min_pillars"))
        if not 0.0 <= self.pillar_min_coverage <= 1.0:
            raise ScoringError(f"pillar_min_coverage must be between 0 and 1, got {self.pillar_min_coverage:g}")
        if self.index_min_pillars < 0:
            raise ScoringError(f"index_min_pillars must be >= 0, got {self.index_min_pillars}")
        if self.regions is not None:
            set_(self, "regions", tuple(str(c) for c in self.regions))
        if self.study is not None:
            if isinstance(self.study, str):
                raise ScoringError(f"study must be a list of region codes, got the text {self.study!r}")
            set_(self, "study", tuple(sorted({str(c) for c in self.study})))
        for value, allowed, what in (
            (self.normalise, NORMALISERS, "normalisation"),
            (self.aggregate, AGGREGATORS, "aggregation"),
            (self.impute, IMPUTERS, "imputation"),
            (self.treat, TREATMENTS, "treatment"),
            (self.ties, TIES, "ties rule"),
            (self.index, INDEXES, "index"),
            (self.rank_among, RANK_AMONG, "rank_among"),
        ):
            if value not in allowed:
                raise ScoringError(f"unknown {what} {value!r}; choose one of {', '.join(allowed)}")
        lo, hi = self.range
        if not lo < hi:
            raise ScoringError(f"normalisation range must have lower < upper, got {lo:g} {hi:g}")
        if self.normalise == "zscore" and not self.zscore[1] > 0:
            raise ScoringError(f"z-score standard deviation must be > 0, got {self.zscore[1]:g}")

    @classmethod
    def from_options(cls, base: ScoringSpec | None = None, **options: Any) -> ScoringSpec:
        """A spec from ``base`` (default: the defaults) with ``options`` replacing its fields (None = keep)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ScoringError(f"unknown scoring option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        base = base or cls()
        return replace(base, **options)

    def but(self, **changes: Any) -> ScoringSpec:
        """A copy with some fields changed (``spec.but(year=2023)``)."""
        return replace(self, **changes)

    @property
    def sufficiency_off(self) -> bool:
        """True when the sufficiency rule is switched off (both thresholds 0)."""
        return self.pillar_min_coverage == 0 and self.index_min_pillars == 0

    def ranked(self, regions: Sequence[str]) -> np.ndarray:
        """Which of ``regions`` get a rank (boolean, one per region): the study regions when ``rank_among`` is
        ``"study"`` and a study set is given, else every region."""
        if self.rank_among == "all" or self.study is None:
            return np.ones(len(regions), dtype=bool)
        return np.isin(np.asarray(regions, dtype=object), np.asarray(self.study, dtype=object))

    def study_mask(self, regions: Sequence[str]) -> np.ndarray:
        """Which of ``regions`` are study regions (boolean, one per region; all when no study set is given): the
        regions a method period's majority and the default year are counted over, whoever is ranked."""
        if self.study is None:
            return np.ones(len(regions), dtype=bool)
        return np.isin(np.asarray(regions, dtype=object), np.asarray(self.study, dtype=object))

    def as_dict(self) -> dict[str, Any]:
        """Plain dict of the options (for ``Result.params`` and reports)."""
        return asdict(self)

    def to_json(self) -> str:
        """The whole spec as canonical JSON (sorted keys, tuples as lists): what a snapshot stores. Equal specs give
        equal text, and :meth:`from_json` gives back an equal spec."""
        return json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False, allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> ScoringSpec:
        """The spec :meth:`to_json` wrote (validated as any spec; an unknown option is a :class:`ScoringError`)."""
        try:
            options = json.loads(text)
        except (TypeError, ValueError):
            raise ScoringError(f"not a saved scoring spec (JSON): {str(text)[:80]!r}") from None
        if not isinstance(options, dict):
            raise ScoringError(f"not a saved scoring spec (a JSON object): {str(text)[:80]!r}")
        return cls.from_options(**options)


def _whole(value: Any, what: str) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ScoringError(f"{what} must be a whole number, got {value!r}") from None
    if not math.isfinite(number) or number != int(number):
        raise ScoringError(f"{what} must be a whole number, got {value!r}")
    return int(number)
