"""The scoring pipeline: select -> impute -> treat -> normalise -> aggregate -> rank, into one frozen :class:`Result`.

Every stage is a pure function over numpy arrays with regions on axis 0 and indicators (then all nodes) on the last
axis. :func:`score` scores one year; :func:`score_years` scores many years in one vectorised pass.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from readiness.errors import DataError, ReadinessWarning, ScoringError, UnknownNameError, clip
from readiness.model.framework import Framework
from readiness.model.register import SCORED_KINDS
from readiness.pipeline import arguments as va
from readiness.pipeline.aggregate import aggregate as aggregate_stage
from readiness.pipeline.core import core_index, core_mode, core_selection, root_child_shares
from readiness.pipeline.impute import ImputeContext
from readiness.pipeline.impute import impute as impute_stage
from readiness.pipeline.normalise import normalise as normalise_stage
from readiness.pipeline.normalise import status_notes
from readiness.pipeline.provenance import DEFAULT_YEAR_RULE, MethodUsed, Note
from readiness.pipeline.rank import rank as rank_stage
from readiness.pipeline.select import ObservationCube, Selection, build_cube, select
from readiness.pipeline.spec import ScoringSpec
from readiness.pipeline.treat import treat as treat_stage

__all__ = ["DEFAULT_YEAR_RULE", "LONG_COLUMNS", "Result", "ScoringSpec", "default_year", "score", "score_years"]

#: Columns of :meth:`Result.to_frame` and of ``python -m readiness score``.
LONG_COLUMNS = ("region_code", "node", "score", "rank", "coverage")


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class Result:
    """Everything one scoring run produced, for one year, traceable down to raw figures and their sources.

    Arrays are read-only; the ``*_frame`` methods return new DataFrames (regions as index).

    Attributes
    ----------
    regions
        Region codes (axis 0 of every array).
    year
        The year scored.
    spec
        The :class:`~readiness.pipeline.spec.ScoringSpec` used (its ``year`` is this result's year).
    raw
        Selected raw values ``(regions, indicators)`` before imputation and treatment (NaN = no data).
    year_used, source_ids
        The year and ``source_id`` of every raw value (NaN / None where missing). Sources are looked up when first
        asked for.
    imputed, treated_mask
        Which cells were filled by imputation, and which were changed by outlier treatment.
    values
        Scores of every node ``(regions, nodes)`` in ``framework.node_ids`` order: indicators' normalised values,
        then aggregates.
    coverage
        Share of each node's indicator weight that had data (0-1), counting a child that is missing (below the
        sufficiency rule or ``min_coverage``) as 0; indicators no compared region has are set aside.
    data_coverage
        Share of each node's (available) indicator weight with data, whether or not its children met the rule:
        what "not enough data (coverage x %)" reports.
    shares
        Each node's weight share in its parent's score, per region (0 where missing).
    ranks
        Rank per node among the regions (1 = best; ties share the lowest rank; missing = NaN, unranked); computed
        when first asked for.
    methods
        The normalisation actually used per indicator (:class:`~readiness.pipeline.provenance.MethodUsed`).
    status
        Per indicator, whether the regions compared could be compared: ``ok``, ``single``, ``tied``, ``none``.
    notes
        Typed :class:`~readiness.pipeline.provenance.Note` records: single-region and tied indicators, target fallbacks,
        weight rescaling, imputation and treatment. ``str(note)`` reads as English; the dashboard translates them.
    """

    framework: Framework
    regions: tuple[str, ...]
    year: int
    spec: ScoringSpec
    raw: np.ndarray
    year_used: np.ndarray
    imputed: np.ndarray
    treated_mask: np.ndarray
    values: np.ndarray
    coverage: np.ndarray
    shares: np.ndarray
    methods: Mapping[str, MethodUsed]
    status: Mapping[str, str]
    notes: tuple[Note, ...]
    treatment: tuple[Mapping[str, Any], ...] = ()
    data_coverage: np.ndarray | None = None
    _position: np.ndarray | None = field(default=None, repr=False)
    _cube_sources: np.ndarray | None = field(default=None, repr=False)

    @cached_property
    def ranks(self) -> np.ndarray:
        """Rank of every node among the regions the spec ranks (``ScoringSpec.ranked``: the study regions by
        default; the others keep their scores and have no rank), computed on first use, then kept."""
        return _frozen(rank_stage(self.values, self.spec.ranked(self.regions)))

    @cached_property
    def source_ids(self) -> np.ndarray:
        """The ``source_id`` of every raw value (looked up on first use, then kept)."""
        if self._position is None or self._cube_sources is None:
            return _frozen(np.full(self.raw.shape, None, dtype=object))
        r_idx = np.arange(self.raw.shape[0])[:, None]
        i_idx = np.arange(self.raw.shape[1])[None, :]
        pos = self._position
        return _frozen(np.where(pos >= 0, self._cube_sources[r_idx, np.maximum(pos, 0), i_idx], None))

    @property
    def insufficient(self) -> np.ndarray:
        """``(regions, nodes)``: True where a node has some data but not enough for the sufficiency rule of the
        spec (its score is missing: "not enough data")."""
        return _frozen(np.isnan(self.values) & (self._data_coverage > 0))

    @property
    def _data_coverage(self) -> np.ndarray:
        return self.coverage if self.data_coverage is None else self.data_coverage

    def data_coverage_of(self, region: str, node: str | None = None) -> float:
        """Share of ``node``'s indicator weight with data for ``region``, whether or not it met the rule."""
        return float(self._data_coverage[self._r(region), self._n(node or self.framework.root)])

    def missing_core(self, region: str) -> tuple[str, ...]:
        """The core indicators ``region`` has no value of within the window (in their majority method period): why
        it has no index under the core index. Empty when it has one, or when the index is not the core."""
        if not core_mode(self.framework, self.spec.index):
            return ()
        row = self.raw[self._r(region)]
        return tuple(i for i in self.framework.core if np.isnan(row[self.framework.indicators.index(i)]))

    def meets_rule(self, region: str, node: str | None = None) -> bool:
        """Whether ``region``'s ``node`` (default: the index) meets the sufficiency rule (it has a score)."""
        return not np.isnan(self.score_of(region, node))

    @property
    def is_core(self) -> bool:
        """True when the index is the framework's common core (``spec.index == "core"`` and a core declared)."""
        return core_mode(self.framework, self.spec.index)

    @property
    def params(self) -> Mapping[str, Any]:
        """The options used, as a read-only mapping (the spec's fields plus the number of regions)."""
        return MappingProxyType({**self.spec.as_dict(), "regions": len(self.regions)})

    @property
    def indicator_methods(self) -> Mapping[str, str]:
        """The normalisation used per indicator, as plain text (``goalposts``, ``minmax (no goalposts)``...)."""
        return MappingProxyType({k: str(m) for k, m in self.methods.items()})

    # -- lookups ------------------------------------------------------------------------------------------------
    @property
    def node_ids(self) -> tuple[str, ...]:
        """Node ids in array order (indicators first, then aggregates bottom-up; the root last)."""
        return self.framework.node_ids

    def _r(self, region: str) -> int:
        try:
            return self.regions.index(region)
        except ValueError:
            shown = ", ".join(self.regions[:30]) + (", ..." if len(self.regions) > 30 else "")
            raise UnknownNameError(f"region {clip(region)} was not scored; scored regions: {shown}") from None

    def _n(self, node: str) -> int:
        try:
            return self.node_ids.index(node)
        except ValueError:
            raise UnknownNameError(f"no node {clip(node)} in the framework") from None

    def score_of(self, region: str, node: str | None = None) -> float:
        """Score of ``region`` at ``node`` (default: the index); NaN when missing."""
        return float(self.values[self._r(region), self._n(node or self.framework.root)])

    def rank_of(self, region: str, node: str | None = None) -> float:
        """Rank of ``region`` at ``node`` (default: the index); NaN when unranked."""
        return float(self.ranks[self._r(region), self._n(node or self.framework.root)])

    def coverage_of(self, region: str, node: str | None = None) -> float:
        """Coverage of ``region`` at ``node`` (default: the index)."""
        return float(self.coverage[self._r(region), self._n(node or self.framework.root)])

    # -- tables -------------------------------------------------------------------------------------------------
    def _wide(self, array: np.ndarray, columns: Sequence[str]) -> pd.DataFrame:
        frame = pd.DataFrame(np.array(array), index=pd.Index(self.regions, name="region_code"), columns=list(columns))
        frame.columns.name = "node"
        return frame

    def scores_frame(self) -> pd.DataFrame:
        """Wide table of every node's score: regions x nodes."""
        return self._wide(self.values, self.node_ids)

    def ranks_frame(self) -> pd.DataFrame:
        """Wide table of ranks (nullable integers): regions x nodes."""
        return self._wide(self.ranks, self.node_ids).astype("Int64")

    def coverage_frame(self) -> pd.DataFrame:
        """Wide table of coverage (0-1): regions x nodes."""
        return self._wide(self.coverage, self.node_ids)

    def raw_frame(self) -> pd.DataFrame:
        """Wide table of the selected raw values: regions x indicators."""
        return self._wide(self.raw, self.framework.indicators)

    def year_used_frame(self) -> pd.DataFrame:
        """Wide table of the year each raw value came from (nullable integers)."""
        return self._wide(self.year_used, self.framework.indicators).astype("Int64")

    def normalised_frame(self) -> pd.DataFrame:
        """Wide table of normalised indicator values: regions x indicators."""
        return self._wide(self.values[:, : len(self.framework.indicators)], self.framework.indicators)

    def treatment_frame(self) -> pd.DataFrame:
        """One row per indicator describing outlier treatment (empty when treatment was off)."""
        return pd.DataFrame(list(self.treatment))

    def to_frame(self) -> pd.DataFrame:
        """The long table ``region_code, node, score, rank, coverage``: one row per region and node.

        Indicators' rows hold their normalised values. The same table is written by ``python -m readiness score``.
        """
        n_regions, n_nodes = self.values.shape
        return pd.DataFrame(
            {
                "region_code": np.repeat(np.array(self.regions, dtype=object), n_nodes),
                "node": np.tile(np.array(self.node_ids, dtype=object), n_regions),
                "score": self.values.ravel(),
                "rank": pd.array(self.ranks.ravel(), dtype="Float64").astype("Int64"),
                "coverage": self.coverage.ravel(),
            }
        )

    # -- provenance ---------------------------------------------------------------------------------------------
    def effective_shares(self, node: str | None = None) -> pd.DataFrame:
        """Each indicator's share in ``node``'s score per region: the product of weight shares along its path.

        For an arithmetic aggregation ``score(node) = sum_i share_i * normalised_i`` exactly; for a geometric one
        ``log score(node) = sum_i share_i * log normalised_i``.
        """
        node = node or self.framework.root
        col = self._n(node)
        inds = self.framework.indicators_under(node)
        if node == self.framework.root and self.is_core:  # the core's fixed weights (no renormalisation)
            fixed = np.where(np.isnan(self.values[:, col])[:, None], 0.0, self.framework.core_weights()[None, :])
            return self._wide(fixed, inds)
        out = np.zeros((len(self.regions), len(inds)))
        for k, ind in enumerate(inds):  # walk each indicator's path up to ``node``; vectorised over regions
            share = np.ones(len(self.regions))
            current = ind
            while current != node:
                share = share * self.shares[:, self._n(current)]
                current = self.framework.nodes[current].parent
            out[:, k] = share
        out[np.isnan(self.values[:, col])] = 0.0
        return self._wide(out, inds)

    def contributions(self, node: str | None = None) -> pd.DataFrame:
        """Each indicator's contribution to ``node``'s score per region (regions x indicators).

        Arithmetic: ``share_i * normalised_i`` (rows sum to the node's score). Geometric: ``share_i * log(x_i)``
        (rows sum to the log of the node's score).
        """
        shares = self.effective_shares(node)
        norm = self.normalised_frame()[shares.columns]
        if self.params.get("aggregate") == "geometric":
            with np.errstate(divide="ignore", invalid="ignore"):
                norm = np.log(norm)
        return (shares * norm.fillna(0.0)).where(shares > 0, 0.0)

    def trace(self, region: str, node: str | None = None) -> pd.DataFrame:
        """How ``region``'s score at ``node`` was made: one row per indicator below it.

        Columns: ``indicator, raw, unit, year_used, source_id, imputed, treated, normalised, method, share,
        contribution``. Missing raw values appear as NaN with share 0.
        """
        node = node or self.framework.root
        r = self._r(region)
        inds = list(self.framework.indicators_under(node))
        pos = [self.framework.indicators.index(i) for i in inds]
        shares = self.effective_shares(node).loc[region]
        contrib = self.contributions(node).loc[region]
        return pd.DataFrame(
            {
                "indicator": inds,
                "raw": self.raw[r, pos],
                "unit": [self.framework.nodes[i].unit for i in inds],
                "year_used": pd.array(self.year_used[r, pos], dtype="Float64").astype("Int64"),
                "source_id": [self.source_ids[r, p] for p in pos],
                "imputed": self.imputed[r, pos],
                "treated": self.treated_mask[r, pos],
                "normalised": self.values[r, pos],
                "method": [str(self.methods[i]) for i in inds],
                "share": shares[inds].to_numpy(),
                "contribution": contrib[inds].to_numpy(),
            }
        )


