"""Command line for robustness and what-if: ``python -m readiness uncertainty`` and ``python -m readiness target``.

Registered into the main parser by :func:`register`; each subcommand sets ``handler``. Bad input raises a
:class:`~readiness.errors.ReadinessError`, which the main command line turns into exit status 2 with every problem
on stderr; nothing is written unless every output can be.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from readiness.analysis.draws import WEIGHTS_DISTS
from readiness.analysis.sensitivity import leave_one_out
from readiness.analysis.target import PlanOptions, parse_goal, plan_target
from readiness.analysis.uncertainty import UncertaintyOptions, uncertainty
from readiness.cli.inputs import Inputs, add_input_options, load_inputs
from readiness.cli.options import add_scoring_options, write_output
from readiness.errors import DataError
from readiness.model.datasets import read_table
from readiness.pipeline.aggregate import AGGREGATE_METHODS
from readiness.pipeline.impute import IMPUTE_METHODS
from readiness.pipeline.normalise import NORMALISE_METHODS
from readiness.pipeline.spec import ScoringSpec

__all__ = ["register"]

def _common(p: argparse.ArgumentParser) -> None:
    add_input_options(p)  # the bundled dataset by default, --data DIR, or single files
    add_scoring_options(p)  # the spec scored with: the nominal choices (defaults: ScoringSpec(), the dashboard's)


def register(subparsers: Any) -> None:
    """Add the ``uncertainty`` and ``target`` subcommands to ``python -m readiness``."""
    default = UncertaintyOptions()
    u = subparsers.add_parser(
        "uncertainty", help="rank intervals over N draws of weights and methods (Monte Carlo)",
        description="Score every region under N draws of the choices an analyst could make (weights perturbed, "
        "normalisation, aggregation and imputation drawn from the scoring options' own and --methods, optionally "
        "one indicator left out) and write per region: region_code,nominal_score,nominal_rank,median_rank,"
        "mean_rank,q05_rank,q95_rank,share_nominal_rank,share_nominal_band,n_ranked. The nominal scores and ranks "
        "are those of 'score' with the same options, whose sufficiency rule decides who is ranked. Ranks: 1 = "
        "best. Percentiles: numpy 'linear' (R type 7).")
    _common(u)
    u.add_argument("--draws", type=int, default=default.draws, metavar="N",
                   help="number of draws (default %(default)s)")
    u.add_argument("--seed", type=int, default=default.seed, metavar="S", help="random seed (default %(default)s)")
    u.add_argument("--weights-noise", type=float, default=default.weights_noise, metavar="X",
                   help="each weight times U(1-X, 1+X) (default %(default)s); 0 keeps the framework's weights")
    u.add_argument("--weights-dist", choices=WEIGHTS_DISTS, default=default.weights_dist,
                   help="uniform multipliers, or Dirichlet shares within each parent with concentration 1/X^2")
    u.add_argument("--methods", nargs="+", metavar="M",
                   default=[*default.normalisations, *default.aggregations, *default.impute_options],
                   help="methods drawn from besides --normalise, --aggregate and --impute (the nominal choices), any "
                   "of: normalisations " + ", ".join(NORMALISE_METHODS) + "; aggregations "
                   + ", ".join(AGGREGATE_METHODS) + "; imputations " + ", ".join(IMPUTE_METHODS)
                   + ". A geometric-mean draw of an arithmetic spec normalises to 1-100 (z-scores: mean 10, SD 2), "
                   "so that it is defined (default: %(default)s)")
    u.add_argument("--leave-one-out", action="store_true",
                   help="leave one indicator (with data) out of each draw, drawn uniformly")
    u.add_argument("--out", required=True, metavar="FILE", help="per-region statistics (CSV)")
    u.add_argument("--draws-out", metavar="FILE",
                   help="every draw for audit: methods, left-out indicator, relative weights, scores and ranks (CSV)")
    u.add_argument("--loo-out", metavar="FILE",
                   help="leave-one-indicator-out summary under the nominal choices: indicator,max_abs_change,"
                   "mean_abs_change,regions_moved,regions_with_data (CSV)")
    u.set_defaults(handler=_cmd_uncertainty)

    t = subparsers.add_parser(
        "target", help="the fewest indicator improvements that reach a goal (band, score or overtaking)",
        description="For one region and a goal, the fewest indicator improvements, then the least effort (change "
        "as a share of the indicator's valid range), that reach it, verified by re-scoring with the scoring "
        "options (sufficiency rule included). Writes the action table indicator,name_id,name_en,unit,current,"
        "target,change,effort,range_lo,range_hi,next_band,to_next_band; the outcome goes to stderr.")
    _common(t)
    t.add_argument("--region", required=True, metavar="CODE", help="region code, e.g. 64.71")
    t.add_argument("--goal", required=True, metavar="GOAL",
                   help="band:INDICATOR (next band, needs --bands), score:THRESHOLD, score:NODE:THRESHOLD, "
                   "overtake:REGION or overtake:NODE:REGION (like for like: on the indicators both have)")
    t.add_argument("--bands", metavar="FILE", help="bands CSV with columns indicator,lower,name")
    t.add_argument("--out", metavar="FILE", help="action table (CSV; default standard output)")
    t.set_defaults(handler=_cmd_target)


def _load(args: argparse.Namespace) -> tuple[Inputs, ScoringSpec]:
    """The inputs and the spec scored with, its year the one given or the dashboard's default year."""
    inputs = load_inputs(args)
    return inputs, inputs.spec(args)


