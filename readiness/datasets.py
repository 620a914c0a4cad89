"""Loading data tables (CSV or Excel) with validation, and the bundled dataset under ``data/``.

Every loader reads all cells as text and hands them to :func:`readiness.schema.validate_table`, so that a bad cell
is reported with its file, row and column instead of silently becoming NaN.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from readiness import io as rio
from readiness.derive import DERIVED, derive_observations
from readiness.errors import DataError
from readiness.framework import Framework, load_framework
from readiness.schema import EVENTS, LABELS, OBSERVATIONS, REGIONS, SOURCES, SPECS, UNDATED, TableSpec, validate_table

__all__ = [
    "DATA_DIR",
    "Dataset",
    "cross_check",
    "detect_table",
    "load_dataset",
    "load_events",
    "load_observations",
    "load_regions",
    "load_sources",
    "load_table",
    "read_table",
]

#: The bundled data shipped with the project.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV or Excel sheet with every cell as text (empty cells as empty strings), under the input limits
    of :mod:`readiness.io` (size, encoding, rows, columns, cell length, workbook checks)."""
    return rio.read_table(path, error=DataError)


def load_table(path: str | Path, spec: TableSpec) -> pd.DataFrame:
    """Read and validate one table against ``spec``."""
    return validate_table(read_table(path), spec, source=Path(path).name)


def load_regions(path: str | Path) -> pd.DataFrame:
    """Regions table: ``code, name, kind, province, group, lat, lon`` (see :data:`readiness.schema.REGIONS`)."""
    return load_table(path, REGIONS)


def load_observations(path: str | Path) -> pd.DataFrame:
    """Long observations table: ``region_code, indicator, year, value`` plus optional ``source_id, note``."""
    return load_table(path, OBSERVATIONS)


def load_sources(path: str | Path) -> pd.DataFrame:
    """Sources table: ``id, title, publisher, url, date`` plus optional ``accessed, note``."""
    return load_table(path, SOURCES)


def load_events(path: str | Path) -> pd.DataFrame:
    """Events (evidence log): ``id, region_code, date, kind, title, source_id`` plus optional details."""
    return load_table(path, EVENTS)


def detect_table(frame: pd.DataFrame) -> str | None:
    """Guess which table a frame is from its columns: ``regions``, ``observations``, ``sources``, ``events``."""
    cols = set(frame.columns)
    for name in ("observations", "labels", "undated", "events", "regions", "sources"):
        if set(SPECS[name].required) <= cols:
            return name
    return None


@dataclass(frozen=True)
class Dataset:
    """The validated tables that make up a dataset.

    ``observations`` holds the file's rows plus the indicators derived from ``events`` (column ``derived`` True);
    ``labels`` the published categorical results; ``undated`` figures whose year no source states (never scored).
    """

    framework: Framework
    regions: pd.DataFrame
    observations: pd.DataFrame
    sources: pd.DataFrame
    events: pd.DataFrame
    labels: pd.DataFrame
    undated: pd.DataFrame

    def scored_regions(self) -> pd.DataFrame:
        """The regions that are scored (every kind but reference places)."""
        return self.regions[self.regions["kind"] != "reference"]

    def region_labels(self) -> dict[str, str]:
        """Region code -> display name (the short name where there is one, else the official name)."""
        names = self.regions["short_name"].fillna(self.regions["name"])
        return dict(zip(self.regions["code"], names, strict=True))

    def region_groups(self) -> dict[str, str]:
        """Region code -> group (``ikn_buffer``, ``jakarta_buffer``, ``benchmark``, ``reference``)."""
        return dict(zip(self.regions["code"], self.regions["group"], strict=True))


def cross_check(*, framework: Framework | None = None, regions: pd.DataFrame | None = None,
                observations: pd.DataFrame | None = None, sources: pd.DataFrame | None = None,
                events: pd.DataFrame | None = None, labels: pd.DataFrame | None = None,
                undated: pd.DataFrame | None = None, names: dict[str, str] | None = None) -> list[str]:
    """Problems between tables: unknown region codes, indicators, or sources. Returns the list (empty = fine)."""
    names = names or {}
    problems: list[str] = []

    def unknown(frame: pd.DataFrame, column: str, allowed: set[str], table: str, what: str) -> None:
        if column not in frame:
            return
        for idx, value in frame[column].items():
            if pd.notna(value) and str(value) not in allowed:
                problems.append(f"{names.get(table, table)} row {idx + 2} column '{column}': unknown {what} {value!r}")

    if regions is not None:
        codes = set(regions["code"].dropna().astype(str))
        for table, frame in (("observations", observations), ("events", events), ("labels", labels),
                             ("undated", undated)):
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
    if framework is not None and observations is not None:
        aggregates = set(framework.aggregates)
        for idx, value in observations["indicator"].items():
            if value in aggregates:
                problems.append(f"{names.get('observations', 'observations')} row {idx + 2} column 'indicator': "
                                f"{value!r} is an aggregate in the framework; observations belong to indicators")
            elif value in DERIVED:
                problems.append(f"{names.get('observations', 'observations')} row {idx + 2} column 'indicator': "
                                f"{value!r} is derived from events.csv by code; record the event instead")
    return problems


def load_dataset(directory: str | Path = DATA_DIR) -> Dataset:
    """Load and cross-check the dataset in ``directory`` (default: the bundled ``data/``).

    Expects ``framework.yaml`` (or ``framework.csv``), ``regions.csv``, ``observations.csv``, ``sources.csv``,
    ``events.csv``, ``labels.csv`` and ``undated.csv``. Raises :class:`DataError` listing every problem found in
    every table. Derived indicators (:mod:`readiness.derive`) are added to the observations.
    """
    directory = Path(directory)
    fw_path = directory / "framework.yaml"
    if not fw_path.exists():
        fw_path = directory / "framework.csv"
    framework = load_framework(fw_path)
    problems: list[str] = []
    tables: dict[str, pd.DataFrame] = {}
    for name, spec in (("regions", REGIONS), ("observations", OBSERVATIONS), ("sources", SOURCES), ("events", EVENTS),
                       ("labels", LABELS), ("undated", UNDATED)):
        try:
            tables[name] = load_table(directory / f"{name}.csv", spec)
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    problems = cross_check(framework=framework, names={k: f"{k}.csv" for k in tables}, **tables)
    if problems:
        raise DataError(problems)
    observed = tables["observations"].assign(derived=False)
    years = range(int(observed["year"].min()), int(observed["year"].max()) + 1)
    derived = derive_observations(tables["events"], years)
    tables["observations"] = pd.concat([observed, derived], ignore_index=True) if len(derived) else observed
    return Dataset(framework=framework, **tables)