# -------------------------------------------------------------------------------------------------------------------


def _region_codes_and_groups(regions: pd.DataFrame | Sequence[str] | None) -> tuple[list[str] | None, dict[str, str]]:
    if regions is None:
        return None, {}
    if isinstance(regions, pd.DataFrame):
        codes = regions["code"].to_numpy(dtype=object)
        keep = np.isin(regions["kind"].to_numpy(dtype=object), SCORED_KINDS) if "kind" in regions else slice(None)
        codes = [str(c) for c in codes[keep]]
        groups = (dict(zip(codes, (str(g) for g in regions["group"].to_numpy(dtype=object)[keep]), strict=True))
                  if "group" in regions else {})
        return codes, groups
    return [str(c) for c in regions], {}


def prepare_cube(framework: Framework, observations: pd.DataFrame | ObservationCube,
                  codes: list[str] | None) -> ObservationCube:
    if isinstance(observations, ObservationCube):
        cube = observations
        if tuple(cube.indicators) != framework.indicators:
            raise ScoringError("the observation cube was built for other indicators than this framework's")
        if codes is not None and tuple(codes) != cube.regions:
            idx = pd.Index(cube.regions).get_indexer(codes)
            values = np.full((len(codes), *cube.values.shape[1:]), np.nan)
            sources = np.full(values.shape, None, dtype=object)
            values[idx >= 0] = cube.values[idx[idx >= 0]]
            sources[idx >= 0] = cube.source_ids[idx[idx >= 0]]
            cube = ObservationCube(tuple(codes), cube.years, cube.indicators, values, sources)
        return cube
    return build_cube(observations, framework.indicators, regions=codes)


