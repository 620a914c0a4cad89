"""Analyses on a scored framework: like-for-like comparison and change on a constant basis, uncertainty and
sensitivity, the target planner and what-if scenarios. Each takes ``(framework, data, spec, options)``: the one
``ScoringSpec`` the page or command scores with, and a frozen options object of the analysis's own parameters.

``uncertainty`` and ``sensitivity`` are not re-exported here, where they would hide the modules of the same name:
use ``readiness.uncertainty`` / ``readiness.sensitivity`` (or the modules)."""

from readiness.analysis.compare import (
    LikeForLike,
    basis_trend,
    change_on_constant_basis,
    explain_gap,
    gap_table,
    gap_to_best,
    gap_to_group,
    gap_to_region,
    gap_to_targets,
    group_like_for_like,
    group_means,
    like_for_like,
)
from readiness.analysis.scenarios import Scenario, apply_scenario, reweight, score_scenario
from readiness.analysis.sensitivity import LeaveOneOut, Sensitivity, SensitivityOptions, leave_one_out
from readiness.analysis.target import PlanOptions, TargetPlan, parse_goal, plan_target
from readiness.analysis.uncertainty import UncertaintyOptions, UncertaintyResult

__all__ = [
    "LeaveOneOut",
    "LikeForLike",
    "PlanOptions",
    "Scenario",
    "Sensitivity",
    "SensitivityOptions",
    "TargetPlan",
    "UncertaintyOptions",
    "UncertaintyResult",
    "apply_scenario",
    "basis_trend",
    "change_on_constant_basis",
    "explain_gap",
    "gap_table",
    "gap_to_best",
    "gap_to_group",
    "gap_to_region",
    "gap_to_targets",
    "group_like_for_like",
    "group_means",
    "leave_one_out",
    "like_for_like",
    "parse_goal",
    "plan_target",
    "reweight",
    "score_scenario",
]
