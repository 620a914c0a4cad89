"""Loading data tables (CSV or Excel) with validation, and the bundled dataset under ``data/``.

Every loader reads all cells as text and hands them to :func:`readiness.model.schema.validate_table`, so that a bad cell
is reported with its file, row and column instead of silently becoming NaN.

Validation (pandera) is the slow part of loading. :func:`load_dataset` can keep a validated copy in a cache folder,
keyed by a hash of the data files' contents and of the code that validates them: a later load of unchanged files
reads the copy and skips validation (and the import of pandera). Any change to a file or to that code makes a new
key, so a stale copy is never used.
"""

from __future__ import annotations

import dataclasses
import warnings
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from readiness import io as rio
from readiness.errors import DataError, ReadinessWarning
from readiness.model import register
from readiness.model.cache import TABLES, cache_key, framework_path, read_cached, write_cached
from readiness.model.context import SPECS as CONTEXT_SPECS
from readiness.model.context import context_problems
from readiness.model.derive import derive_observations, derive_rules
from readiness.model.framework import Framework, load_framework
from readiness.model.register import SCORED_KINDS
from readiness.model.rules import BandBook, band_book, method_period, target_of
from readiness.model.schema import SPECS, TableSpec, codes_in_register, validate_table

__all__ = [
    "DATA_DIR",
    "Dataset",
    "add_derived",
    "cross_check",
    "detect_table",
    "load_dataset",
    "load_events",
    "load_observations",
    "load_regions",
    "load_rules",
    "load_sources",
    "load_table",
    "read_table",
    "register_problems",
    "with_derived",
    "years_with_data",
]

#: The bundled data shipped with the project.
DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV or Excel sheet with every cell as text (empty cells as empty strings), under the input limits
    of :mod:`readiness.io` (size, encoding, rows, columns, cell length, workbook checks)."""
    return rio.read_table(path, error=DataError)


def load_table(path: str | Path, spec: TableSpec | str) -> pd.DataFrame:
    """Read and validate one table against ``spec`` (a :class:`~readiness.model.schema.TableSpec` or its name)."""
    if isinstance(spec, str):
        spec = _spec(spec)
    return validate_table(read_table(path), spec, source=Path(path).name)


def _spec(name: str) -> TableSpec:
    """The spec of table ``name``: the figure and rule tables' (:data:`SPECS`), the gap register's and the national
    context's (:data:`readiness.model.context.SPECS`)."""
    return SPECS[name] if name in SPECS else CONTEXT_SPECS[name]


def load_regions(path: str | Path) -> pd.DataFrame:
    """Regions table: ``code, name, kind, province, group, lat, lon`` (see :data:`readiness.model.schema.REGIONS`)."""
    return load_table(path, "regions")


def load_observations(path: str | Path) -> pd.DataFrame:
    """Long observations table: ``region_code, indicator, year, value`` plus optional ``source_id, note``."""
    return load_table(path, "observations")


def load_sources(path: str | Path) -> pd.DataFrame:
    """Sources table: ``id, title, publisher, url, date`` plus optional ``accessed, note``."""
    return load_table(path, "sources")


def load_events(path: str | Path) -> pd.DataFrame:
    """Events (evidence log): ``id, region_code, date, kind, title, source_id`` plus optional details."""
    return load_table(path, "events")


def detect_table(frame: pd.DataFrame) -> str | None:
    """Guess which table a frame is from its columns: ``regions``, ``observations``, ``sources``, ``events``."""
    cols = set(frame.columns)
    for name in ("observations", "labels", "undated", "events", "regions", "sources", "bands", "targets",
                 "method_periods"):
        if set(SPECS[name].required) <= cols:
            return name
    return None


#: Values worked out from a dataset's tables, by the dataset's id (:meth:`Dataset._memo`); dropped with the dataset.
_MEMO: dict[int, dict[str, Any]] = {}