def _spec_of(spec: ScoringSpec | None, options: dict[str, Any]) -> ScoringSpec:
    """The spec given, with any keyword options replacing its fields."""
    given = {k: v for k, v in options.items() if v is not _UNSET}
    if spec is not None and not isinstance(spec, ScoringSpec):
        raise ScoringError(f"spec must be a ScoringSpec, got {type(spec).__name__}")
    return ScoringSpec.from_options(spec, **given) if given else (spec or ScoringSpec())


_UNSET: Any = object()


def _cube_years(cube: ObservationCube, wanted: Sequence[int], spec: ScoringSpec
                ) -> tuple[ObservationCube, list[int]]:
    """The cube cut to the years needed (the wanted ones and, for the window, those before), and the wanted
    years' positions in it."""
    for y in wanted:
        cube.year_index(y)
    reach = len(cube.years) if spec.window is None or spec.impute == "carry-forward" else spec.window
    first = min(wanted) - reach
    keep = [k for k, y in enumerate(cube.years) if first <= y <= max(wanted)]
    span = slice(keep[0], keep[-1] + 1)  # the year axis is contiguous: a slice is a view, not a copy
    sub = ObservationCube(cube.regions, cube.years[span], cube.indicators, cube.values[:, span],
                          cube.source_ids[:, span])
    return sub, [sub.years.index(y) for y in wanted]


