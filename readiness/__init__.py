"""Kesiapan Penyangga IKN: score buffer-city readiness on digitalisation, ASN training and public service.

A plain Python library (pandas, numpy; no Streamlit). Typical use::

    import readiness
    fw = readiness.load_framework("data/framework.yaml")
    obs = readiness.load_observations("data/observations.csv")
    spec = readiness.ScoringSpec(year=2024, window=2, normalise="goalposts")
    result = readiness.score(fw, obs, spec)   # or readiness.score(fw, obs, year=2024, window=2, ...)
    result.to_frame()          # region_code, node, score, rank, coverage
    result.trace("64.71")      # how Balikpapan's index was made, down to raw figures and sources
    result.notes               # typed records of what the engine did (readiness.pipeline.provenance)

The engine imports neither plotly nor Streamlit; the display layer is :mod:`readiness.display`.

Public means exported: this module exports the workflow (load, score, compare, robustness, the planner, errors);
the stages' kernels and registries are exported by :mod:`readiness.pipeline`, every analysis by
:mod:`readiness.analysis`. A module's underscore names are its own (a test checks none is imported elsewhere).
"""

from __future__ import annotations

from readiness.analysis import (
    LikeForLike,
    PlanOptions,
    SensitivityOptions,
    TargetPlan,
    UncertaintyOptions,
    UncertaintyResult,
    change_on_constant_basis,
    explain_gap,
    gap_table,
    group_means,
    leave_one_out,
    like_for_like,
    parse_goal,
    plan_target,
)
from readiness.analysis.sensitivity import sensitivity
from readiness.analysis.uncertainty import uncertainty
from readiness.errors import DataError, FrameworkError, ReadinessError, ReadinessWarning, ScoringError, UnknownNameError
from readiness.model.datasets import DATA_DIR, Dataset, load_dataset, load_observations, load_regions
from readiness.model.framework import Framework, framework_from_frame, load_framework
from readiness.pipeline import MethodUsed, Note, Result, ScoringSpec, build_cube, score, score_years

__all__ = [
    "DATA_DIR",
    "DataError",
    "Dataset",
    "Framework",
    "FrameworkError",
    "LikeForLike",
    "MethodUsed",
    "Note",
    "PlanOptions",
    "ReadinessError",
    "ReadinessWarning",
    "Result",
    "ScoringError",
    "ScoringSpec",
    "SensitivityOptions",
    "TargetPlan",
    "UncertaintyOptions",
    "UncertaintyResult",
    "UnknownNameError",
    "build_cube",
    "change_on_constant_basis",
    "explain_gap",
    "framework_from_frame",
    "gap_table",
    "group_means",
    "leave_one_out",
    "like_for_like",
    "load_dataset",
    "load_framework",
    "load_observations",
    "load_regions",
    "parse_goal",
    "plan_target",
    "score",
    "score_years",
    "sensitivity",
    "uncertainty",
]
