"""Kesiapan Penyangga IKN: score buffer-city readiness on digitalisation, ASN training and public service.

A plain Python library (pandas, numpy; no Streamlit). Typical use::

    import readiness
    fw = readiness.load_framework("data/framework.yaml")
    obs = readiness.load_observations("data/observations.csv")
    result = readiness.score(fw, obs, year=2024, window=2)
    result.to_frame()          # region_code, node, score, rank, coverage
    result.trace("64.71")      # how Balikpapan's index was made, down to raw figures and sources
"""

from __future__ import annotations

from readiness.aggregate import AGGREGATE_METHODS, a_amean, a_gmean, aggregate
from readiness.compare import explain_gap, gap_to_best, gap_to_group, gap_to_region, gap_to_targets, group_means
from readiness.datasets import (
    DATA_DIR,
    Dataset,
    load_dataset,
    load_events,
    load_observations,
    load_regions,
    load_sources,
)
from readiness.errors import DataError, FrameworkError, ReadinessError, ReadinessWarning, ScoringError
from readiness.framework import Framework, Node, framework_from_frame, load_framework
from readiness.impute import IMPUTE_METHODS, i_group_mean
from readiness.normalise import NORMALISE_METHODS, n_goalposts, n_minmax, n_rank, n_target, n_zscore, normalise
from readiness.scoring import LONG_COLUMNS, Result, score, score_years
from readiness.select import ObservationCube, build_cube
from readiness.target import TargetPlan, parse_goal, plan_target
from readiness.treat import TREAT_METHODS, t_winsorise
from readiness.uncertainty import UncertaintyResult, leave_one_out, sensitivity, uncertainty

__all__ = [
    "AGGREGATE_METHODS",
    "DATA_DIR",
    "IMPUTE_METHODS",
    "LONG_COLUMNS",
    "NORMALISE_METHODS",
    "TREAT_METHODS",
    "DataError",
    "Dataset",
    "Framework",
    "FrameworkError",
    "Node",
    "ObservationCube",
    "ReadinessError",
    "ReadinessWarning",
    "Result",
    "ScoringError",
    "TargetPlan",
    "UncertaintyResult",
    "a_amean",
    "a_gmean",
    "aggregate",
    "build_cube",
    "explain_gap",
    "framework_from_frame",
    "gap_to_best",
    "gap_to_group",
    "gap_to_region",
    "gap_to_targets",
    "group_means",
    "i_group_mean",
    "leave_one_out",
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
    "score",
    "score_years",
    "sensitivity",
    "t_winsorise",
    "uncertainty",
]