def _data_coverage(framework: Framework, has: np.ndarray, available: np.ndarray) -> np.ndarray:
    """Per node, the share of its available indicator weight with data (children never dropped):
    ``C(node) = sum_c w_c C(c)``, ``A(node) = sum_c w_c A(c)``, coverage ``C / A``."""
    n_ind = len(framework.indicators)
    shape = (*has.shape[:-1], n_ind + len(framework.aggregates))
    counted, avail = np.zeros(shape), np.zeros(shape)
    avail[..., :n_ind] = np.broadcast_to(available, has.shape)
    counted[..., :n_ind] = has & avail[..., :n_ind].astype(bool)
    for level in framework.levels:
        parents = list(level.parents)
        counted[..., parents] = counted @ level.weights
        avail[..., parents] = avail @ level.weights
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(avail > 0, counted / np.where(avail > 0, avail, 1.0), 0.0)


def _select_stage(framework: Framework, cube: ObservationCube, spec: ScoringSpec, ypos: list[int]
                  ) -> tuple[Selection, bool]:
    """The latest values within the window; in core mode, the core's in their majority method period."""
    selection = select(cube, spec.window, ypos)
    core = core_mode(framework, spec.index)
    if core:
        selection, _ = core_selection(framework, cube, selection, spec.window, ypos,
                                      counted=spec.study_mask(cube.regions))
    return selection, core