@dataclass(frozen=True)
class Dataset:
    """The validated tables that make up a dataset.

    ``observations`` holds the file's rows plus the indicators derived from ``events`` (column ``derived`` True);
    ``labels`` the published categorical results; ``undated`` figures whose year no source states (never scored);
    ``gaps`` why a value is missing (:data:`readiness.model.context.GAPS`); ``context`` published national
    distributions and averages (:data:`readiness.model.context.CONTEXT`).
    """

    framework: Framework
    groups: pd.DataFrame
    regions: pd.DataFrame
    observations: pd.DataFrame
    sources: pd.DataFrame
    events: pd.DataFrame
    labels: pd.DataFrame
    undated: pd.DataFrame
    method_periods: pd.DataFrame = field(default_factory=pd.DataFrame)
    bands: pd.DataFrame = field(default_factory=pd.DataFrame)
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)
    gaps: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(CONTEXT_SPECS["gaps"].columns)))
    context: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(CONTEXT_SPECS["context"].columns)))

    def band_book(self) -> BandBook:
        """The dataset's official band lookup (:class:`readiness.model.rules.BandBook`: ``bands`` and
        ``method_periods``, compiled once)."""
        return band_book(self.bands, self.method_periods)

    def band_of(self, indicator: str, value: float, year: int) -> dict | None:
        """The official band of ``value`` of ``indicator`` in force in ``year`` (see
        :func:`readiness.model.rules.band_of`;
        None when no band table is in force, e.g. after a method break without published bands)."""
        return self.band_book().band(indicator, value, year)

    def bands_of(self, indicator: str, values, years) -> pd.DataFrame:
        """:meth:`band_of` for a column of values and their years at once
        (:meth:`readiness.model.rules.BandBook.lookup`)."""
        return self.band_book().lookup(indicator, values, years)

    def method_period(self, indicator: str, year: int) -> dict | None:
        """The publisher's method period of ``indicator`` in force in ``year`` (None when none is recorded)."""
        return method_period(self.method_periods, indicator, year)

    def target(self, indicator: str, year: int) -> float | None:
        """The sourced national target of ``indicator`` in ``year`` (``targets.csv``), or None."""
        return target_of(self.targets, indicator, year)

    def scored_regions(self) -> pd.DataFrame:
        """The regions that are scored and ranked: kabupaten/kota (not reference places, nor provinces, kecamatan
        or desa, which are shown but never ranked against a city)."""
        return self.regions[self.regions["kind"].isin(SCORED_KINDS)]

    def region_labels(self) -> dict[str, str]:
        """Region code -> display name (the short name where there is one, else the official name). Worked out
        once per dataset (its tables are not changed after loading): the dashboard asks for it for every option of
        every region list on every rerun."""
        return dict(self._memo("region_labels", lambda: dict(zip(
            self.regions["code"], self.regions["short_name"].fillna(self.regions["name"]), strict=True))))

    def _memo(self, key: str, make: Callable[[], Any]) -> Any:
        """``make()``, kept for this (frozen) dataset under ``key`` while the dataset lives (outside the object, so
        that its fields stay what they are: ``Dataset(**vars(ds))`` still copies it)."""
        memo = _MEMO.get(id(self))
        if memo is None:
            memo = _MEMO[id(self)] = {}
            weakref.finalize(self, _MEMO.pop, id(self), None)
        if key not in memo:
            memo[key] = make()
        return memo[key]

    def region_groups(self) -> dict[str, str]:
        """Region code -> group id (the groups are listed in ``groups.csv``)."""
        return dict(zip(self.regions["code"], self.regions["group"], strict=True))

    def scored_groups(self) -> list[str]:
        """The ids of the groups whose regions are scored, in the groups table's order."""
        return list(self.groups.loc[self.groups["scored"], "id"])

    def regions_of_role(self, role: str) -> tuple[str, ...]:
        """The codes of the scored regions whose group has ``role`` (``study``, ``benchmark``; see
        :data:`readiness.model.schema.GROUP_ROLES`), in the regions table's order."""
        def codes() -> tuple[str, ...]:
            groups = set(self.groups.loc[self.groups["role"] == role, "id"])
            scored = self.scored_regions()
            return tuple(str(c) for c in scored.loc[scored["group"].isin(groups), "code"])

        return self._memo(f"role:{role}", codes)

    def study_regions(self) -> tuple[str, ...]:
        """The study regions (groups with role ``study``: the IKN and Jakarta buffers): the regions ranked by
        default (``ScoringSpec(study=...)``); benchmarks are scored and shown beside them, not ranked."""
        return self.regions_of_role("study")

    def benchmark_regions(self) -> tuple[str, ...]:
        """The benchmark regions (groups with role ``benchmark``): scored and shown for reference, ranked only when
        every region is (``ScoringSpec(rank_among="all")``)."""
        return self.regions_of_role("benchmark")

    def headline_groups(self) -> list[str]:
        """The groups whose means are headline figures (overview) and reference lines (profile)."""
        return list(self.groups.loc[self.groups["headline"], "id"])

    def group_names(self, lang: str = "id", mean: bool = False) -> dict[str, str]:
        """Group id -> name in ``lang`` (``mean=True``: the name of the group's mean, e.g. "IKN buffers' mean")."""
        column = f"{'mean_' if mean else ''}name_{'id' if lang == 'id' else 'en'}"
        return dict(zip(self.groups["id"], self.groups[column].fillna(self.groups["id"]), strict=True))

    def years_with_data(self) -> list[int]:
        """Years with at least one published (not derived) figure of a framework indicator, ascending."""
        return years_with_data(self.framework, self.observations)

    def group_colors(self) -> dict[str, str]:
        """Group id -> colour (for a group's mean on charts)."""
        return dict(zip(self.groups["id"], self.groups["color"], strict=True))


