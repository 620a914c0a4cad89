"""What if: a framework with other weights and scenarios of changed indicator values.

Small engine helpers behind the dashboard's "Simulasi / What if" page (and usable from Python):

* :func:`reweight`: the same framework with other weights, validated exactly as a loaded framework is (weights
  >= 0, not all siblings 0), so scoring, ranks and provenance work unchanged.
* :class:`Scenario`, :func:`apply_scenario`, :func:`score_scenario`: a region's indicator values replaced (e.g.
  SPBE 3.05 -> 3.8) in a copy of the observation cube, then scored. A changed value is put at the year the scored
  value came from (so the year window selects it as it selected the published one), or at the scored year when the
  region had no value. The published observations are never changed; a scenario is always a separate result.

The official bands are not here: the band of a value is looked up in one place,
:class:`readiness.model.rules.BandBook` (method-period aware), which also gives the planner its bands
(:meth:`~readiness.model.rules.BandBook.in_force`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from readiness.errors import FrameworkError, ScoringError
from readiness.model.framework import Framework, framework_from_frame
from readiness.pipeline.scoring import Result, score
from readiness.pipeline.select import ObservationCube, build_cube
from readiness.pipeline.spec import ScoringSpec

__all__ = [
    "Bands",
    "Scenario",
    "apply_scenario",
    "default_weights",
    "effective_weights",
    "reweight",
    "score_scenario",
]

#: Indicator -> ``[(lower bound, band name), ...]`` ascending, as :func:`readiness.plan_target` takes them.
Bands = Mapping[str, Sequence[tuple[float, str]]]


# -------------------------------------------------------------------------------------------------------------------
# Weights


def default_weights(framework: Framework) -> dict[str, float]:
    """Every node's weight as written in the framework (the root's is unused and left out)."""
    return {n: framework.nodes[n].weight for n in framework.node_ids if n != framework.root}


def effective_weights(framework: Framework) -> dict[str, float]:
    """Every node's share of the index when all data is present: the product of the relative weights
    ``w_i / sum(w_siblings)`` from the root down (so the indicators' shares sum to 1)."""
    return {n: framework.effective_weight(n) for n in framework.node_ids if n != framework.root}


def reweight(framework: Framework, weights: Mapping[str, float]) -> Framework:
    """The framework with the weights of some nodes replaced; everything else (names, goalposts, directions, order of
    indicators and nodes) unchanged.

    Parameters
    ----------
    framework
        The framework to start from.
    weights
        Node id -> new weight (relative within its parent, as in the framework file; >= 0). Nodes not named keep
        their weight.

    Returns
    -------
    Framework
        A new, validated framework; its ``source`` says it was reweighted.

    Raises
    ------
    FrameworkError
        An unknown node, a negative or non-finite weight, or siblings whose weights are all 0 (every problem at once).
    """
    problems = [f"reweight: unknown node {n!r}" for n in weights if n not in framework.nodes]
    problems += [f"reweight: node {n!r} is the root; its weight is unused" for n in weights if n == framework.root]
    for n, w in weights.items():
        try:
            ok = math.isfinite(float(w))
        except (TypeError, ValueError):
            ok = False
        if not ok:
            problems.append(f"reweight: weight of {n!r} must be a finite number, got {w!r}")
    if problems:
        raise FrameworkError(problems)
    table = framework.to_frame()
    # keep the framework's order of indicators and of aggregates (array positions depend on it)
    is_ind = table["is_indicator"].to_numpy(dtype=bool)
    by_id = table.set_index("id", drop=False)
    ordered = table.copy()
    ordered.loc[is_ind] = by_id.loc[list(framework.indicators)].to_numpy()
    ordered.loc[~is_ind] = by_id.loc[[framework.root, *[a for a in framework.aggregates if a != framework.root]]] \
        .to_numpy()
    ordered["parent"] = ordered["parent"].where(ordered["parent"].notna(), "")
    new = {n: float(w) for n, w in weights.items()}
    ordered["weight"] = [new.get(n, w) for n, w in zip(ordered["id"], ordered["weight"], strict=True)]
    out = framework_from_frame(ordered.drop(columns=["level", "is_indicator"]),
                               source=f"{framework.source} (reweighted)",
                               row_labels=[f"node {n!r}" for n in ordered["id"]])
    if out.node_ids != framework.node_ids:  # pragma: no cover - guarded by the ordering above
        raise FrameworkError(f"reweight: node order changed ({framework.node_ids} -> {out.node_ids})")
    return out.with_method_periods(framework.method_periods)


# -------------------------------------------------------------------------------------------------------------------
# Scenarios


@dataclass(frozen=True)
class Scenario:
    """New raw values for one region's indicators (hashable, so it can key a cache).

    Attributes
    ----------
    name
        The scenario's name (shown as "skenario / scenario: <name>").
    region
        Region code.
    changes
        ``((indicator, new value), ...)``, sorted by indicator.
    """

    name: str
    region: str
    changes: tuple[tuple[str, float], ...]

    @classmethod
    def of(cls, name: str, region: str, changes: Mapping[str, float]) -> Scenario:
        """A scenario from a mapping ``indicator -> new value`` (NaN or None values are dropped)."""
        kept = tuple(sorted((str(i), float(v)) for i, v in changes.items()
                            if v is not None and not (isinstance(v, float) and math.isnan(v))))
        return cls(str(name), str(region), kept)

    def as_dict(self) -> dict[str, float]:
        """``indicator -> new value``."""
        return dict(self.changes)


def apply_scenario(cube: ObservationCube, result: Result, scenario: Scenario) -> ObservationCube:
    """A copy of ``cube`` with the scenario's values in place; ``cube`` is not changed.

    Each new value goes to the year that ``result`` (the published scores of the same cube) used for that region and
    indicator, so the year window selects it; where the region had no value, to ``result.year``.

    Raises
    ------
    ScoringError
        An unknown region or indicator, a non-finite value, or a scored year missing from the cube.
    """
    problems = []
    if scenario.region not in cube.regions:
        problems.append(f"scenario {scenario.name!r}: region {scenario.region!r} is not in the observations")
    if scenario.region not in result.regions:
        problems.append(f"scenario {scenario.name!r}: region {scenario.region!r} was not scored")
    for ind, value in scenario.changes:
        if ind not in cube.indicators or ind not in result.framework.indicators:
            problems.append(f"scenario {scenario.name!r}: {ind!r} is not an indicator of the framework")
        if not math.isfinite(value):
            problems.append(f"scenario {scenario.name!r}: value of {ind!r} must be finite, got {value!r}")
    if problems:
        raise ScoringError(problems)
    values = np.array(cube.values, dtype=float)
    r = cube.regions.index(scenario.region)
    rr = result.regions.index(scenario.region)
    for ind, value in scenario.changes:
        used = result.year_used[rr, result.framework.indicators.index(ind)]
        year = result.year if np.isnan(used) else int(used)
        values[r, cube.year_index(year), cube.indicators.index(ind)] = value
    values.setflags(write=False)
    return ObservationCube(cube.regions, cube.years, cube.indicators, values, cube.source_ids)


def score_scenario(framework: Framework, data: pd.DataFrame | ObservationCube, spec: ScoringSpec,
                   scenario: Scenario, *, published: Result | None = None,
                   regions: pd.DataFrame | Sequence[str] | None = None) -> Result:
    """The scores with the scenario's values: :func:`apply_scenario` then :func:`readiness.score` with ``spec``.

    ``data`` is the observations (a table or a cube), ``spec`` the one the published scores use; ``published`` is
    the result of ``spec`` on ``data`` (computed when not given); it decides which year each new value replaces.
    It is not changed.
    """
    cube = data if isinstance(data, ObservationCube) else build_cube(data, framework.indicators)
    published = published if published is not None else score(framework, cube, spec, regions=regions)
    return score(framework, apply_scenario(cube, published, scenario), spec, regions=regions)


