"""The scoring pipeline: ``ScoringSpec`` -> select -> impute -> treat -> normalise -> aggregate -> rank -> one
frozen ``Result`` (with provenance).

Each stage is one module with a registry of interchangeable kernels (COINr's habit: ``n_minmax``, ``a_amean``, ...);
adding a method is its function, its registry line and its labels (README, "Extending"). The package exports the
stages' public verbs, kernels and registries; ``import readiness`` exports the workflow (``score`` and friends).
"""

from readiness.pipeline.aggregate import AGGREGATE_METHODS, AGGREGATORS, a_amean, a_gmean, aggregate
from readiness.pipeline.impute import IMPUTE_METHODS, IMPUTERS, i_carry_forward, i_group_mean, impute
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
from readiness.pipeline.select import ObservationCube, build_cube, select
from readiness.pipeline.spec import ScoringSpec
from readiness.pipeline.treat import TREAT_METHODS, TREATMENTS, t_winsorise, treat

__all__ = [
    "AGGREGATE_METHODS",
    "AGGREGATORS",
    "IMPUTERS",
    "IMPUTE_METHODS",
    "LONG_COLUMNS",
    "NORMALISERS",
    "NORMALISE_METHODS",
    "TREATMENTS",
    "TREAT_METHODS",
    "MethodUsed",
    "Note",
    "ObservationCube",
    "Result",
    "ScoringSpec",
    "a_amean",
    "a_gmean",
    "aggregate",
    "build_cube",
    "i_carry_forward",
    "i_group_mean",
    "impute",
    "n_goalposts",
    "n_minmax",
    "n_rank",
    "n_target",
    "n_zscore",
    "normalise",
    "rank",
    "rank_along_regions",
    "score",
    "score_years",
    "select",
    "t_winsorise",
    "treat",
]
