"""The scoring pipeline: select -> impute -> treat -> normalise -> aggregate -> rank, into one frozen :class:`Result`.

Every stage is a pure function over numpy arrays with regions on axis 0 and indicators (then all nodes) on the last
axis. :func:`score` scores one year; :func:`score_years` scores many years in one vectorised pass.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from readiness import validate_args as va
from readiness.aggregate import AGGREGATE_METHODS, AggregateMethod
from readiness.aggregate import aggregate as aggregate_fn
from readiness.errors import DataError, ScoringError
from readiness.framework import Framework
from readiness.impute import IMPUTE_METHODS, ImputeMethod, i_group_mean
from readiness.normalise import NORMALISE_METHODS, NormaliseMethod, Ties, rank_along_regions
from readiness.normalise import normalise as normalise_fn
from readiness.select import ObservationCube, build_cube, select_latest
from readiness.treat import TREAT_METHODS, TreatMethod
from readiness.treat import treat as treat_fn

__all__ = ["LONG_COLUMNS", "Result", "score", "score_years"]

#: Columns of :meth:`Result.to_frame` and of ``python -m readiness score``.
LONG_COLUMNS = ("region_code", "node", "score", "rank", "coverage")


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class Result:
    """Everything one scoring run produced, for one year, traceable down to raw figures and their sources.

    Arrays are read-only; the ``*_frame`` methods return new DataFrames (regions as index).

    Attributes
    ----------
    regions
        Region codes (axis 0 of every array).
    year
        The year scored.
    params
        The methods and parameters used.
    raw
        Selected raw values ``(regions, indicators)`` before imputation and treatment (NaN = no data).
    year_used, source_ids
        The year and ``source_id`` of every raw value (NaN / None where missing).
    imputed, treated_mask
        Which cells were filled by imputation, and which were changed by outlier treatment.
    values
        Scores of every node ``(regions, nodes)`` in ``framework.node_ids`` order: indicators' normalised values,
        then aggregates.
    coverage
        Share of each node's indicator weight that had data (0-1).
    shares
        Each node's weight share in its parent's score, per region (0 where missing).
    ranks
        Rank per node among the regions (1 = best; ties share the lowest rank; missing = NaN, unranked).
    indicator_methods
        The normalisation actually used per indicator.
    notes
        Everything the user should know: zero-range indicators, weight rescaling, imputation and treatment.
    """

    framework: Framework
    regions: tuple[str, ...]
    year: int
    params: Mapping[str, Any]
    raw: np.ndarray
    year_used: np.ndarray
    source_ids: np.ndarray
    imputed: np.ndarray
    treated_mask: np.ndarray
    values: np.ndarray
    coverage: np.ndarray
    shares: np.ndarray
    ranks: np.ndarray
    indicator_methods: Mapping[str, str]
    notes: tuple[str, ...]
    treatment: tuple[Mapping[str, Any], ...] = ()

    # -- lookups ------------------------------------------------------------------------------------------------
    @property
    def node_ids(self) -> tuple[str, ...]:
        """Node ids in array order (indicators first, then aggregates bottom-up; the root last)."""
        return self.framework.node_ids

    def _r(self, region: str) -> int:
        try:
            return self.regions.index(region)
        except ValueError:
            raise KeyError(f"region {region!r} was not scored; scored regions: {', '.join(self.regions)}") from None

    def _n(self, node: str) -> int:
        try:
            return self.node_ids.index(node)
        except ValueError:
            raise KeyError(f"no node {node!r} in the framework") from None

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
                "method": [self.indicator_methods[i] for i in inds],
                "share": shares[inds].to_numpy(),
                "contribution": contrib[inds].to_numpy(),
            }
        )


# -------------------------------------------------------------------------------------------------------------------


def _region_codes_and_groups(regions: pd.DataFrame | Sequence[str] | None) -> tuple[list[str] | None, dict[str, str]]:
    if regions is None:
        return None, {}
    if isinstance(regions, pd.DataFrame):
        table = regions
        if "kind" in table:
            table = table[table["kind"].astype(str) != "reference"]
        codes = [str(c) for c in table["code"]]
        groups = dict(zip(codes, table["group"].astype(str), strict=True)) if "group" in table else {}
        return codes, groups
    return [str(c) for c in regions], {}


def _prepare_cube(framework: Framework, observations: pd.DataFrame | ObservationCube,
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


def _check_options(normalise_method: str, aggregate_method: str, impute: str, treat_method: str) -> None:
    for value, allowed, what in (
        (normalise_method, NORMALISE_METHODS, "normalisation"),
        (aggregate_method, AGGREGATE_METHODS, "aggregation"),
        (impute, IMPUTE_METHODS, "imputation"),
        (treat_method, TREAT_METHODS, "treatment"),
    ):
        if value not in allowed:
            raise ScoringError(f"unknown {what} {value!r}; choose one of {', '.join(allowed)}")


def score_years(framework: Framework, observations: pd.DataFrame | ObservationCube, *,
                regions: pd.DataFrame | Sequence[str] | None = None, years: Sequence[int] | None = None,
                window: int | None = 0, normalise: NormaliseMethod = "minmax",
                range: Sequence[float] = (0.0, 100.0), zscore: Sequence[float] = (0.0, 1.0),
                aggregate: AggregateMethod = "arithmetic", impute: ImputeMethod = "none",
                treat: TreatMethod = "none", min_coverage: float = 0.0, ties: Ties = "average",
                ) -> dict[int, Result]:
    """Score several years in one vectorised pass; see :func:`score` for the parameters.

    ``years`` defaults to every year of the data. Normalisation (min-max, z-score, rank) is relative to the
    regions compared *in each year*.
    """
    _check_options(normalise, aggregate, impute, treat)
    window = va.check_window(window)
    va.check_finite_pair(range, "range")
    va.check_finite_pair(zscore, "zscore (mean, sd)")
    min_coverage = va.check_min_coverage(min_coverage)
    va.check_regions(regions)
    if years is not None:
        years = va.check_years(years)
    if isinstance(observations, ObservationCube):
        if np.isinf(observations.values).any():
            raise DataError("the observation cube holds infinite values; values must be finite numbers")
    else:
        va.check_observations(observations, framework.indicators)
    codes, groups = _region_codes_and_groups(regions)
    cube = _prepare_cube(framework, observations, codes)
    if not cube.years:
        raise ScoringError("no observations of the framework's indicators")
    wanted = list(cube.years) if years is None else [int(y) for y in years]
    for y in wanted:
        cube.year_index(y)
    # keep only the years needed: the wanted ones and (for the window) the ones before them
    first = min(wanted) - (len(cube.years) if window is None or impute == "carry-forward" else window)
    keep = [k for k, y in enumerate(cube.years) if first <= y <= max(wanted)]
    sub = ObservationCube(cube.regions, tuple(cube.years[k] for k in keep), cube.indicators,
                          cube.values[:, keep], cube.source_ids[:, keep])
    ypos = [sub.years.index(y) for y in wanted]

    raw, used, pos = select_latest(sub, window)
    raw, used, pos = raw[:, ypos], used[:, ypos], pos[:, ypos]
    imputed = np.zeros(raw.shape, dtype=bool)
    notes = list(framework.notes)
    x = raw
    if impute == "carry-forward":
        older, older_used, older_pos = select_latest(sub, None)
        older, older_used, older_pos = older[:, ypos], older_used[:, ypos], older_pos[:, ypos]
        imputed = np.isnan(raw) & ~np.isnan(older)
        x = np.where(imputed, older, raw)
        used = np.where(imputed, older_used, used)
        pos = np.where(imputed, older_pos, pos)
    elif impute == "group-mean":
        if not groups:
            raise ScoringError("group-mean imputation needs the regions table with a 'group' column (--regions)")
        x = i_group_mean(raw, [groups.get(c, "") for c in sub.regions])
        imputed = np.isnan(raw) & ~np.isnan(x)
    r_idx = np.arange(len(sub.regions))[:, None, None]
    i_idx = np.arange(len(sub.indicators))[None, None, :]
    sources = np.where(pos >= 0, sub.source_ids[r_idx, np.maximum(pos, 0), i_idx], None)

    treated_mask = np.zeros(x.shape, dtype=bool)
    treatment_rows: list[tuple[Mapping[str, Any], ...]] = [()] * len(wanted)
    if treat != "none":
        x = x.copy()
        for k in np.arange(len(wanted)):  # treatment is iterative per column; only runs when asked for
            x[:, k], details, changed = treat_fn(x[:, k], framework.indicators, treat)
            treated_mask[:, k] = changed
            treatment_rows[k] = tuple(details.to_dict("records"))

    norm, methods, norm_notes = normalise_fn(x, framework, normalise, range=range, zscore=zscore, ties=ties)
    values, coverage, shares = aggregate_fn(norm, framework, aggregate, min_coverage=min_coverage, regions=sub.regions)
    ranks = rank_along_regions(values, ties="min", descending=True)
    notes += norm_notes
    params = MappingProxyType({
        "window": window, "normalise": normalise, "range": tuple(float(v) for v in range),
        "zscore": tuple(float(v) for v in zscore), "aggregate": aggregate, "impute": impute, "treat": treat,
        "min_coverage": float(min_coverage), "ties": ties, "regions": len(sub.regions),
    })
    out = {}
    for k, y in enumerate(wanted):
        year_notes = list(notes)
        n_imp = int(imputed[:, k].sum())
        if n_imp:
            year_notes.append(f"{n_imp} missing value(s) imputed by {impute}")
        n_treat = int(treated_mask[:, k].sum())
        if n_treat:
            year_notes.append(f"{n_treat} value(s) changed by outlier treatment ({treat})")
        out[y] = Result(
            framework=framework, regions=sub.regions, year=y, params=params,
            raw=_frozen(raw[:, k]), year_used=_frozen(used[:, k]), source_ids=_frozen(sources[:, k]),
            imputed=_frozen(imputed[:, k]), treated_mask=_frozen(treated_mask[:, k]),
            values=_frozen(values[:, k]), coverage=_frozen(coverage[:, k]), shares=_frozen(shares[:, k]),
            ranks=_frozen(ranks[:, k]), indicator_methods=MappingProxyType(dict(methods)),
            notes=tuple(year_notes), treatment=treatment_rows[k],
        )
    return out


def score(framework: Framework, observations: pd.DataFrame | ObservationCube, *, year: int | None = None,
          regions: pd.DataFrame | Sequence[str] | None = None, window: int | None = 0,
          normalise: NormaliseMethod = "minmax", range: Sequence[float] = (0.0, 100.0),
          zscore: Sequence[float] = (0.0, 1.0), aggregate: AggregateMethod = "arithmetic",
          impute: ImputeMethod = "none", treat: TreatMethod = "none", min_coverage: float = 0.0,
          ties: Ties = "average") -> Result:
    """Score every region for one year.

    Parameters
    ----------
    framework
        The indicator tree (:func:`readiness.load_framework`).
    observations
        Long table ``region_code, indicator, year, value[, source_id]`` (:func:`readiness.load_observations`), or
        an :class:`~readiness.select.ObservationCube` built once with :func:`readiness.build_cube` (fast path).
    year
        The year to score; default the latest year with data.
    regions
        The regions to compare: the regions table (reference places are skipped; its ``group`` column feeds
        group-mean imputation) or a list of codes. Default: every region in ``observations``.
    window
        Accept the latest value up to ``window`` years before ``year`` (0 = that year only; None = any earlier
        year). The year each value came from is kept in ``Result.year_used``.
    normalise, range, zscore, ties
        Normalisation method (``minmax``, ``goalposts``, ``zscore``, ``rank``, ``target``), output range, z-score
        mean and SD, and how ``rank`` treats ties. See :mod:`readiness.normalise`.
    aggregate
        ``arithmetic`` or ``geometric`` weighted mean, level by level (:mod:`readiness.aggregate`).
    impute
        ``none``, ``group-mean`` or ``carry-forward`` (:mod:`readiness.impute`); imputed cells are flagged.
    treat
        ``none`` or ``winsorise`` (:mod:`readiness.treat`); treated cells are flagged and reported.
    min_coverage
        A node whose indicator-weight coverage is below this share (0-1) is missing.

    Returns
    -------
    Result
        One frozen result with raw, normalised and aggregated values, ranks, coverage, provenance and parameters.
    """
    if year is not None:
        year = va.check_year(year)
    va.check_regions(regions)
    if not isinstance(observations, ObservationCube):
        va.check_observations(observations, framework.indicators)
    codes, _ = _region_codes_and_groups(regions)
    cube = _prepare_cube(framework, observations, codes)
    default_note = None
    if year is None:  # the latest year in which any of the framework's indicators has a value
        year = va.latest_year_with_data(cube.years, cube.values)
        default_note = f"no year given: scored {year}, the latest year with data for the framework's indicators"
    result = score_years(framework, cube, regions=regions, years=[year], window=window, normalise=normalise,
                         range=range, zscore=zscore, aggregate=aggregate, impute=impute, treat=treat,
                         min_coverage=min_coverage, ties=ties)[year]
    if default_note:
        result = dataclasses.replace(result, notes=(default_note, *result.notes))
    return result
