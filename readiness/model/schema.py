"""Schemas of the data tables (regions, observations, sources, events), checked with pandera.

Validation happens in two passes that both collect every problem before raising:

1. *types*: each column is parsed to its type (text, integer, number); a cell that does not parse is reported with
   its file row and column, and the value received;
2. *values*: pandera checks ranges, patterns, allowed values and uniqueness on the typed table (``lazy=True``), and
   each failure is reported the same way.

File rows count as a spreadsheet does: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

if TYPE_CHECKING:
    import pandera.pandas as pa

    from readiness.model.framework import Framework, Node

from readiness.errors import DataError
from readiness.io import NUMBER_LIMIT, clip
from readiness.model import register
from readiness.model.rules import method_period

__all__ = [
    "BANDS",
    "EVENTS",
    "EVENT_KINDS",
    "GROUPS",
    "GROUP_ROLES",
    "METHOD_PERIODS",
    "OBSERVATIONS",
    "REGIONS",
    "REGION_CODE_PATTERN",
    "REGION_KINDS",
    "SCORED_KINDS",
    "SOURCES",
    "SPECS",
    "TARGETS",
    "CheckSpec",
    "Problem",
    "TableSpec",
    "check_table",
    "codes_in_register",
    "observation_checks",
    "valid_range",
    "validate_table",
]

#: Kemendagri code of a kabupaten/kota with a dot (``64.71``); reference places use ``ref.<name>``.
#: ASCII digits only (``\d`` would also accept Arabic-Indic and other Unicode digits).
#: A Kemendagri code with dots, at any level: province ``64``, kabupaten/kota ``64.71``, kecamatan ``64.71.01``,
#: desa/kelurahan ``64.71.01.1001`` (ASCII digits only). Codes are also checked against the bundled national
#: register: a regions table's when a dataset is loaded (:func:`readiness.model.datasets.cross_check`), the
#: observations', labels', undated figures' and events' by the tables' own check (on every path that reads them);
#: reference places (``ref.<name>``, never in the register) are allowed in every table, as in the regions table.
REGION_CODE_PATTERN = r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$"
_PLACE_CODE_PATTERN = r"^([0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?|ref\.[a-z0-9_]+)$"
_CODE_ERROR = "must be a Kemendagri code: 64, 64.71, 64.71.01 or 64.71.01.1001"
_PLACE_CODE_ERROR = _CODE_ERROR + " (or ref.<name> for a reference place)"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
REGION_KINDS = ("kota", "kabupaten", "provinsi", "kecamatan", "kelurahan", "desa", "reference")
SCORED_KINDS = register.SCORED_KINDS
EVENT_KINDS = (
    "overseas training",
    "training",
    "study visit",
    "benchmarking visit",
    "innovation launch",
    "award",
    "other",
)
EVENT_STATUSES = ("reported", "planned")


class CheckSpec(NamedTuple):
    """A pandera check written down without importing pandera (``Check.isin(...)`` -> built on first use), so that
    importing this module, the store or the app costs no pandera import: 0.15 s and 15 MB of every server start
    (``benchmarks/bench_imports.py``), since a start on unchanged data reads the cached, already-checked tables."""

    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]

    def build(self) -> Any:
        """The pandera ``Check``."""
        # deferred: pandera: 0.15 s, 15 MB (benchmarks/bench_imports.py); only validation needs it, a start on cached
        # tables never does
        import pandera.pandas as pa

        return getattr(pa.Check, self.name)(*self.args, **self.kwargs)


class _CheckFactory:
    """``Check.str_matches(pattern, error=...)`` and friends, as :class:`CheckSpec` records."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: CheckSpec(name, args, kwargs)


Check = _CheckFactory()


