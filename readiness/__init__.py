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
"""

from __future__ import annotations

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
from readiness.analysis.sensitivity import LeaveOneOut, Sensitivity, SensitivityOptions, leave_one_out, sensitivity
from readiness.analysis.target import PlanOptions, TargetPlan, parse_goal, plan_target
from readiness.analysis.uncertainty import UncertaintyOptions, UncertaintyResult, uncertainty
from readiness.errors import DataError, FrameworkError, ReadinessError, ReadinessWarning, ScoringError
from readiness.model.datasets import (
    DATA_DIR,
    Dataset,
    load_dataset,
    load_events,
    load_observations,
    load_regions,
    load_sources,
)
from readiness.model.framework import Framework, Node, framework_from_frame, load_framework
from readiness.pipeline.aggregate import AGGREGATE_METHODS, AGGREGATORS, a_amean, a_gmean, aggregate
from readiness.pipeline.impute import IMPUTE_METHODS, IMPUTERS, i_carry_forward, i_group_mean
from readiness.pipeline.normalise import (
    NORMALISE_METHODS,
    NORMALISERS,
    n_goalposts,
    n_minmax,
    n_rank,
    n_target,
    n_zscore,
    normalise,
)
from readiness.pipeline.provenance import MethodUsed, Note
from readiness.pipeline.rank import rank, rank_along_regions
from readiness.pipeline.scoring import LONG_COLUMNS, Result, score, score_years
from readiness.pipeline.select import ObservationCube, build_cube
from readiness.pipeline.spec import ScoringSpec
from readiness.pipeline.treat import TREAT_METHODS, TREATMENTS, t_winsorise

__all__ = [
    "AGGREGATE_METHODS",
    "AGGREGATORS",
    "DATA_DIR",
    "IMPUTERS",
    "IMPUTE_METHODS",
    "LONG_COLUMNS",
    "NORMALISERS",
    "NORMALISE_METHODS",
    "TREATMENTS",
    "TREAT_METHODS",
    "DataError",
    "Dataset",
    "Framework",
    "FrameworkError",
    "LeaveOneOut",
    "LikeForLike",
    "MethodUsed",
    "Node",
    "Note",
    "ObservationCube",
    "PlanOptions",
    "ReadinessError",
    "ReadinessWarning",
    "Result",
    "ScoringError",
    "ScoringSpec",
    "Sensitivity",
    "SensitivityOptions",
    "TargetPlan",
    "UncertaintyOptions",
    "UncertaintyResult",
    "a_amean",
    "a_gmean",
    "aggregate",
    "basis_trend",
    "build_cube",
    "change_on_constant_basis",
    "explain_gap",
    "framework_from_frame",
    "gap_table",
    "gap_to_best",
    "gap_to_group",
    "gap_to_region",
    "gap_to_targets",
    "group_like_for_like",
    "group_means",
    "i_carry_forward",
    "i_group_mean",
    "leave_one_out",
    "like_for_like",
    "load_dataset",
    "load_events",
    "load_framework",
    "load_observations",
    "load_regions",
    "load_sources",
    "n_goalposts",
    "n_minmax",
    "n_rank",
    "n_target",
    "n_zscore",
    "normalise",
    "parse_goal",
    "plan_target",
    "rank",
    "rank_along_regions",
    "score",
    "score_years",
    "sensitivity",
    "t_winsorise",
    "uncertainty",
]