def _put_core_index(framework: Framework, spec: ScoringSpec, norm: np.ndarray, raw: np.ndarray, values: np.ndarray,
                    coverage: np.ndarray, shares: np.ndarray, data_cov: np.ndarray) -> None:
    """Replace the index (the root, last column) by the core composite (:mod:`readiness.pipeline.core`), in place:
    its value, coverage (share of the core's weight with data) and the root's children's shares."""
    index, cov, has = core_index(norm, raw, framework, spec.aggregate)
    values[..., -1], coverage[..., -1], data_cov[..., -1] = index, cov, cov
    for pos, share in root_child_shares(framework).items():
        shares[..., pos] = np.where(has, share, 0.0)
    shares[..., -1] = has


def _rule_notes(framework: Framework, spec: ScoringSpec, core: bool, available: np.ndarray, raw: np.ndarray,
                values: np.ndarray, data_cov: np.ndarray) -> list[Note]:
    """One year's notes on who has a score: indicators set aside (no compared region has them), and the regions
    without an index (core mode: what they lack; else those below the sufficiency rule)."""
    notes = []
    aside = tuple(i for j, i in enumerate(framework.indicators) if not available[j])
    if aside:
        notes.append(Note("set_aside", aside))
    if core:
        return notes + _missing_core_note(framework, raw, values[:, -1])
    thin = np.isnan(values[:, -1]) & (data_cov[:, -1] > 0)
    if thin.any():
        notes.append(Note("insufficient", count=int(thin.sum()),
                          detail=f"{spec.pillar_min_coverage:g}/{spec.index_min_pillars}"))
    return notes


def _missing_core_note(framework: Framework, raw: np.ndarray, index: np.ndarray) -> list[Note]:
    """Core mode: how many regions with some figure have no index, and which core indicators they lack."""
    cols = [framework.indicators.index(i) for i in framework.core]
    without = np.isnan(index) & ~np.all(np.isnan(raw), axis=1)
    if not without.any():
        return []
    lacked = np.isnan(raw[np.ix_(without, cols)]).any(axis=0)
    return [Note("missing_core", tuple(i for i, x in zip(framework.core, lacked, strict=True) if x),
                 count=int(without.sum()))]


