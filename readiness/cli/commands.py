"""Command line: ``python -m readiness {score,validate,boundaries,uncertainty,target,db,brief,compare}``.

``score``, ``validate`` and ``boundaries`` live here; the other subcommands register themselves from their own
modules (:mod:`readiness.cli.robustness`, :mod:`readiness.cli.db`, :mod:`readiness.cli.brief`,
:mod:`readiness.cli.compare`); the options they share are in :mod:`readiness.cli.options`.

Exit status 0 on success, 2 on bad input (every problem on stderr, no output file written).
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from readiness import io as rio
from readiness.cli import brief as cli_brief
from readiness.cli import compare as cli_compare
from readiness.cli import db as cli_db
from readiness.cli import robustness as cli_robustness
from readiness.cli.inputs import add_input_options, load_inputs
from readiness.cli.options import add_scoring_options, write_output
from readiness.errors import DataError, ReadinessError
from readiness.geo import places as geo
from readiness.geo.places import DEFAULT_BOUNDARY_SOURCE, MAX_BOUNDARY_BYTES
from readiness.model.datasets import cross_check, detect_table, load_regions, read_table
from readiness.model.framework import Framework, framework_from_frame, load_framework
from readiness.model.schema import SPECS, validate_table
from readiness.pipeline.provenance import DEFAULT_YEAR_RULE
from readiness.pipeline.scoring import score

__all__ = ["build_parser", "main"]

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m readiness``."""
    parser = argparse.ArgumentParser(
        prog="python -m readiness",
        description="Score IKN buffer-city readiness from an indicator framework and observations.",
    )
    sub = parser.add_subparsers(dest="command", required=True,
                                metavar="{score,validate,boundaries,uncertainty,target,db,brief,compare}")
    _add_score(sub)
    _add_validate(sub)
    _add_boundaries(sub)
    cli_robustness.register(sub)  # uncertainty, target
    cli_db.register(sub)  # the store's "db" command
    cli_brief.register(sub)  # briefings (the display layer is imported when the command runs)
    cli_compare.register(sub)  # compare: like for like
    return parser


def _add_score(sub: Any) -> None:
    s = sub.add_parser(
        "score",
        help="score regions and write a long table region_code,node,score,rank,coverage",
        description="Score every region for one year and write one row per region and framework node "
        "(indicators included, with their normalised values): region_code,node,score,rank,coverage. "
        "rank: 1 = best, ties share the lowest rank, missing scores stay unranked (empty). "
        "coverage: share (0-1) of the node's indicator weight that had data. With no options: the bundled dataset, "
        "the dashboard's settings and its default year, so the numbers are the dashboard's.",
    )
    add_input_options(s, snapshot="--as-of")
    add_scoring_options(s)
    s.add_argument("--out", metavar="FILE", help="output file (default: standard output)")
    s.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")


def _add_validate(sub: Any) -> None:
    v = sub.add_parser(
        "validate",
        help="check data and framework files",
        description="Check framework (YAML/CSV/XLSX), regions, observations, sources and events files, and the "
        "references between the files given together. Prints every problem with its file, row and column.",
    )
    v.add_argument("files", nargs="+", metavar="FILE")


