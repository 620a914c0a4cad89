"""Command line for briefings: ``python -m readiness brief --region CODE [--peers CODE ...] [--year Y]
[--lang id|en] --out FILE.pptx|FILE.pdf``.

Registered into the main parser (:mod:`readiness.cli.commands`) by :func:`register`; the display layer (charts and
documents) is imported when the command runs. Scores the dataset with the dashboard's defaults (``ScoringSpec``),
builds the region's briefing (:mod:`readiness.display.briefing`) and writes a
PowerPoint deck or a one-page PDF, chosen by the file's suffix. With ``--snapshot ID`` the deck is rebuilt from the
snapshot's data, framework and settings, and every slide names the snapshot. Bad input (an unknown region, a bad
suffix, no browser to render charts) exits with status 2, every problem on stderr, and nothing written.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Any

import readiness
from readiness.cli.inputs import add_input_options, load_inputs
from readiness.cli.options import add_scoring_options
from readiness.errors import DataError, ReadinessWarning
from readiness.model.datasets import load_table

__all__ = ["register"]

SUFFIXES = (".pptx", ".pdf")


def register(subparsers: Any) -> None:
    """Add the ``brief`` subcommand to ``python -m readiness``."""
    b = subparsers.add_parser(
        "brief", help="a region's briefing as a PowerPoint deck or a one-page PDF",
        description="Build a region's briefing: title; official results with their bands; readiness summary with "
        "coverage; pillars against the peers on the indicators all have; trend; strengths and weaknesses; evidence "
        "timeline; method and sources; speaker notes with the key figures. Charts are rendered in the local "
        "Chromium (kaleido). The output format follows --out's suffix (.pptx or .pdf).")
    b.add_argument("--region", required=True, metavar="CODE", help="region code, e.g. 64.71 (Kota Balikpapan)")
    b.add_argument("--peers", nargs="*", metavar="CODE", default=None,
                   help="regions to compare with (default: 32.76 Depok and 32.75 Kota Bekasi)")
    b.add_argument("--lang", choices=("id", "en"), default="id", help="language (default id: Bahasa Indonesia)")
    b.add_argument("--out", required=True, metavar="FILE", help="output file: FILE.pptx or FILE.pdf")
    add_input_options(b, files=False, snapshot="--snapshot")
    b.add_argument("--bands", metavar="FILE", default=None,
                   help="official band table (default: the dataset folder's bands.csv, with its method periods)")
    add_scoring_options(b)
    b.set_defaults(handler=_cmd_brief)


def _cmd_brief(args: argparse.Namespace) -> int:
    # deferred: the display layer: 17 MB (benchmarks/bench_imports.py: plotly, kaleido, pptx); score and validate
    # start without it
    from readiness.display import briefing, briefing_files
    from readiness.display.export import write_bytes

    out = Path(args.out)
    problems = []
    if out.suffix.lower() not in SUFFIXES:
        problems.append(f"--out {args.out}: the file must end in .pptx or .pdf")
    if not out.parent.exists():
        problems.append(f"--out {args.out}: folder {out.parent} does not exist")
    if problems:
        raise DataError(problems)
    inputs = load_inputs(args)  # the bundled dataset, the --data folder, or a --snapshot
    dataset = inputs.dataset
    if inputs.snapshot is not None and args.bands:
        raise DataError("--bands: a snapshot holds the band table in force when it was taken; leave --bands out")
    bands = load_table(args.bands, "bands") if args.bands else None  # default: the dataset's own
    spec = inputs.spec(args)  # its year the one given or the dashboard's default; a snapshot's own
    years = dataset.years_with_data()
    if args.year is not None and args.year not in years:
        raise DataError(f"--year {args.year}: no data that year; choose one of {', '.join(map(str, years))}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadinessWarning)
        result = readiness.score(dataset.framework, dataset.observations, spec, regions=dataset.regions)
        by_year = readiness.score_years(dataset.framework, dataset.observations, spec.but(year=None), years=years,
                                        regions=dataset.regions)
    snap = inputs.snapshot  # its date is the deck's preparation date, so the deck reads the same weeks later
    brief = briefing.build_briefing(dataset, result, args.region, args.peers, args.lang, results_by_year=by_year,
                                    bands=bands, snapshot=snap and snap.id, today=snap and snap.date.date())
    data = briefing_files.deck_bytes(brief) if out.suffix.lower() == ".pptx" else briefing_files.pdf_bytes(brief)
    write_bytes(data, out)
    print(f"wrote {out} ({len(data) / 1024:.0f} KB, {len(brief.views)} views, {brief.name}, {brief.year})",
          file=sys.stderr)
    return 0
