"""Cached robustness and what-if runs for the "Simulasi / What if" page and the rank intervals on the overview and
profile.

Every run is immutable and cached with ``st.cache_resource`` keyed by the store's data version
(:func:`readiness_app.store.versioned`) and by hashable arguments: the sidebar's
:class:`~readiness.ScoringSpec` (the spec the page scores with, passed whole to every analysis, so the nominal
ranks are the published ones and every ranked region gets an interval), a :class:`readiness.UncertaintyOptions`, a
weights tuple, a :class:`~readiness.analysis.scenarios.Scenario` or a goal's text. Nothing here changes the published
data or results; a viewer's scenario lives in their session and link, and an editor may save one for everyone in the
store's ``scenarios`` table (:func:`save_scenario`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import readiness
from readiness.analysis.scenarios import Scenario, reweight, score_scenario
from readiness.analysis.sensitivity import LeaveOneOut, Sensitivity, SensitivityOptions, leave_one_out, sensitivity
from readiness.analysis.target import PlanOptions, TargetPlan, parse_goal, plan_target
from readiness.analysis.uncertainty import UncertaintyOptions, UncertaintyResult, uncertainty
from readiness.display import simulation as display
from readiness_app import store as data_store
from readiness_app.data import cube, dataset, result
from readiness_app.store import versioned

__all__ = [
    "DEFAULT_OPTIONS",
    "SavedScenario",
    "bands",
    "interval_chart",
    "interval_text",
    "loo_run",
    "reweighted_framework",
    "reweighted_result",
    "save_scenario",
    "saved_scenarios",
    "scenario_result",
    "sensitivity_run",
    "simulation_options",
    "target_plan",
    "uncertainty_run",
]


def simulation_options(draws: int, weights_noise: float, extra_normalisations: tuple[str, ...], geometric: bool,
                       leave_one_out: bool) -> UncertaintyOptions:
    """The What-if page's choices as :class:`readiness.UncertaintyOptions`: the spec's normalisation and mean are
    always the nominal choices (so the rank today is the published one); the draws add ``extra_normalisations`` and,
    with ``geometric``, the geometric mean."""
    return UncertaintyOptions(draws=int(draws), weights_noise=float(weights_noise),
                              normalisations=tuple(extra_normalisations),
                              aggregations=("arithmetic", "geometric") if geometric else (),
                              leave_one_out=bool(leave_one_out), keep_draws=False)


#: The run behind the rank intervals on the overview and the profile: ``UncertaintyOptions()``'s 1,000 draws,
#: weights +-25 %, arithmetic or geometric mean (the draws themselves are not kept).
DEFAULT_OPTIONS = UncertaintyOptions(keep_draws=False)


def _quiet(func, *args, **kwargs):
    with warnings.catch_warnings():  # the pages show what matters; the scoring warnings are in the results' notes
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return func(*args, **kwargs)


@versioned(max_entries=16)
def uncertainty_run(spec: readiness.ScoringSpec, options: UncertaintyOptions = DEFAULT_OPTIONS) -> UncertaintyResult:
    """Rank intervals of every scored region under ``options`` (seeded: the same every time), with the page's
    ``spec`` as the nominal choice and its whole sufficiency rule."""
    ds = dataset()
    return _quiet(uncertainty, ds.framework, cube(), spec, replace(options, keep_draws=False), regions=ds.regions)


@versioned(max_entries=16)
def loo_run(spec: readiness.ScoringSpec) -> LeaveOneOut:
    """Each indicator removed in turn, with the page's spec."""
    ds = dataset()
    return _quiet(leave_one_out, ds.framework, cube(), spec, regions=ds.regions)


@versioned(max_entries=16)
def sensitivity_run(spec: readiness.ScoringSpec, options: UncertaintyOptions) -> Sensitivity:
    """First-order and total sensitivity indices of the inputs that ``options`` vary (``SensitivityOptions()``'s
    500 base runs)."""
    ds = dataset()
    return _quiet(sensitivity, ds.framework, cube(), spec, SensitivityOptions(**options.variations()),
                  regions=ds.regions)