def _add_boundaries(sub: Any) -> None:
    default = DEFAULT_BOUNDARY_SOURCE
    b = sub.add_parser("boundaries", help="download or check kabupaten/kota boundary files for the map",
                       description="Boundary files feed the map's choropleth; they are joined on region codes, "
                       "never names.")
    bsub = b.add_subparsers(dest="action", required=True, metavar="{fetch,check}")
    f = bsub.add_parser("fetch", help="download openly licensed admin-2 boundaries and cache them",
                        description="Download a boundary file (GeoJSON, GeoPackage or zipped Shapefile), check that "
                        "it holds region codes, convert it to GeoJSON and cache it with its attribution. Needs "
                        "internet; offline it fails with a clear message and writes nothing.")
    f.add_argument("--url", default=default.url, help=f"where to download from (default: {default.url})")
    f.add_argument("--out", default="data/boundaries/idn_adm2.geojson", help="cached file (default %(default)s)")
    f.add_argument("--code-column", default=default.code_column,
                   help="column holding region codes such as 64.71, 6471 or ID6471 (default %(default)s; "
                   "detected when absent)")
    f.add_argument("--layer", default=None, help="layer to read from a file holding several (default: its only "
                   "layer, or the one named like admin level 2, e.g. idn_admbnda_adm2_bps_20200401)")
    f.add_argument("--attribution", default=default.attribution, help="attribution kept beside the file")
    f.add_argument("--license", default=default.license, help="licence kept beside the file (default %(default)s)")
    f.add_argument("--timeout", type=float, default=30.0, help="seconds per network operation (default %(default)s)")
    f.add_argument("--deadline", type=float, default=600.0,
                   help="seconds for the whole download (default %(default)s)")
    f.add_argument("--max-mb", type=float, default=MAX_BOUNDARY_BYTES / 2**20,
                   help="largest download accepted, in MB (default %(default)g)")
    f.add_argument("--force", action="store_true",
                   help="replace an existing --out file (and an ATTRIBUTION.txt describing another file)")
    c = bsub.add_parser("check", help="report how a boundary file joins the regions",
                        description="Report which region codes match, which boundary codes match nothing, "
                        "and the simplified GeoJSON size for the browser.")
    c.add_argument("file")
    c.add_argument("--regions", default="data/regions.csv", help="regions table (default %(default)s)")
    c.add_argument("--code-column", default=None, help="column holding region codes (detected when absent)")


def _cmd_score(args: argparse.Namespace) -> int:
    inputs = load_inputs(args)
    result = score(inputs.framework, inputs.observations, inputs.spec(args), regions=inputs.regions)
    if inputs.snapshot is not None:
        print(f"note: snapshot {inputs.snapshot.id} of {inputs.snapshot.created_at} (revision "
              f"{inputs.snapshot.revision_id}): its data, framework and settings", file=sys.stderr)
    table = result.to_frame()
    if args.format == "csv":
        text = table.to_csv(index=False, float_format="%.10g", lineterminator="\n")
    else:
        text = table.to_json(orient="records", indent=1, double_precision=10) + "\n"
    write_output(text, args.out)
    if inputs.snapshot is None:
        print(f"note: {_year_note(args.year, result.year)}", file=sys.stderr)
    for note in result.notes:
        print(f"note: {_one_line(note)}", file=sys.stderr)
    args.printed_notes = {str(note) for note in result.notes}
    return 0


def _year_note(given: int | None, year: int) -> str:
    """Which year was scored and why (the dashboard's default year when none was given)."""
    if given is not None:
        return f"scored {year} (--year)"
    return f"no year given: scored {year}, the default year (the dashboard's): {DEFAULT_YEAR_RULE}"


def _validate_one(path: Path) -> tuple[str, object]:
    if path.suffix.lower() in (".yaml", ".yml"):
        return "framework", load_framework(path)
    frame = read_table(path)
    if {"id", "parent"} <= set(frame.columns) and "title" not in frame.columns:
        return "framework", framework_from_frame(frame, source=path.name)
    kind = detect_table(frame)
    if kind is None:
        columns = rio.clip(list(frame.columns), 200)
        raise DataError(f"{path.name}: cannot tell which table this is from its columns {columns}")
    return kind, validate_table(frame, SPECS[kind], source=path.name)


def _cmd_validate(args: argparse.Namespace) -> int:
    problems: list[str] = []
    loaded: dict[str, object] = {}
    names: dict[str, str] = {}
    for f in args.files:
        path = Path(f)
        try:
            kind, obj = _validate_one(path)
        except ReadinessError as exc:
            problems.extend(exc.problems)
            continue
        loaded[kind] = obj
        names[kind] = path.name
        size = len(obj.nodes) if isinstance(obj, Framework) else len(obj)  # type: ignore[arg-type]
        print(f"ok: {path.name} ({kind}, {size} {'nodes' if kind == 'framework' else 'rows'})")
    problems += cross_check(names=names, **{k: v for k, v in loaded.items()})  # type: ignore[arg-type]
    if problems:
        raise DataError(problems)
    return 0


