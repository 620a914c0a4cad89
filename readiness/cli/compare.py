"""Command line for like-for-like comparison: ``python -m readiness compare A B``.

Registered into the main parser by :func:`register`. Writes one row per indicator that either region has:
``indicator,value_a,year_a,value_b,year_b,normalised_a,normalised_b,contribution``. Each shared indicator is
compared in the latest year within the window that both regions have (so in one method period); the contribution
is empty for an indicator that is not comparable (one side has no value, the values come from different method
periods, or from different years with no year in common: flagged "different years", summed only with
``--different-years``).
A summary (both scores, the gap, the indicators left out) goes to stderr. Bad input: exit 2, nothing written.
"""

from __future__ import annotations

import argparse
import math
import sys
import warnings
from typing import Any

import pandas as pd

from readiness.analysis.compare import GAP_COLUMNS, gap_table, like_for_like
from readiness.cli.inputs import add_input_options, dataset_of, inputs_of
from readiness.cli.options import add_scoring_options, write_output
from readiness.errors import DataError, ReadinessWarning
from readiness.pipeline.provenance import DEFAULT_YEAR_RULE

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``compare`` subcommand to ``python -m readiness``."""
    c = subparsers.add_parser(
        "compare", help="compare two regions like for like and decompose the gap",
        description="Score two regions on the indicators they both have within the year window (same method "
        "period), each in the latest year both have, name the indicators left out, and write the gap indicator "
        "by indicator: "
        "indicator,value_a,year_a,value_b,year_b,normalised_a,normalised_b,contribution. Contributions add up "
        "exactly to the like-for-like gap; an indicator one side lacks (or across a method break) has an empty "
        "contribution. The scoring defaults are the dashboard's (ScoringSpec).")
    c.add_argument("region_a", metavar="A", help="region code, e.g. 64.71 (Balikpapan)")
    c.add_argument("region_b", metavar="B", help="region code, e.g. 32.76 (Depok)")
    add_input_options(c, files=False)
    c.add_argument("--node", default=None, metavar="NODE", help="framework node to compare (default: the index)")
    mode = c.add_mutually_exclusive_group()
    mode.add_argument("--shared-only", dest="shared_only", action="store_true", default=True,
                      help="score both on the indicators they share (default)")
    mode.add_argument("--all", dest="shared_only", action="store_false",
                      help="full-framework scores; one-sided indicators have no contribution and values across "
                      "a method break are included (flagged on stderr)")
    c.add_argument("--different-years", dest="different_years", action="store_true",
                   help="also sum indicators both have only in different years (same method period); by default "
                   "they are shown, flagged 'different years', and left out of the sum")
    add_scoring_options(c, year_help=f"year (default: the dashboard's default year, {DEFAULT_YEAR_RULE})")
    c.add_argument("--out", metavar="FILE", help="output file (default: standard output)")
    c.set_defaults(handler=_cmd_compare)


def _fmt(x: float) -> str:
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.10g}"


def _year(y: Any) -> str:
    return "" if y is None or y is pd.NA or (isinstance(y, float) and math.isnan(y)) else str(int(y))


def _cmd_compare(args: argparse.Namespace) -> int:
    ds = dataset_of(args)
    codes = set(ds.scored_regions()["code"])
    unknown = [c for c in (args.region_a, args.region_b) if c not in codes]
    if unknown:
        folder = args.data or "the bundled data"
        raise DataError([f"region {c!r} is not a scored region of {folder} (regions.csv)" for c in unknown])
    if args.region_a == args.region_b:
        raise DataError(f"compare needs two different regions, got {args.region_a} twice")
    fw = ds.framework
    if args.node is not None and args.node not in fw.nodes:
        raise DataError(f"--node {args.node!r}: no such node in the framework")
    spec = inputs_of(ds).spec(args)
    year = spec.year
    if year not in ds.years_with_data():
        raise DataError(f"--year {year}: no published figures that year; years with data: "
                        f"{', '.join(map(str, ds.years_with_data()))}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadinessWarning)
        lfl = like_for_like(fw, ds.observations, spec.but(year=year), [args.region_a, args.region_b],
                            ds.method_periods, different_years=args.different_years)
    table = gap_table(lfl, args.region_a, args.region_b, args.node, shared_only=args.shared_only)
    lines = [",".join(GAP_COLUMNS)]
    for row in table.itertuples(index=False):
        cells = [row.indicator, _fmt(row.value_a), _year(row.year_a), _fmt(row.value_b), _year(row.year_b),
                 _fmt(row.normalised_a), _fmt(row.normalised_b), _fmt(row.contribution)]
        lines.append(",".join(cells))
    write_output("\n".join(lines) + "\n", args.out)
    _summary(lfl, table, args, year)
    return 0


def _why_no_index(result: Any, region: str, left_out: dict[str, str], node: str) -> str:
    """Why a region has no score at ``node``: under the core index, the core indicators it lacks (flagged where the
    like-for-like basis left them out); else the sufficiency rule's "not enough data"."""
    lacks = result.missing_core(region) if node == result.framework.root else ()
    if not lacks:
        return "not enough data"
    return "no index: " + ", ".join(f"{i} ({left_out[i].replace('_', ' ')})" if i in left_out else
                                    f"no {i} in the window" for i in lacks)


def _summary(lfl: Any, table: Any, args: argparse.Namespace, year: int) -> None:
    res = lfl.result if args.shared_only else lfl.full
    node = args.node or res.framework.root
    a, b = res.score_of(args.region_a, node), res.score_of(args.region_b, node)
    basis = "like for like on " + (", ".join(lfl.shared) or "no shared indicator") if args.shared_only \
        else "full framework"
    print(f"note: {year}, window {res.spec.window}, {basis}", file=sys.stderr)
    without = {code: _why_no_index(res, code, lfl.left_out if args.shared_only else {}, node)
               for code in (args.region_a, args.region_b)}
    print(f"note: {args.region_a} {_fmt(a) or without[args.region_a]}, "
          f"{args.region_b} {_fmt(b) or without[args.region_b]}"
          f", gap {_fmt(a - b) or 'none'}; contributions sum to {_fmt(table['contribution'].sum(min_count=1))}",
          file=sys.stderr)
    if lfl.left_out:
        print("note: left out: " + ", ".join(f"{i} ({r.replace('_', ' ')})" for i, r in lfl.left_out.items()),
              file=sys.stderr)
    if args.shared_only and lfl.years:
        print("note: compared in the latest year both have: " + ", ".join(
            f"{i} {y}" for i, y in lfl.years.items()), file=sys.stderr)
    apart = table[table["reason"] == "different_years"]
    if len(apart):
        summed = "in the sum" if args.different_years or not args.shared_only else "not in the sum"
        print(f"note: different years ({summed}): " + ", ".join(
            f"{r.indicator} ({_year(r.year_a)} vs {_year(r.year_b)})" for r in apart.itertuples()), file=sys.stderr)
    broken = list(table.loc[table["method_break"], "indicator"])
    if broken:
        print("note: method break (values from different method periods): " + ", ".join(broken), file=sys.stderr)