def register_problems(regions: pd.DataFrame, source: str = "regions") -> list[str]:
    """Region codes that the bundled national register (:mod:`readiness.model.register`) does not know, one problem per
    row; a name that differs from the register's is a :class:`ReadinessWarning` naming the row (names are kept as
    written: a short or older name is not an error). Reference places (``ref.<name>``) are not in the register."""
    places = regions[~regions["code"].astype(str).str.startswith("ref.")]
    problems = []
    reg = register.load_register()
    for idx, code in places["code"].items():
        if reg.lookup(code) is None:
            problems.append(f"{source} row {idx + 2} column 'code': {code!r} is not a Kemendagri code in the national "
                            f"register (idn-area-data, see data/register/README.md)")
    if "name" in places:
        mismatched = register.name_mismatches(places, reg)
        row_of = {str(c): i for i, c in places["code"].items()}
        for item in mismatched.itertuples(index=False):
            warnings.warn(f"{source} row {row_of[item.code] + 2}: name {item.name!r} differs from the register's "
                          f"{item.register_name!r} for {item.code}", ReadinessWarning, stacklevel=2)
    return problems


def cross_check(*, framework: Framework | None = None, groups: pd.DataFrame | None = None,
                regions: pd.DataFrame | None = None,
                observations: pd.DataFrame | None = None, sources: pd.DataFrame | None = None,
                events: pd.DataFrame | None = None, labels: pd.DataFrame | None = None,
                undated: pd.DataFrame | None = None, method_periods: pd.DataFrame | None = None,
                bands: pd.DataFrame | None = None, targets: pd.DataFrame | None = None,
                gaps: pd.DataFrame | None = None, context: pd.DataFrame | None = None,
                names: dict[str, str] | None = None) -> list[str]:
    """Problems between tables: unknown region codes (not in the regions table, or not in the national register),
    indicators, or sources. Returns the list (empty = fine)."""
    names = names or {}
    rules = {"method_periods": method_periods, "bands": bands, "targets": targets, "gaps": gaps, "context": context}
    problems: list[str] = []

    def unknown(frame: pd.DataFrame, column: str, allowed: set[str], table: str, what: str) -> None:
        if column not in frame:
            return
        for idx, value in frame[column].items():
            if pd.notna(value) and str(value) not in allowed:
                problems.append(f"{names.get(table, table)} row {idx + 2} column '{column}': unknown {what} {value!r}")

    if regions is not None and groups is not None:
        unknown(regions, "group", set(groups["id"].astype(str)), "regions", "group (not in the groups table)")
    for table, frame in (("observations", observations), ("events", events), ("labels", labels),
                         ("undated", undated)):
        if frame is not None:  # (a table read on its own is checked when it is read; a folder's is checked here)
            problems.extend(f"{names.get(table, table)} row {idx + 2} column '{column}': {reason}"
                            for idx, column, reason in codes_in_register(frame))
    if regions is not None:
        problems.extend(register_problems(regions, names.get("regions", "regions")))
        codes = set(regions["code"].dropna().astype(str))
        for table, frame in (("observations", observations), ("events", events), ("labels", labels),
                             ("undated", undated), ("gaps", gaps)):
            if frame is not None:
                unknown(frame, "region_code", codes, table, "region code (not in the regions table)")
    if sources is not None:
        ids = set(sources["id"].dropna().astype(str))
        for table, frame in (("observations", observations), ("events", events), ("labels", labels),
                             ("undated", undated)):
            if frame is not None:
                unknown(frame, "source_id", ids, table, "source id")
        if regions is not None:
            for column in ("coord_source_id", "area_source_id"):
                unknown(regions, column, ids, "regions", "source id")
        for table, frame in rules.items():
            if frame is not None:
                unknown(frame, "source_id", ids, table, "source id")
    if framework is not None:
        for table, frame in rules.items():
            if frame is not None:
                unknown(frame, "indicator", set(framework.indicators), table, "indicator (not in the framework)")
    if context is not None and bands is not None and len(context):
        problems.extend(context_problems(context, band_book(bands, method_periods), names.get("context", "context")))
    if framework is not None and observations is not None:
        derived = derive_rules(framework)
        aggregates = set(framework.aggregates)
        for idx, value in observations["indicator"].items():
            if value in aggregates:
                problems.append(f"{names.get('observations', 'observations')} row {idx + 2} column 'indicator': "
                                f"{value!r} is an aggregate in the framework; observations belong to indicators")
            elif value in derived:
                problems.append(f"{names.get('observations', 'observations')} row {idx + 2} column 'indicator': "
                                f"{value!r} is derived from events.csv by code; record the event instead")
    return problems