def _cmd_boundaries(args: argparse.Namespace) -> int:

    if args.action == "fetch":
        path = geo.fetch_boundaries(args.url, args.out, attribution=args.attribution, license=args.license,
                                    code_column=args.code_column, layer=args.layer, timeout=args.timeout,
                                    deadline=args.deadline, max_bytes=int(args.max_mb * 2**20), overwrite=args.force)
        print(f"saved {path} (attribution in {path.parent / 'ATTRIBUTION.txt'})")
        return 0
    joined = geo.join_boundaries(geo.load_boundaries(args.file, args.code_column), load_regions(args.regions))
    _, tolerance, size = geo.simplify_to_size(joined.shapes)
    print(f"code column: {joined.code_column}; matched regions: {len(joined.shapes)}")
    print(f"regions without a boundary: {', '.join(joined.regions_without_boundary) or 'none'}")
    print(f"boundary codes matching no region: {len(joined.unmatched_boundary_codes)}"
          + (f" (e.g. {', '.join(joined.unmatched_boundary_codes[:10])})" if joined.unmatched_boundary_codes else ""))
    print(f"GeoJSON for the browser: {size / 1024:.0f} KB (simplification tolerance {tolerance:g} degrees)")
    return 0


#: Most problems printed on stderr (the rest are counted), so a hostile file cannot flood the terminal.
MAX_PRINTED_PROBLEMS = 25


def _one_line(text: object, limit: int = 500) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[:limit] + "... (cut)"


def _print_warnings(caught: list[warnings.WarningMessage], skip: set[str]) -> None:
    """Each distinct warning once, as ``warning: message`` (no file path or source line); notes are not repeated."""
    seen: set[str] = set(skip)
    for w in caught[:1000]:
        text = str(w.message)
        if text in seen:
            continue
        seen.add(text)
        print(f"warning: {_one_line(text)}", file=sys.stderr)
        if len(seen) - len(skip) >= MAX_PRINTED_PROBLEMS:
            break


def _run(args: argparse.Namespace) -> int:
    if args.command == "score":
        return _cmd_score(args)
    if args.command == "boundaries":
        return _cmd_boundaries(args)
    if hasattr(args, "handler"):  # subcommands registered by other modules (what-if, compare, db, brief)
        return args.handler(args)
    return _cmd_validate(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    0 on success; 2 on bad input (every problem as an ``error:`` line on stderr, at most
    :data:`MAX_PRINTED_PROBLEMS`, nothing written); 1 on an unexpected failure (one ``error:`` line, no traceback);
    130 when interrupted. Python warnings are printed as one ``warning:`` line each.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        try:
            status = _run(args)
            problems: Sequence[str] = ()
        except ReadinessError as exc:
            status, problems = 2, exc.problems
        except (OSError, pd.errors.EmptyDataError) as exc:
            status, problems = 2, (f"{type(exc).__name__}: {getattr(exc, 'strerror', None) or exc}",)
        except RecursionError:
            status, problems = 1, ("the input is nested too deeply to process (unexpected; please report it)",)
        except MemoryError:
            status, problems = 1, ("out of memory while processing the input (unexpected; please report it)",)
        except KeyboardInterrupt:
            status, problems = 130, ("interrupted",)
        except Exception as exc:  # the last line of defence: one clear line, never a traceback
            status = 1
            problems = (f"unexpected {type(exc).__name__}: {_one_line(exc, 200)} (a bug; please report it with the "
                        "command you ran)",)
    _print_warnings(caught, getattr(args, "printed_notes", set()))
    for line in rio.first_problems(problems, MAX_PRINTED_PROBLEMS):
        print(f"error: {_one_line(line)}", file=sys.stderr)
    return status
