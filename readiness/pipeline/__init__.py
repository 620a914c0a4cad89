"""The scoring pipeline: ``ScoringSpec`` -> select -> impute -> treat -> normalise -> aggregate -> rank -> one
frozen ``Result`` (with provenance).

Each stage is one module with a registry of interchangeable kernels (COINr's habit: ``n_minmax``, ``a_amean``, ...);
adding a method is its function, its registry line and its labels (README, "Extending"). The package exports the
kernels and registries; each stage's verb keeps its module's name (``readiness.pipeline.normalise.normalise``), so
the package never hides a module behind a function of the same name. ``import readiness`` exports the workflow.
"""

from readiness.pipeline.aggregate import AGGREGATE_METHODS, AGGREGATORS, a_amean, a_gmean
from readiness.pipeline.impute import IMPUTE_METHODS, IMPUTERS, i_carry_forward, i_group_mean
from readiness.pipeline.normalise import (
    NORMALISE_METHODS,
    NORMALISERS,
    n_goalposts,
    n_minmax,
    n_rank,
    n_target,
    n_zscore,
)
from readiness.pipeline.provenance import MethodUsed, Note
from readiness.pipeline.rank import rank_along_regions
from readiness.pipeline.scoring import LONG_COLUMNS, Result, score, score_years
from readiness.pipeline.select import ObservationCube, build_cube
from readiness.pipeline.spec import ScoringSpec
from readiness.pipeline.treat import TREAT_METHODS, TREATMENTS, t_winsorise

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
    "build_cube",
    "i_carry_forward",
    "i_group_mean",
    "n_goalposts",
    "n_minmax",
    "n_rank",
    "n_target",
    "n_zscore",
    "rank_along_regions",
    "score",
    "score_years",
    "t_winsorise",
]