def _check_outputs(*paths: str | None) -> None:
    problems = [f"{p}: folder {Path(p).parent} does not exist" for p in paths
                if p is not None and not Path(p).parent.exists()]
    if problems:
        raise DataError(problems)


def _split_methods(methods: Sequence[str]) -> dict[str, tuple[str, ...]]:
    kinds = {"normalisations": NORMALISE_METHODS, "aggregations": AGGREGATE_METHODS,
             "impute_options": IMPUTE_METHODS}
    out: dict[str, list[str]] = {k: [] for k in kinds}
    unknown = []
    for m in methods:
        kind = next((k for k, allowed in kinds.items() if m in allowed), None)
        if kind is None:
            unknown.append(m)
        elif m not in out[kind]:
            out[kind].append(m)
    if unknown:
        allowed = ", ".join([*NORMALISE_METHODS, *AGGREGATE_METHODS, *IMPUTE_METHODS])
        raise DataError(f"--methods: unknown method(s) {', '.join(unknown)}; choose from {allowed}")
    return {k: tuple(v) for k, v in out.items()}


def _csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, float_format="%.10g", lineterminator="\n")


def _cmd_uncertainty(args: argparse.Namespace) -> int:
    options = UncertaintyOptions(draws=args.draws, seed=args.seed, weights_noise=args.weights_noise,
                                 weights_dist=args.weights_dist, leave_one_out=args.leave_one_out,
                                 keep_draws=args.draws_out is not None, **_split_methods(args.methods))
    _check_outputs(args.out, args.draws_out, args.loo_out)
    inputs, spec = _load(args)
    result = uncertainty(inputs.framework, inputs.observations, spec, options, regions=inputs.regions)
    texts = [(_csv(result.to_frame()), args.out)]
    if args.draws_out:
        texts.append((_csv(result.draws_frame()), args.draws_out))
    if args.loo_out:
        loo = leave_one_out(inputs.framework, inputs.observations, spec.but(year=result.year), regions=inputs.regions)
        texts.append((_csv(loo.summary()), args.loo_out))
    for text, path in texts:  # everything computed first: bad input writes nothing
        write_output(text, path)
    print(f"uncertainty: {len(result.regions)} regions, {args.draws} draws, year {result.year}", file=sys.stderr)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


def _read_bands(path: str) -> dict[str, list[tuple[float, str]]]:
    frame = read_table(path)
    missing = [c for c in ("indicator", "lower", "name") if c not in frame.columns]
    if missing:
        raise DataError(f"{Path(path).name}: missing column(s) {', '.join(missing)}; expected indicator,lower,name")
    bands: dict[str, list[tuple[float, str]]] = {}
    problems = []
    for k, row in enumerate(frame.to_dict("records")):
        try:
            lower = float(row["lower"])
        except (TypeError, ValueError):
            problems.append(f"{Path(path).name} row {k + 2}, column lower: must be a number, got {row['lower']!r}")
            continue
        bands.setdefault(str(row["indicator"]), []).append((lower, str(row["name"])))
    if problems:
        raise DataError(problems)
    return bands


def _cmd_target(args: argparse.Namespace) -> int:
    goal = parse_goal(args.goal)
    bands = _read_bands(args.bands) if args.bands else None
    _check_outputs(args.out)
    inputs, spec = _load(args)
    plan = plan_target(inputs.framework, inputs.observations, spec, args.region, goal, PlanOptions(bands=bands),
                       regions=inputs.regions)
    write_output(_csv(plan.to_frame()), args.out)
    state = "already met" if plan.already_met else ("reached" if plan.reached else "NOT reached")
    print(f"goal {args.goal} for {args.region}: {state}; score {plan.before['own']:.4g} -> {plan.after['own']:.4g}, "
          f"index rank {plan.before['index_rank']:.0f} -> {plan.after['index_rank']:.0f}", file=sys.stderr)
    for note in plan.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0