def score_years(framework: Framework, observations: pd.DataFrame | ObservationCube,
                spec: ScoringSpec | None = None, *, years: Sequence[int] | None = None,
                regions: pd.DataFrame | Sequence[str] | None = None, **options: Any) -> dict[int, Result]:
    """Score several years in one vectorised pass: select -> impute -> treat -> normalise -> aggregate (ranks
    on demand). See :func:`score` for the arguments; ``years`` defaults to every year of the data.

    Normalisation (min-max, z-score, rank) is relative to the regions compared *in each year*.
    """
    spec = _spec_of(spec, options)
    va.check_regions(regions)
    if years is not None:
        years = va.check_years(years)
    if isinstance(observations, ObservationCube):
        if np.isinf(observations.values).any():
            raise DataError("the observation cube holds infinite values; values must be finite numbers")
    else:
        va.check_observations(observations, framework.indicators)
    codes, groups = _region_codes_and_groups(regions)
    if codes is None and spec.regions is not None:
        codes = list(spec.regions)
    cube = prepare_cube(framework, observations, codes)
    if not cube.years:
        raise ScoringError("no observations of the framework's indicators")
    wanted = list(cube.years) if years is None else [int(y) for y in years]
    sub, ypos = _cube_years(cube, wanted, spec)

    selection, core = _select_stage(framework, sub, spec, ypos)
    raw = selection.values
    if spec.impute != "none":
        group_of = [groups.get(c, "") for c in sub.regions]
        selection = impute_stage(selection, ImputeContext(sub, ypos, group_of), spec.impute)
    x = selection.values
    treated_mask = np.zeros(x.shape, dtype=bool)
    treatment_rows: list[tuple[Mapping[str, Any], ...]] = [()] * len(wanted)
    if spec.treat != "none":
        x = x.copy()
        for k in range(len(wanted)):  # treatment is iterative per column; only runs when asked for
            x[:, k], details, changed = treat_stage(x[:, k], framework.indicators, spec.treat)
            treated_mask[:, k] = changed
            treatment_rows[k] = tuple(details.to_dict("records"))

    norm, methods, status = normalise_stage(x, framework, spec)
    available = ~np.all(np.isnan(norm), axis=0)  # (years, indicators): some compared region has it
    values, coverage, shares = aggregate_stage(norm, framework, spec.aggregate, min_coverage=spec.min_coverage,
                                               regions=sub.regions, available=available,
                                               pillar_min_coverage=spec.pillar_min_coverage,
                                               index_min_pillars=spec.index_min_pillars)
    data_cov = _data_coverage(framework, ~np.isnan(norm), available)
    if core:
        _put_core_index(framework, spec, norm, raw, values, coverage, shares, data_cov)
    base_notes = [Note("weights_rescaled", (node,), detail=f"{total:g}") for node, total in framework.rescaled.items()]
    methods = MappingProxyType(dict(methods))
    out = {}
    for k, y in enumerate(wanted):
        year_status = dict(zip(framework.indicators, (str(v) for v in status[k]), strict=True))
        notes = [*base_notes, *status_notes(status[k], framework.indicators, methods)]
        n_imp = int(selection.imputed[:, k].sum())
        if n_imp:
            notes.append(Note("imputed", count=n_imp, detail=spec.impute))
        n_treat = int(treated_mask[:, k].sum())
        if n_treat:
            notes.append(Note("treated", count=n_treat, detail=spec.treat))
        notes += _rule_notes(framework, spec, core, available[k], raw[:, k], values[:, k], data_cov[:, k])
        out[y] = Result(
            framework=framework, regions=sub.regions, year=y, spec=spec.but(year=y),
            raw=_frozen(raw[:, k]), year_used=_frozen(selection.year_used[:, k]),
            imputed=_frozen(selection.imputed[:, k]), treated_mask=_frozen(treated_mask[:, k]),
            values=_frozen(values[:, k]), coverage=_frozen(coverage[:, k]), shares=_frozen(shares[:, k]),
            methods=methods, status=MappingProxyType(year_status), notes=tuple(notes), treatment=treatment_rows[k],
            data_coverage=_frozen(data_cov[:, k]),
            _position=selection.position[:, k], _cube_sources=sub.source_ids,
        )
    return out