def interval_text(spec: readiness.ScoringSpec, region: str, lang: str) -> str | None:
    """The region's rank interval in words under the default simulations (None when it is not scored)."""
    u = uncertainty_run(spec)
    return display.rank_interval_text(u, region, lang) if region in u.regions else None


def interval_chart(spec: readiness.ScoringSpec, regions, lang: str, title: str):
    """The rank-interval whiskers of ``regions`` under the default simulations."""
    u = uncertainty_run(spec)
    table = display.rank_interval_table(u, dataset().region_labels())
    return display.build_rank_intervals(table[table["region_code"].isin(list(regions))], lang, title)


def bands(year: int, lang: str) -> dict[str, list[tuple[float, str]]]:
    """The official bands in force in ``year`` (the dataset's one band lookup, method-period aware), named in
    ``lang``."""
    return dataset().band_book().in_force(year, lang)


@versioned(max_entries=64)
def reweighted_framework(weights: tuple[tuple[str, float], ...]) -> readiness.Framework:
    """The framework with these weights (node id, weight)."""
    return reweight(dataset().framework, dict(weights))


@versioned(max_entries=64)
def reweighted_result(spec: readiness.ScoringSpec, weights: tuple[tuple[str, float], ...]) -> readiness.Result:
    """The scores with these weights and ``spec``."""
    ds = dataset()
    return _quiet(readiness.score, reweighted_framework(weights), cube(), spec, regions=ds.regions)


@versioned(max_entries=64)
def scenario_result(spec: readiness.ScoringSpec, scenario: Scenario) -> readiness.Result:
    """The scores with the scenario's values (a copy of the data; the published result is untouched)."""
    ds = dataset()
    return _quiet(score_scenario, ds.framework, cube(), spec, scenario, published=result(spec), regions=ds.regions)


@versioned(max_entries=64)
def target_plan(spec: readiness.ScoringSpec, region: str, goal: str, lang: str) -> TargetPlan:
    """The planner's answer for ``region`` and ``goal`` (``band:IND``, ``score:X``, ``overtake:CODE``), with the
    bands of the scored year named in ``lang``."""
    ds = dataset()
    return _quiet(plan_target, ds.framework, cube(), spec, region, parse_goal(goal),
                  PlanOptions(bands=bands(spec.year, lang)), regions=ds.regions)


# ---------------------------------------------------------------------------------------------------- saved scenarios
@dataclass(frozen=True)
class SavedScenario:
    """A scenario saved in the store: the scenario and who saved it (a name they gave, not verified)."""

    scenario: Scenario
    author: str


def saved_scenarios() -> dict[str, SavedScenario]:
    """The scenarios saved in the store (read by anyone), by name, oldest first; re-read after any save (the
    store's :meth:`~readiness.store.Store.scenario_stamp`, one single-row read; a save leaves the data version, and
    so every cached result, as it is)."""
    return _saved_scenarios(data_store.store().scenario_stamp())


@versioned(max_entries=2)
def _saved_scenarios(_stamp: int) -> dict[str, SavedScenario]:
    out = {}
    for name, doc in data_store.store().scenarios().items():
        if doc.get("kind") != "scenario" or not isinstance(doc.get("changes"), dict):
            continue  # other saved settings are not value scenarios
        try:
            scenario = Scenario.of(name, str(doc.get("region", "")), {str(k): float(v) for k, v in
                                                                      doc["changes"].items()})
        except (TypeError, ValueError):
            continue
        out[name] = SavedScenario(scenario, str(doc.get("author") or ""))
    return out


def save_scenario(scenario: Scenario) -> None:
    """Save ``scenario`` for everyone under its name, as this session's editor (logged in on the Data page; an
    editor may replace a scenario of the same name; saves are limited per editor). Raises
    :class:`readiness.store.StoreError` (``AccessError`` without an editor) with a bilingual reason."""
    payload = {"kind": "scenario", "region": scenario.region, "changes": scenario.as_dict()}
    data_store.store().save_scenario(scenario.name, payload, editor=data_store.editor())