@dataclass(frozen=True)
class TableSpec:
    """A table's columns: their types, which are required, and the pandera schema of their values."""

    name: str
    text: tuple[str, ...]
    integer: tuple[str, ...] = ()
    number: tuple[str, ...] = ()
    boolean: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    not_null: tuple[str, ...] = ()
    checks: Mapping[str, list[CheckSpec]] = field(default_factory=dict)
    unique: tuple[str, ...] = ()
    frame_checks: tuple[Callable[[pd.DataFrame], list[tuple[int, str, str]]], ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """All known columns, in order."""
        return self.text + self.integer + self.number + self.boolean

    def schema(self) -> pa.DataFrameSchema:
        """The pandera schema of the typed table (pandera is imported here, when a table is first validated)."""
        # deferred: pandera: 0.15 s, 15 MB (benchmarks/bench_imports.py); only validation needs it, a start on cached
        # tables never does
        import pandera.pandas as pa

        cols = {}
        for c in self.columns:
            dtype = ("Int64" if c in self.integer else "Float64" if c in self.number
                     else "boolean" if c in self.boolean else None)
            cols[c] = pa.Column(
                dtype,
                checks=[spec.build() for spec in self.checks.get(c, [])],
                nullable=c not in self.not_null,
                required=c in self.required,
                unique=self.unique == (c,),
            )
        return pa.DataFrameSchema(cols, strict=False, unique=list(self.unique) if len(self.unique) > 1 else None)


def _coordinates_in_range(df: pd.DataFrame) -> list[tuple[int, str, str]]:
    """Latitude and longitude of Indonesia's extent (with a margin)."""
    out = []
    if "lat" in df:
        for idx in df.index[df["lat"].notna() & ~df["lat"].between(-11.5, 6.5)]:
            out.append((idx, "lat", f"latitude {df.at[idx, 'lat']} is outside Indonesia (-11.5 to 6.5)"))
    if "lon" in df:
        for idx in df.index[df["lon"].notna() & ~df["lon"].between(94.5, 141.5)]:
            out.append((idx, "lon", f"longitude {df.at[idx, 'lon']} is outside Indonesia (94.5 to 141.5)"))
    return out


def _reference_codes_match_kind(df: pd.DataFrame) -> list[tuple[int, str, str]]:
    """A reference place has a ``ref.`` code; a kota or kabupaten has a Kemendagri code."""
    if "code" not in df or "kind" not in df:
        return []
    is_ref_code = df["code"].fillna("").str.startswith("ref.")
    is_ref_kind = df["kind"].fillna("") == "reference"
    bad = df.index[is_ref_code != is_ref_kind]
    hint = "(reference places use ref.<name>)"
    return [(i, "code", f"code {df.at[i, 'code']!r} does not fit kind {df.at[i, 'kind']!r} {hint}") for i in bad]


REGIONS = TableSpec(
    name="regions",
    text=("code", "name", "short_name", "kind", "province", "group", "coord_source_id", "area_source_id", "note"),
    number=("lat", "lon", "area_km2"),
    required=("code", "name", "kind", "province", "group", "lat", "lon"),
    not_null=("code", "name", "kind", "group"),
    checks={
        "code": [Check.str_matches(
            _PLACE_CODE_PATTERN, error=_PLACE_CODE_ERROR
        )],
        "kind": [Check.isin(REGION_KINDS, error=f"must be one of {', '.join(REGION_KINDS)}")],
    },
    unique=("code",),
    frame_checks=(_coordinates_in_range, _reference_codes_match_kind),
)

def _no_control_characters(df: pd.DataFrame) -> list[tuple[int, str, str]]:
    """Text cells hold no control characters (tab, line feed and carriage return are allowed)."""
    out = []
    for col in ("region_code", "indicator", "source_id", "note", "confidence", "quote"):
        if col in df:
            text = df[col].astype("string")
            out.extend((idx, col, f"{col} contains control characters")
                       for idx in df.index[text.str.contains(_CONTROL, na=False)])
    return out


def _unregistered(codes: pd.Series) -> pd.Series:
    """True where a well-formed Kemendagri code is not in the national register (reference places, ``ref.<name>``,
    and malformed codes, which the pattern check reports, are False)."""
    text = codes.astype("string")
    shaped = text.str.fullmatch(REGION_CODE_PATTERN).fillna(False).astype(bool)
    reg = register.load_register()
    missing = {c for c in text[shaped].unique() if reg.lookup(c) is None}
    return shaped & text.isin(missing).fillna(False).astype(bool)


def codes_in_register(df: pd.DataFrame) -> list[tuple[int, str, str]]:
    """Every Kemendagri region code is in the bundled national register (:mod:`readiness.model.register`), whether or
    not a regions table is given; reference places (``ref.<name>``) are not in the register and are allowed."""
    if "region_code" not in df:
        return []
    return [(idx, "region_code", f"{df.at[idx, 'region_code']!r} is not a Kemendagri code in the national register "
             "(idn-area-data, see data/register/README.md)") for idx in df.index[_unregistered(df["region_code"])]]


OBSERVATIONS = TableSpec(
    name="observations",
    text=("region_code", "indicator", "source_id", "note", "confidence", "quote"),
    integer=("year",),
    number=("value",),
    required=("region_code", "indicator", "year", "value"),
    not_null=("region_code", "indicator", "year", "value"),
    checks={
        "region_code": [Check.str_matches(_PLACE_CODE_PATTERN, error=_PLACE_CODE_ERROR)],
        "indicator": [Check.str_length(min_value=1, error="must not be empty")],
        "year": [Check.in_range(1990, 2100, error="must be a year between 1990 and 2100")],
    },
    unique=("region_code", "indicator", "year"),
    frame_checks=(_no_control_characters, codes_in_register),
)

SOURCES = TableSpec(
    name="sources",
    text=("id", "title", "publisher", "url", "date", "accessed", "note"),
    required=("id", "title", "publisher", "url", "date"),
    not_null=("id", "title"),
    checks={
        "url": [Check.str_matches(
            r"^(https?://\S+|seed:\S+)$", error="must be an http(s) URL (or seed:<file> for a seed article)"
        )],
        "date": [Check.str_matches(_DATE_PATTERN, error="must be a date like 2024-12-10 (or 2024-12, 2024)")],
        "accessed": [Check.str_matches(_DATE_PATTERN, error="must be a date like 2026-11-23")],
    },
    unique=("id",),
)

EVENTS = TableSpec(
    name="events",
    text=("id", "region_code", "date", "kind", "title", "title_id", "title_en", "unit", "unit_id", "unit_en", "measure",
          "status", "source_id", "confidence", "quote", "note"),
    integer=("count",),
    required=("id", "region_code", "date", "kind", "title", "source_id"),
    not_null=("id", "region_code", "date", "kind", "title", "source_id"),
    checks={
        "region_code": [Check.str_matches(_PLACE_CODE_PATTERN, error=_PLACE_CODE_ERROR)],
        "date": [Check.str_matches(_DATE_PATTERN, error="must be a date like 2023-03-23 (or 2023-03, 2023)")],
        "kind": [Check.isin(EVENT_KINDS, error=f"must be one of {', '.join(EVENT_KINDS)}")],
        "count": [Check.ge(0, error="must be a count >= 0")],
        "status": [Check.isin(EVENT_STATUSES, error=f"must be one of {', '.join(EVENT_STATUSES)}")],
    },
    unique=("id",),
    frame_checks=(codes_in_register,),
)

#: Published categorical results (SPBE predikat, Ombudsman zone/opini, IPP category...), kept as published.
LABELS = TableSpec(
    name="labels",
    text=("region_code", "indicator", "label", "source_id", "note", "confidence", "quote"),
    integer=("year",),
    required=("region_code", "indicator", "year", "label", "source_id"),
    not_null=("region_code", "indicator", "year", "label", "source_id"),
    checks={
        "region_code": [Check.str_matches(_PLACE_CODE_PATTERN, error=_PLACE_CODE_ERROR)],
        "year": [Check.in_range(1990, 2100, error="must be a year between 1990 and 2100")],
    },
    frame_checks=(codes_in_register,),
)

#: Figures found in a source that does not say which year they are for: shown, never scored.
UNDATED = TableSpec(
    name="undated",
    text=("region_code", "indicator", "value", "published", "source_id", "note", "note_id", "note_en", "confidence",
          "quote"),
    required=("region_code", "indicator", "value", "source_id"),
    not_null=("region_code", "indicator", "value", "source_id"),
    checks={
        "region_code": [Check.str_matches(_PLACE_CODE_PATTERN, error=_PLACE_CODE_ERROR)],
        "published": [Check.str_matches(_DATE_PATTERN, error="must be a date like 2025-01-27 (or 2025-01, 2025)")],
    },
    frame_checks=(codes_in_register,),
)

def _role_matches_scored(df: pd.DataFrame) -> list[tuple[int, str, str]]:
    """A study or benchmark group is scored; a reference group is not (``role`` and ``scored`` agree)."""
    if "role" not in df or "scored" not in df:
        return []
    scored_role = df["role"].isin(("study", "benchmark"))
    bad = df.index[df["role"].isin(GROUP_ROLES) & df["scored"].notna() & (scored_role != df["scored"].astype(bool))]
    return [(i, "scored", f"role {df.at[i, 'role']!r} must have scored = {str(bool(scored_role[i])).lower()}")
            for i in bad]


#: What a group's regions are for (``groups.csv`` column ``role``): ``study`` regions are the ones the dashboard is
#: about and are ranked; ``benchmark`` regions are scored and shown beside them for reference, not ranked (unless
#: every region is ranked: ``ScoringSpec(rank_among="all")``); ``reference`` places are shown, never scored.
GROUP_ROLES = ("study", "benchmark", "reference")

#: Region groups (IKN buffers, Jakarta buffers...): names in both languages, the colour of the group's mean, its
#: role (:data:`GROUP_ROLES`), whether its regions are scored and whether its mean is a headline figure. Domain rules
#: as data.
GROUPS = TableSpec(
    name="groups",
    text=("id", "name_id", "name_en", "mean_name_id", "mean_name_en", "color", "role"),
    integer=("order",),
    boolean=("scored", "headline"),
    required=("id", "name_id", "name_en", "color", "role", "scored", "headline"),
    not_null=("id", "name_id", "name_en", "color", "role", "scored", "headline"),
    checks={
        "id": [Check.str_matches(r"^[a-z][a-z0-9_]*$", error="must be a lower-case id like ikn_buffer")],
        "color": [Check.str_matches(r"^#[0-9a-fA-F]{6}$", error="must be a colour like #332288")],
        "role": [Check.isin(GROUP_ROLES, error=f"must be one of {', '.join(GROUP_ROLES)}")],
    },
    unique=("id",),
    frame_checks=(_role_matches_scored,),
)

def _bounds_ordered(df: pd.DataFrame) -> list[tuple[int, str, str]]:
    """A band's lower bound is below its upper bound."""
    if "lower_bound" not in df or "upper_bound" not in df:
        return []
    bad = df.index[df["lower_bound"].notna() & df["upper_bound"].notna() & (df["lower_bound"] >= df["upper_bound"])]
    return [(i, "upper_bound", f"upper bound {df.at[i, 'upper_bound']} must be above the lower bound "
             f"{df.at[i, 'lower_bound']}") for i in bad]


def _period_years_ordered(df: pd.DataFrame) -> list[tuple[int, str, str]]:
    """A method period ends (``to_year``, empty = still in force) no earlier than it starts."""
    if "from_year" not in df or "to_year" not in df:
        return []
    bad = df.index[df["to_year"].notna() & (df["to_year"] < df["from_year"])]
    return [(i, "to_year", f"to_year {df.at[i, 'to_year']} is before from_year {df.at[i, 'from_year']}")
            for i in bad]


_YEAR = [Check.in_range(1990, 2100, error="must be a year between 1990 and 2100")]

#: A publisher's method period of an indicator: the scale in force from ``from_year`` to ``to_year`` (empty = still
#: in force). Values from different periods are not on one scale (method breaks).
METHOD_PERIODS = TableSpec(
    name="method_periods",
    text=("indicator", "note", "note_id", "note_en", "source_id"),
    integer=("from_year", "to_year"),
    number=("scale_min", "scale_max"),
    required=("indicator", "from_year", "source_id"),
    not_null=("indicator", "from_year", "source_id"),
    checks={"from_year": _YEAR, "to_year": _YEAR},
    unique=("indicator", "from_year"),
    frame_checks=(_period_years_ordered,),
)

#: An official band (SPBE predikat, Ombudsman zone/opini, IP ASN category...) in force from ``period_from_year``:
#: bounds inclusive as published.
BANDS = TableSpec(
    name="bands",
    text=("indicator", "band_id", "name_id", "name_en", "source_id"),
    integer=("period_from_year",),
    number=("lower_bound", "upper_bound"),
    required=("indicator", "period_from_year", "lower_bound", "upper_bound", "band_id", "name_id", "name_en",
              "source_id"),
    not_null=("indicator", "period_from_year", "lower_bound", "upper_bound", "band_id", "name_id", "name_en",
              "source_id"),
    checks={"period_from_year": _YEAR},
    unique=("indicator", "period_from_year", "band_id"),
    frame_checks=(_bounds_ordered,),
)

#: A sourced national target of an indicator for a span of years (e.g. IKD activation 30 % from 2024).
TARGETS = TableSpec(
    name="targets",
    text=("indicator", "unit", "note", "source_id"),
    integer=("from_year", "to_year"),
    number=("target",),
    required=("indicator", "from_year", "target", "source_id"),
    not_null=("indicator", "from_year", "target", "source_id"),
    checks={"from_year": _YEAR, "to_year": _YEAR},
    unique=("indicator", "from_year"),
    frame_checks=(_period_years_ordered,),
)

SPECS: Mapping[str, TableSpec] = {
    s.name: s for s in (GROUPS, REGIONS, OBSERVATIONS, SOURCES, EVENTS, LABELS, UNDATED, METHOD_PERIODS, BANDS,
                        TARGETS)
}


class Problem(NamedTuple):
    """One problem of a table: the row's position in the frame (0-based; None for the whole table), the column
    (None for the whole row) and why."""

    row: int | None
    column: str | None
    reason: str


FrameCheck = Callable[[pd.DataFrame], list[tuple[int, str, str]]]

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d+$|^[+-]?\d+,\d+$")


def _number_problem(text: str, whole: bool) -> str:
    """Why a cell is not a number, with the fix for a decimal comma or thousands separators."""
    s = text.replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if _THOUSANDS.match(s):
        return f"thousands separators in {clip(text)}: write the number without them"
    if _DECIMAL_COMMA.match(s):
        fixed = s.replace(".", "").replace(",", ".")
        return f"decimal comma in {clip(text)}: write {fixed} (a point as the decimal separator) / koma desimal: " \
               f"tulis {fixed}"
    kind = "a whole number" if whole else "a number"
    return f"must be {kind}, got {clip(text)} (finite, within +-{NUMBER_LIMIT:g})"


def _parse(out: pd.DataFrame, spec: TableSpec, problems: list[Problem]) -> set[tuple[int, str]]:
    """Type ``out``'s columns in place (pass 1); unparsable cells become missing. Returns those cells."""
    bad_cells: set[tuple[int, str]] = set()
    for c in spec.columns:
        if c not in out.columns:
            continue
        text = out[c].astype("string").str.strip().replace("", pd.NA)
        if c in spec.text:
            out[c] = text
            continue
        if c in spec.boolean:
            lowered = text.str.lower()
            parsed_bool = lowered.map({"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False})
            for idx in out.index[text.notna() & parsed_bool.isna()]:
                problems.append(Problem(idx, c, f"must be true or false, got {text[idx]!r}"))
                bad_cells.add((idx, c))
            out[c] = parsed_bool.astype("boolean")
            continue
        parsed = pd.to_numeric(text.str.replace("\u2212", "-", regex=False), errors="coerce").astype(float)
        bad = text.notna() & parsed.isna()
        # finite and within the documented range (readiness.io.NUMBER_LIMIT): no inf, no 1.8e308
        bad |= parsed.notna() & ~(parsed.abs() <= NUMBER_LIMIT)
        if c in spec.integer:
            bad |= parsed.notna() & (parsed != parsed.round())
        for idx in out.index[bad][:1000]:
            problems.append(Problem(idx, c, _number_problem(str(text[idx]), c in spec.integer)))
            bad_cells.add((idx, c))
        parsed = parsed.where(~bad)
        out[c] = parsed.astype("Int64") if c in spec.integer else parsed.astype("Float64")
    return bad_cells


def check_table(frame: pd.DataFrame, spec: TableSpec, *,
                checks: tuple[FrameCheck, ...] = ()) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse and check ``frame`` against ``spec`` (and the extra frame ``checks``), collecting every problem.

    Returns the typed table (index 0..n-1; a cell that does not parse is missing) and the problems by row position
    and column. ``frame`` is read with every column as text; text cells are stripped, empty cells become missing.
    """
    missing = [c for c in spec.required if c not in frame.columns]
    if missing:
        return frame, [Problem(None, None, f"missing column(s) {', '.join(missing)}; expected "
                                           f"{', '.join(spec.columns)}")]
    problems: list[Problem] = []
    out = frame.reset_index(drop=True).copy()
    bad_cells = _parse(out, spec, problems)
    # deferred: pandera: 0.15 s, 15 MB (benchmarks/bench_imports.py); only validation needs it, a start on cached
    # tables never does
    from pandera.errors import SchemaErrors  # pandera only when a table is validated

    try:
        spec.schema().validate(out, lazy=True)
    except SchemaErrors as exc:
        for row in exc.failure_cases.itertuples(index=False):
            problem = _describe(row, spec)
            if row.check == "not_nullable" and (problem.row, problem.column) in bad_cells:
                continue  # already reported as unparsable
            problems.append(problem)
    for check in (*spec.frame_checks, *checks):
        problems.extend(Problem(idx, col, reason) for idx, col, reason in check(out))
    return out, list(dict.fromkeys(problems))


def validate_table(frame: pd.DataFrame, spec: TableSpec, *, source: str) -> pd.DataFrame:
    """Parse and validate ``frame`` against ``spec``; return the typed table or raise :class:`DataError`.

    ``frame`` should be read with every column as text (``dtype=str``) with a default 0..n-1 index, or indexed by
    the file's row numbers (an index named ``row``, see :func:`readiness.io.read_table`), so that row numbers in
    messages match the file. Text cells are stripped; empty cells become missing.
    """
    typed, problems = check_table(frame, spec)
    if problems:
        numbers = list(frame.index) if frame.index.name == "row" else None

        def where(p: Problem) -> str:
            if p.row is None:
                return source
            return f"{source} row {numbers[p.row] if numbers else p.row + 2}"

        raise DataError([f"{where(p)} column '{p.column}': {p.reason}" if p.column is not None and p.row is not None
                         else f"{where(p)}: {p.reason}" for p in problems])
    return typed


def _describe(row: Any, spec: TableSpec) -> Problem:
    check, column, idx, value = row.check, row.column, row.index, row.failure_case
    idx = None if idx is None or pd.isna(idx) else int(idx)
    value = value.item() if hasattr(value, "item") else value  # numpy's 1989, not np.int64(1989)
    if check == "not_nullable":
        return Problem(idx, column, "is empty but required")
    if check == "field_uniqueness":
        return Problem(idx, column, f"duplicate value {value!r}")
    if check == "multiple_fields_uniqueness":
        return Problem(idx, None, f"duplicate ({', '.join(spec.unique)}) combination")
    if check.startswith("column_in_dataframe"):
        return Problem(None, None, f"missing column {value!r}")
    return Problem(idx, column, f"{check}, got {value!r}")


# ---------------------------------------------------------------------------------------------------------------
# Observations in their context: known indicators and regions, no future years, values within the valid range

_SCALE_IN_UNIT = re.compile(r"(?<![\d.,])(-?\d+(?:\.\d+)?)\s*[-\u2013]\s*(\d+(?:\.\d+)?)(?![\d.,])")
_PERCENT_UNIT = re.compile(r"%|\bpersen\b|\bper ?cent\b", re.IGNORECASE)


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def valid_range(node: Node, period: Mapping[str, Any] | None = None) -> tuple[float | None, float | None]:
    """The physical range of an indicator's values: what a value can be, not what it should be.

    In order: the node's own ``valid_min``/``valid_max`` (extra keys of the framework), the published scale of the
    method period in force (``scale_min``/``scale_max`` of ``method_periods.csv``), a scale named in the unit
    (``indeks 0-5``, ``nilai 0-100``), 0 to 100 for a percentage (``%``, ``persen``); otherwise unbounded (None).
    The goalposts and the target are never the valid range: IKD activation of 35.2 % against a goalpost and
    national target of 30 % is a valid value, and scores at the top of the scale.
    """
    own = (_finite(node.extra.get("valid_min")), _finite(node.extra.get("valid_max")))
    if own != (None, None):
        return own
    if period is not None:
        scale = (_finite(period.get("scale_min")), _finite(period.get("scale_max")))
        if scale != (None, None):
            return scale
    named = _SCALE_IN_UNIT.search(node.unit or "")
    if named is not None and float(named.group(1)) < float(named.group(2)):
        return float(named.group(1)), float(named.group(2))
    if _PERCENT_UNIT.search(node.unit or ""):
        return 0.0, 100.0
    return None, None


def _outside(value: float, lo: float | None, hi: float | None) -> str | None:
    if (lo is None or value >= lo) and (hi is None or value <= hi):
        return None
    if lo is not None and hi is not None:
        return f"is outside the valid range {lo:g} to {hi:g}"
    return f"is below the valid minimum {lo:g}" if lo is not None else f"is above the valid maximum {hi:g}"


def observation_checks(framework: Framework, *, derived: Collection[str] = (), regions: Collection[str] | None = None,
                       region_hint: str = "(not in the regions table)", this_year: int | None = None,
                       periods: pd.DataFrame | None = None, require_range: bool = False) -> tuple[FrameCheck, ...]:
    """Frame checks (for :func:`check_table` with :data:`OBSERVATIONS`) of observations against their context.

    The indicator is one of the framework's, not an aggregate and not in ``derived`` (computed from events); the
    region is one of ``regions`` (``region_hint`` says where to look them up); the year is not after
    ``this_year``; the value is within the indicator's :func:`valid_range` for the method period in force
    (``periods``) in its year. ``require_range`` (the store's importer): an indicator with neither goalposts nor a
    valid range takes no value until the framework states one (``valid_min``/``valid_max``, its one home), so that
    an absurd figure (1e14 people, -5 trainees) cannot be committed and flatten every other region's z-score.
    """
    allowed = frozenset(i for i in framework.indicators if i not in derived)

    def indicators(df: pd.DataFrame) -> list[tuple[int, str, str]]:
        out = []
        for idx in df.index[df["indicator"].notna() & ~df["indicator"].isin(allowed)]:
            ind = str(df.at[idx, "indicator"])
            why = ("is derived from events by code; record the event instead" if ind in derived else
                   "is an aggregate of the framework, computed from its indicators" if ind in framework.aggregates
                   else "is not an indicator of the framework")
            out.append((idx, "indicator", f"indicator {clip(ind, 60)} {why}"))
        return out

    def places(df: pd.DataFrame) -> list[tuple[int, str, str]]:
        codes = df["region_code"]
        known = codes.isna() | ~codes.fillna("").str.match(_PLACE_CODE_PATTERN) | codes.isin(list(regions or ()))
        return [(idx, "region_code", f"unknown region code {codes[idx]!r} {region_hint}")
                for idx in df.index[~known]]

    def years(df: pd.DataFrame) -> list[tuple[int, str, str]]:
        late = df["year"].notna() & (df["year"] > this_year)
        return [(idx, "year", f"year {df.at[idx, 'year']} is in the future (this year is {this_year})")
                for idx in df.index[late.fillna(False)]]

    def values(df: pd.DataFrame) -> list[tuple[int, str, str]]:
        ok = (df["value"].notna() & df["year"].notna() & df["indicator"].isin(allowed)).fillna(False)
        out = []
        for (ind, year), group in df.loc[ok, ["indicator", "year", "value"]].groupby(["indicator", "year"]):
            node = framework.nodes[ind]
            lo, hi = valid_range(node, method_period(periods, ind, int(year)) if periods is not None else None)
            if require_range and lo is None and hi is None and node.goal_min is None and node.goal_max is None:
                out += [(idx, "value", f"{ind} has no goalposts and no valid range; state its plausible range "
                         "(valid_min, valid_max) in the framework before importing values / indikator ini belum "
                         "punya rentang wajar (valid_min, valid_max) di kerangka") for idx in group.index]
                continue
            for idx, value in group["value"].astype(float).items():
                if (why := _outside(value, lo, hi)) is not None:
                    out.append((idx, "value", f"value {value:g} {why} of {ind} ({node.unit})"))
        return sorted(out)

    checks: list[FrameCheck] = [indicators, values]
    if regions is not None:
        checks.append(places)
    if this_year is not None:
        checks.append(years)
    return tuple(checks)