#: Tables a dataset folder may leave out (an empty table is used): method periods, bands, targets, the gap register
#: and the national context.
OPTIONAL_TABLES = ("method_periods", "bands", "targets", "gaps", "context")

def _validated_tables(directory: Path, framework: Framework) -> dict[str, pd.DataFrame]:
    problems: list[str] = []
    tables: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        if name in OPTIONAL_TABLES and not (directory / f"{name}.csv").exists():
            tables[name] = pd.DataFrame(columns=list(_spec(name).columns))
            continue
        try:  # region codes against the register in cross_check below, reported with the other cross-checks
            tables[name] = load_table(directory / f"{name}.csv", _without_register_check(_spec(name)))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    problems = cross_check(framework=framework, names={k: f"{k}.csv" for k in tables}, **tables)
    if problems:
        raise DataError(problems)
    return tables


def _without_register_check(spec: TableSpec) -> TableSpec:
    return dataclasses.replace(spec, frame_checks=tuple(c for c in spec.frame_checks if c is not codes_in_register))


def load_dataset(directory: str | Path = DATA_DIR, *, cache_dir: str | Path | None = None) -> Dataset:
    """Load and cross-check the dataset in ``directory`` (default: the bundled ``data/``).

    Expects ``framework.yaml`` (or ``framework.csv``) and the tables :data:`TABLES` as ``<name>.csv``. Raises
    :class:`DataError` listing every problem found in every table. Derived indicators (:mod:`readiness.model.derive`)
    are added to the observations.

    ``cache_dir``: keep the validated tables there, keyed by the content hash of the files and of the validating
    code; an unchanged dataset is then read back without validating it again. Only this library writes there.
    """
    directory = Path(directory)
    framework = load_framework(framework_path(directory))
    cached = Path(cache_dir) / f"dataset-{cache_key(directory)}.tables" if cache_dir is not None else None
    tables = None if cached is None else read_cached(cached)
    if tables is None:
        tables = _validated_tables(directory, framework)
        if cached is not None:
            write_cached(cached, tables)
    return with_derived(framework, tables)


#: The tables that hold domain rules rather than figures; they always come from the dataset folder's files (the
#: store holds the figures).
RULE_TABLES = ("groups", "method_periods", "bands", "targets", "gaps", "context")


def load_rules(directory: str | Path = DATA_DIR) -> dict[str, pd.DataFrame]:
    """The domain-rule tables (:data:`RULE_TABLES`) of a dataset folder, validated (an optional one that is
    missing is empty)."""
    out = {}
    for name in RULE_TABLES:
        path = Path(directory) / f"{name}.csv"
        if name in OPTIONAL_TABLES and not path.exists():
            out[name] = pd.DataFrame(columns=list(_spec(name).columns))
        else:
            out[name] = load_table(path, name)
    return out


def with_derived(framework: Framework, tables: dict[str, pd.DataFrame]) -> Dataset:
    """A :class:`Dataset` from validated, cross-checked tables, with the derived indicators added to the
    observations (:mod:`readiness.model.derive`). Used for files and for the store alike."""
    tables = dict(tables)
    tables["observations"] = add_derived(framework, tables["observations"], tables["events"])
    periods = tables.get("method_periods")
    return Dataset(framework=framework.with_method_periods(periods), **tables)


def add_derived(framework: Framework, observations: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """``observations`` (column ``derived`` False) with the framework's derived indicators computed from ``events``
    over the observations' span of years (column ``derived`` True): what every loader scores, the dataset folder's
    (:func:`load_dataset`), the store's and the command line's files alike."""
    observed = observations.assign(derived=False)
    if len(observed):
        years = range(int(observed["year"].min()), int(observed["year"].max()) + 1)
        derived = derive_observations(events, years, framework)
        if len(derived):
            observed = pd.concat([observed, derived], ignore_index=True)
    return observed


def years_with_data(framework: Framework, observations: pd.DataFrame) -> list[int]:
    """Years with at least one published (not derived) figure of a framework indicator, ascending."""
    mask = observations["indicator"].isin(framework.indicators)
    if "derived" in observations:
        mask &= ~observations["derived"].astype(bool)
    return sorted(int(y) for y in observations.loc[mask, "year"].unique())