def score(framework: Framework, observations: pd.DataFrame | ObservationCube, spec: ScoringSpec | None = None, *,
          regions: pd.DataFrame | Sequence[str] | None = None, year: int | None = _UNSET, **options: Any) -> Result:
    """Score every region for one year.

    Parameters
    ----------
    framework
        The indicator tree (:func:`readiness.load_framework`).
    observations
        Long table ``region_code, indicator, year, value[, source_id]`` (:func:`readiness.load_observations`), or
        an :class:`~readiness.pipeline.select.ObservationCube` built once with :func:`readiness.build_cube` (fast path).
    spec
        The scoring options (:class:`~readiness.pipeline.spec.ScoringSpec`): year, window, normalisation and its
        parameters, aggregation, imputation, treatment, minimum coverage, comparison set. Keyword ``options``
        (``year=2024, window=3, normalise="goalposts"``...) replace the spec's fields.
    regions
        The regions to compare: the regions table (reference places are skipped; its ``group`` column feeds
        group-mean imputation) or a list of codes. Default: ``spec.regions``, else every region in
        ``observations``.

    Returns
    -------
    Result
        One frozen result with raw, normalised and aggregated values, ranks, coverage, provenance and the spec.
    """
    spec = _spec_of(spec, {**options, "year": year})
    va.check_regions(regions)
    if not isinstance(observations, ObservationCube):
        va.check_observations(observations, framework.indicators)
    codes, _ = _region_codes_and_groups(regions)
    if codes is None and spec.regions is not None:
        codes = list(spec.regions)
    cube = prepare_cube(framework, observations, codes)
    target_year, defaulted = spec.year, spec.year is None
    if defaulted:  # the default year of the dashboard and the command line (DEFAULT_YEAR_RULE)
        va.latest_year_with_data(cube.years, cube.values)  # raises the clear error when there is no figure at all
        with_data = [y for k, y in enumerate(cube.years) if np.isfinite(cube.values[:, k]).any()]
        target_year = default_year(framework, cube, spec, with_data, regions=regions)
    result = score_years(framework, cube, spec, years=[target_year], regions=regions)[target_year]
    if defaulted:
        result = dataclasses.replace(result, notes=(Note("default_year", count=target_year), *result.notes))
    return result


def default_year(framework: Framework, observations: pd.DataFrame | ObservationCube, spec: ScoringSpec,
                 years: Sequence[int], regions: Sequence[str] | pd.DataFrame | None = None) -> int:
    """The year a page or command scores when none is given (:data:`DEFAULT_YEAR_RULE`).

    With the core index: the latest of ``years`` in which a majority of the study regions (``spec.study``; every
    region when it is None) have a value of every core indicator dated that year or the year before -- a current
    ranking, not one resting on old figures; when no year has such a majority, the latest year in which the most
    study regions do. With the extended index (or a framework without a core): the latest year in which the most
    study regions have an index. Never simply the newest year with any figure. Counted over the study regions only,
    so benchmarks' figures never move it.
    """
    if not years:
        raise ScoringError("no years to choose a default from")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadinessWarning)
        results = score_years(framework, observations, spec, years=list(years), regions=regions)
    counts = {y: int(_current_core(framework, spec, r, y).sum()) for y, r in results.items()}
    if not any(counts.values()):
        counts = {y: int((~np.isnan(r.values[:, -1]) & spec.study_mask(r.regions)).sum()) for y, r in results.items()}
    study = int(spec.study_mask(next(iter(results.values())).regions).sum())
    majority = [y for y, c in counts.items() if 2 * c > study]
    if majority:
        return max(majority)
    best = max(counts.values())
    return max(y for y, c in counts.items() if c == best)


def _current_core(framework: Framework, spec: ScoringSpec, result: Result, year: int) -> np.ndarray:
    """Per region: a study region with an index whose every core value is dated ``year`` or ``year - 1`` (core
    mode); without a core, a study region with an index."""
    indexed = ~np.isnan(result.values[:, -1]) & spec.study_mask(result.regions)
    if not core_mode(framework, spec.index):
        return indexed
    cols = [framework.indicators.index(i) for i in framework.core]
    with np.errstate(invalid="ignore"):
        return indexed & np.all(result.year_used[:, cols] >= year - 1, axis=1)
