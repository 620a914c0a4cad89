"""What the subcommands share: the scoring options (one set, with the defaults of :class:`ScoringSpec`) and writing
a command's text output.

Every scoring option defaults to None on the command line and takes its value from ``ScoringSpec()``, so the
command line, the Python API and the dashboard start from the same defaults, written once in
:mod:`readiness.pipeline.spec`.
"""

from __future__ import annotations

import argparse
import sys

from readiness import io as rio
from readiness.model.datasets import Dataset
from readiness.pipeline.aggregate import AGGREGATE_METHODS
from readiness.pipeline.impute import IMPUTE_METHODS
from readiness.pipeline.normalise import NORMALISE_METHODS
from readiness.pipeline.provenance import DEFAULT_YEAR_RULE
from readiness.pipeline.spec import INDEXES, ScoringSpec
from readiness.pipeline.treat import TREAT_METHODS

__all__ = ["add_scoring_options", "given_scoring_options", "spec_from_args", "write_output"]


def _default(value: object) -> str:
    if isinstance(value, tuple):
        return " ".join(f"{v:g}" for v in value)
    return "any age" if value is None else f"{value}"


def add_scoring_options(parser: argparse.ArgumentParser, *, year_help: str | None = None) -> None:
    """Add every :class:`ScoringSpec` option (except ``regions``) to ``parser``; defaults come from
    ``ScoringSpec()``."""
    d = ScoringSpec()
    add = parser.add_argument
    add("--year", type=int, metavar="Y", help=year_help or "year to score (default: the dashboard's default year, "
        f"{DEFAULT_YEAR_RULE})")
    add("--window", type=int, metavar="N", help="accept the latest value up to N years before --year; the year used "
        f"is recorded (default {_default(d.window)})")
    add("--normalise", choices=NORMALISE_METHODS, help="minmax: over the compared regions to --range; goalposts: the "
        "framework's fixed goal_min/goal_max (min-max where none are set); zscore: to --zscore-mean/--zscore-sd; "
        f"rank: percentile rank to --range; target: distance to the indicator's target (default {d.normalise})")
    add("--range", nargs=2, type=float, metavar=("LO", "HI"),
        help=f"output range of minmax, goalposts, rank and target (default {_default(d.range)})")
    add("--zscore-mean", type=float, metavar="M", help=f"mean of z-scores (default {d.zscore[0]:g})")
    add("--zscore-sd", type=float, metavar="S", help=f"standard deviation of z-scores (default {d.zscore[1]:g}; e.g. "
        "mean 10 and SD 2 keep values positive for --aggregate geometric)")
    add("--ties", choices=("average", "min", "max"), help=f"how --normalise rank treats tied values (default {d.ties})")
    add("--aggregate", choices=AGGREGATE_METHODS, help="weighted arithmetic or geometric mean, level by level; "
        f"geometric needs values > 0 (default {d.aggregate})")
    add("--impute", choices=IMPUTE_METHODS, help="none: missing stays missing; group-mean: mean of the region's group "
        f"(needs --regions); carry-forward: the region's latest earlier value (default {d.impute})")
    add("--treat", choices=TREAT_METHODS, help=f"outlier treatment: winsorise by the skew/kurtosis rule "
        f"(default {d.treat})")
    add("--min-coverage", type=float, metavar="C", help="a node is missing when less than this share (0-1) of its "
        f"indicator weight has data (default {d.min_coverage:g})")
    add("--pillar-min-coverage", type=float, metavar="C", help="sufficiency rule: a pillar is scored only when at "
        "least this share (0-1) of its indicator weight has data; indicators no region has in the window are set "
        f"aside (default {d.pillar_min_coverage:g})")
    add("--index-min-pillars", type=int, metavar="N", help="sufficiency rule: the index is scored only with at least "
        "N pillar scores; below the rule the score is left empty ('not enough data'); 0 and 0 switch it off "
        f"(default {d.index_min_pillars})")
    add("--index", choices=INDEXES, help="core: the index is the framework's declared common core, scored only for "
        "regions that have every core indicator (fixed weights, like for like); extended: the whole framework "
        "under the sufficiency rule, renormalised over what each region has (the extended index, not like for "
        f"like) (default {d.index})")
    add("--rank-all", action="store_true", default=None, help="rank every scored region, the benchmarks too (default: "
        "only the study regions, the groups with role 'study' in groups.csv, are ranked; benchmarks keep their "
        "scores and are shown unranked)")


def spec_from_args(args: argparse.Namespace, dataset: Dataset | None = None) -> ScoringSpec:
    """The :class:`ScoringSpec` of the scoring options on the command line (an option not given keeps the default),
    with ``dataset``'s study regions (the dashboard's ranking: among them, or every region with ``--rank-all``; a
    command without a dataset, in file mode, ranks every region, since it has no groups table)."""
    zscore = None
    if args.zscore_mean is not None or args.zscore_sd is not None:
        mean, sd = ScoringSpec().zscore
        zscore = (mean if args.zscore_mean is None else args.zscore_mean,
                  sd if args.zscore_sd is None else args.zscore_sd)
    given = {"year": args.year, "window": args.window, "normalise": args.normalise,
             "range": None if args.range is None else tuple(args.range), "zscore": zscore, "ties": args.ties,
             "aggregate": args.aggregate, "impute": args.impute, "treat": args.treat,
             "min_coverage": args.min_coverage, "pillar_min_coverage": args.pillar_min_coverage,
             "index_min_pillars": args.index_min_pillars, "index": getattr(args, "index", None),
             "study": None if dataset is None else dataset.study_regions(),
             "rank_among": "all" if getattr(args, "rank_all", None) else None}
    return ScoringSpec.from_options(**{k: v for k, v in given.items() if v is not None})


#: The ``argparse`` destinations of :func:`add_scoring_options`.
SCORING_OPTIONS = ("year", "window", "normalise", "range", "zscore_mean", "zscore_sd", "ties", "aggregate", "impute",
                   "treat", "min_coverage", "pillar_min_coverage", "index_min_pillars", "index", "rank_all")


def given_scoring_options(args: argparse.Namespace) -> list[str]:
    """The scoring options given on the command line (as ``--option``), e.g. to refuse them where a snapshot fixes
    the settings."""
    return [f"--{name.replace('_', '-')}" for name in SCORING_OPTIONS if getattr(args, name, None) is not None]


def write_output(text: str, out: str | None) -> None:
    """Write a command's output to ``out`` atomically (refusing a folder or a symbolic link), or to standard output."""
    if out is None:
        sys.stdout.write(text)
        return
    target = rio.check_output_path(out, overwrite=True)  # not empty, not a folder, not a symbolic link
    rio.write_atomic(target, text.encode("utf-8"))
