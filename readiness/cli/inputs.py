"""What a scoring command reads: a dataset folder (``--data DIR``, default the bundled dataset, the dashboard's) or,
as an explicit alternative, single files (``--framework``, ``--observations``, ``--regions``, ``--events``).

Both go through the loaders the dashboard uses: a folder through :func:`readiness.load_dataset` (cross-checks and
derived indicators included), files through the same table checks, cross-checks and
:func:`readiness.model.datasets.add_derived`. A framework that derives indicators from events needs ``--events`` in
file mode; without it the command stops and says so, rather than scoring without them (a silently different number).
The default year is :func:`readiness.analysis.compare.default_year_of`'s, the dashboard's, for both.

A snapshot (``score --as-of ID``, ``brief --snapshot ID``; made by ``python -m readiness db snapshot``) is the third
kind of input: the store's data as of the snapshot, with its framework, domain rules and scoring settings
(:mod:`readiness.store.snapshots`); scoring options are refused with it, since the snapshot fixes them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd

from readiness.analysis.compare import default_year, default_year_of
from readiness.cli.options import given_scoring_options, spec_from_args
from readiness.errors import DataError, ReadinessError
from readiness.model.datasets import (
    DATA_DIR,
    Dataset,
    add_derived,
    cross_check,
    load_dataset,
    load_events,
    load_observations,
    load_regions,
    years_with_data,
)
from readiness.model.derive import derive_rules
from readiness.model.framework import Framework, load_framework
from readiness.pipeline.spec import ScoringSpec

if TYPE_CHECKING:
    from readiness.store.snapshots import Snapshot

__all__ = ["FILE_OPTIONS", "Inputs", "add_input_options", "dataset_of", "inputs_of", "load_inputs"]

#: The file-mode options, the alternative to ``--data`` (their ``argparse`` destinations).
FILE_OPTIONS = ("framework", "observations", "regions", "events")

_HELP = {
    "framework": "framework file: YAML, or a CSV/XLSX table with columns id,parent,weight,direction,goal_min,"
                 "goal_max,unit,name_id,name_en",
    "observations": "observations CSV/XLSX in long format: region_code,indicator,year,value[,source_id,note]",
    "regions": "regions CSV/XLSX (code,name,kind,province,group,lat,lon): limits scoring to its kota/kabupaten rows "
               "and supplies groups for --impute group-mean",
    "events": "events CSV/XLSX (the evidence log): needed when the framework derives indicators from events "
              "(e.g. the MPP indicator of the bundled framework)",
}


def add_input_options(parser: argparse.ArgumentParser, *, files: bool = True, snapshot: str | None = None) -> None:
    """Add ``--data DIR`` and, with ``files``, the file-mode options (``--framework`` ... ``--events``); with
    ``snapshot`` (the option's name, ``--as-of`` or ``--snapshot``) the snapshot option and the store's ``--url``."""
    if snapshot is not None:
        parser.add_argument(snapshot, dest="snapshot", metavar="ID", default=None,
                            help="a snapshot's id (python -m readiness db snapshot): its data as they were, its "
                            "framework, bands and scoring settings; not together with --data, the files or the "
                            "scoring options")
        parser.add_argument("--url", default=None, help="the store holding the snapshot (default: DATABASE_URL, "
                            "else the SQLite file in READINESS_DATA_DIR)")
    parser.add_argument("--data", metavar="DIR", default=None,
                        help="dataset folder with framework.yaml and the tables (default: the bundled data, the "
                        "dashboard's)" + ("; not together with --framework/--observations/--regions/--events"
                                         if files else ""))
    if not files:
        return
    group = parser.add_argument_group(
        "single files instead of a dataset folder",
        "--framework and --observations together (with --regions and --events where needed), instead of --data")
    for name in FILE_OPTIONS:
        group.add_argument(f"--{name}", metavar=name[0].upper(), default=None, help=_HELP[name])


class Inputs(NamedTuple):
    """What a command scores: the framework, the observations (derived indicators included), the regions (None:
    every region of the observations) and, from a folder, the dataset itself."""

    framework: Framework
    observations: pd.DataFrame
    regions: pd.DataFrame | None
    dataset: Dataset | None
    snapshot: Snapshot | None = None

    def default_year(self, spec: ScoringSpec) -> int:
        """The year scored when none is given: :func:`readiness.analysis.compare.default_year_of` (the dashboard's)
        for a dataset, the same :func:`~readiness.analysis.compare.default_year` of the same inputs for files."""
        if self.dataset is not None:
            return default_year_of(self.dataset, spec)
        return default_year(self.framework, self.observations, spec.but(year=None),
                            years_with_data(self.framework, self.observations), regions=self.regions)

    def spec(self, args: argparse.Namespace) -> ScoringSpec:
        """The command line's :class:`ScoringSpec` for these inputs (the dataset's study regions), its year the one
        given or the dashboard's default year (:meth:`default_year`): what every command scores with. With a
        snapshot, the snapshot's spec (a :class:`DataError` when scoring options are given too)."""
        if self.snapshot is not None:
            if given := given_scoring_options(args):
                raise DataError(f"{' '.join(given)}: a snapshot fixes the scoring settings (its own); leave the "
                                f"option(s) out, or score the current data without the snapshot")
            return self.snapshot.spec
        spec = spec_from_args(args, self.dataset)
        return spec if spec.year is not None else spec.but(year=self.default_year(spec))


def inputs_of(dataset: Dataset) -> Inputs:
    """The inputs of a loaded dataset."""
    return Inputs(dataset.framework, dataset.observations, dataset.regions, dataset)


def load_inputs(args: argparse.Namespace) -> Inputs:
    """The inputs of ``args``: the ``--data`` folder (default: the bundled dataset) or the files given instead.

    Raises :class:`DataError` when both are given, when file mode lacks ``--framework`` or ``--observations``, or
    when the framework derives indicators from events and no ``--events`` file is given (every problem listed)."""
    given = [f"--{name}" for name in FILE_OPTIONS if getattr(args, name, None) is not None]
    if getattr(args, "snapshot", None) is not None:
        if given or args.data is not None:
            raise DataError(f"a snapshot and {'/'.join(given) or '--data'} are alternatives: a snapshot holds its own "
                            "data, framework and rules")
        return _snapshot_inputs(args.snapshot, getattr(args, "url", None))
    if given and args.data is not None:
        raise DataError(f"--data and {'/'.join(given)} are alternatives: give a dataset folder with --data, or the "
                        "files with --framework and --observations (and --regions, --events), not both")
    if not given:
        return inputs_of(dataset_of(args))
    return _load_files(args)


def _snapshot_inputs(snapshot_id: str, url: str | None) -> Inputs:
    """The inputs of a snapshot in the store at ``url`` (:class:`readiness.store.snapshots.SnapshotError`, a
    :class:`~readiness.errors.ReadinessError`, when there is none of that id)."""
    # deferred: the store: SQLAlchemy, 0.14 s, 16 MB (benchmarks/bench_imports.py); only a snapshot reads it
    from readiness.store.snapshots import open_snapshot

    snap, dataset = open_snapshot(url, snapshot_id)
    return Inputs(dataset.framework, dataset.observations, dataset.regions, dataset, snap)


def dataset_of(args: argparse.Namespace) -> Dataset:
    """The dataset of ``--data`` (default: the bundled dataset, the dashboard's), through :func:`load_dataset`."""
    return load_dataset(args.data if args.data is not None else DATA_DIR)


def _load_files(args: argparse.Namespace) -> Inputs:
    missing = [f"--{name}" for name in ("framework", "observations") if getattr(args, name) is None]
    if missing:
        raise DataError(f"{' and '.join(missing)} missing: file mode needs --framework and --observations (or give "
                        "--data DIR, or nothing for the bundled dataset)")
    problems: list[str] = []
    loaded: dict[str, object] = {}
    loaders = {"framework": load_framework, "observations": load_observations, "regions": load_regions,
               "events": load_events}
    for name, loader in loaders.items():
        path = getattr(args, name)
        if path is None:
            continue
        try:
            loaded[name] = loader(path)
        except ReadinessError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    framework: Framework = loaded["framework"]  # type: ignore[assignment]
    names = {name: Path(getattr(args, name)).name for name in FILE_OPTIONS if getattr(args, name) is not None}
    problems = cross_check(framework=framework, names=names, **{k: v for k, v in loaded.items()  # type: ignore[arg-type]
                                                                 if k != "framework"})
    derived = sorted(derive_rules(framework))
    if derived and "events" not in loaded:
        problems.append(f"{names['framework']} derives {', '.join(derived)} from events (derive rules): give the "
                        "events file with --events, or score the dataset folder with --data DIR; without the events "
                        "these indicators would be missing and the scores would differ from the dashboard's")
    if problems:
        raise DataError(problems)
    observations: pd.DataFrame = loaded["observations"]  # type: ignore[assignment]
    if "events" in loaded:
        observations = add_derived(framework, observations, loaded["events"])  # type: ignore[arg-type]
    return Inputs(framework, observations, loaded.get("regions"), None)  # type: ignore[arg-type]
