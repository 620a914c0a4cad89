"""Schemas of the data tables (regions, observations, sources, events), checked with pandera.

Validation happens in two passes that both collect every problem before raising:

1. *types*: each column is parsed to its type (text, integer, number); a cell that does not parse is reported with
   its file row and column, and the value received;
2. *values*: pandera checks ranges, patterns, allowed values and uniqueness on the typed table (``lazy=True``), and
   each failure is reported the same way.

File rows count as a spreadsheet does: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

if TYPE_CHECKING:
    import pandera.pandas as pa

from readiness.errors import DataError
from readiness.io import NUMBER_LIMIT, clip
from readiness.model import register

__all__ = [
    "BANDS",
    "EVENTS",
    "EVENT_KINDS",
    "GROUPS",
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
    "TableSpec",
    "validate_table",
]

#: Kemendagri code of a kabupaten/kota with a dot (``64.71``); reference places use ``ref.<name>``.
#: ASCII digits only (``\d`` would also accept Arabic-Indic and other Unicode digits).
#: A Kemendagri code with dots, at any level: province ``64``, kabupaten/kota ``64.71``, kecamatan ``64.71.01``,
#: desa/kelurahan ``64.71.01.1001`` (ASCII digits only). Codes are also checked against the bundled national
#: register when a dataset is loaded (:func:`readiness.model.datasets.cross_check`).
REGION_CODE_PATTERN = r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$"
_PLACE_CODE_PATTERN = r"^([0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?|ref\.[a-z0-9_]+)$"
_CODE_ERROR = "must be a Kemendagri code: 64, 64.71, 64.71.01 or 64.71.01.1001"
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
    importing this module, the store or the app costs no pandera import."""

    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]

    def build(self) -> Any:
        """The pandera ``Check``."""
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
            _PLACE_CODE_PATTERN, error=_CODE_ERROR + " (or ref.<name> for a reference place)"
        )],
        "kind": [Check.isin(REGION_KINDS, error=f"must be one of {', '.join(REGION_KINDS)}")],
    },
    unique=("code",),
    frame_checks=(_coordinates_in_range, _reference_codes_match_kind),
)

OBSERVATIONS = TableSpec(
    name="observations",
    text=("region_code", "indicator", "source_id", "note", "confidence", "quote"),
    integer=("year",),
    number=("value",),
    required=("region_code", "indicator", "year", "value"),
    not_null=("region_code", "indicator", "year", "value"),
    checks={
        "region_code": [Check.str_matches(REGION_CODE_PATTERN, error=_CODE_ERROR)],
        "indicator": [Check.str_length(min_value=1, error="must not be empty")],
        "year": [Check.in_range(1990, 2100, error="must be a year between 1990 and 2100")],
    },
    unique=("region_code", "indicator", "year"),
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
        "region_code": [Check.str_matches(REGION_CODE_PATTERN, error=_CODE_ERROR)],
        "date": [Check.str_matches(_DATE_PATTERN, error="must be a date like 2023-03-23 (or 2023-03, 2023)")],
        "kind": [Check.isin(EVENT_KINDS, error=f"must be one of {', '.join(EVENT_KINDS)}")],
        "count": [Check.ge(0, error="must be a count >= 0")],
        "status": [Check.isin(EVENT_STATUSES, error=f"must be one of {', '.join(EVENT_STATUSES)}")],
    },
    unique=("id",),
)

#: Published categorical results (SPBE predikat, Ombudsman zone/opini, IPP category...), kept as published.
LABELS = TableSpec(
    name="labels",
    text=("region_code", "indicator", "label", "source_id", "note", "confidence", "quote"),
    integer=("year",),
    required=("region_code", "indicator", "year", "label", "source_id"),
    not_null=("region_code", "indicator", "year", "label", "source_id"),
    checks={
        "region_code": [Check.str_matches(REGION_CODE_PATTERN, error=_CODE_ERROR)],
        "year": [Check.in_range(1990, 2100, error="must be a year between 1990 and 2100")],
    },
)

#: Figures found in a source that does not say which year they are for: shown, never scored.
UNDATED = TableSpec(
    name="undated",
    text=("region_code", "indicator", "value", "published", "source_id", "note", "note_id", "note_en", "confidence",
          "quote"),
    required=("region_code", "indicator", "value", "source_id"),
    not_null=("region_code", "indicator", "value", "source_id"),
    checks={
        "region_code": [Check.str_matches(REGION_CODE_PATTERN, error=_CODE_ERROR)],
        "published": [Check.str_matches(_DATE_PATTERN, error="must be a date like 2025-01-27 (or 2025-01, 2025)")],
    },
)

#: Region groups (IKN buffers, Jakarta buffers...): names in both languages, the colour of the group's mean,
#: whether its regions are scored and whether its mean is a headline figure. Domain rules as data.
GROUPS = TableSpec(
    name="groups",
    text=("id", "name_id", "name_en", "mean_name_id", "mean_name_en", "color"),
    integer=("order",),
    boolean=("scored", "headline"),
    required=("id", "name_id", "name_en", "color", "scored", "headline"),
    not_null=("id", "name_id", "name_en", "color", "scored", "headline"),
    checks={
        "id": [Check.str_matches(r"^[a-z][a-z0-9_]*$", error="must be a lower-case id like ikn_buffer")],
        "color": [Check.str_matches(r"^#[0-9a-fA-F]{6}$", error="must be a colour like #332288")],
    },
    unique=("id",),
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


def _label(idx: object) -> str:
    return f"row {int(idx) + 2}" if isinstance(idx, int) or str(idx).isdigit() else "table"


def validate_table(frame: pd.DataFrame, spec: TableSpec, *, source: str) -> pd.DataFrame:
    """Parse and validate ``frame`` against ``spec``; return the typed table or raise :class:`DataError`.

    ``frame`` should be read with every column as text (``dtype=str``) and a default 0..n-1 index, so that row
    numbers in messages match the file. Text cells are stripped; empty cells become missing.
    """
    problems: list[str] = []
    missing = [c for c in spec.required if c not in frame.columns]
    if missing:
        raise DataError(f"{source}: missing column(s) {', '.join(missing)}; expected {', '.join(spec.columns)}")
    out = frame.reset_index(drop=True).copy()
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
                problems.append(f"{source} {_label(idx)} column '{c}': must be true or false, got {text[idx]!r}")
            out[c] = parsed_bool.astype("boolean")
            continue
        parsed = pd.to_numeric(text.str.replace("\u2212", "-", regex=False), errors="coerce").astype(float)
        bad = text.notna() & parsed.isna()
        # finite and within the documented range (readiness.io.NUMBER_LIMIT): no inf, no 1.8e308
        bad |= parsed.notna() & ~(parsed.abs() <= NUMBER_LIMIT)
        if c in spec.integer:
            bad |= parsed.notna() & (parsed != parsed.round())
        for idx in out.index[bad]:
            kind = "a whole number" if c in spec.integer else "a number"
            problems.append(f"{source} {_label(idx)} column '{c}': must be {kind}, got {clip(text[idx])} "
                            f"(finite, within +-{NUMBER_LIMIT:g})")
            if len(problems) >= 1000:
                break
        parsed = parsed.where(~bad)
        out[c] = parsed.astype("Int64") if c in spec.integer else parsed.astype("Float64")
    from pandera.errors import SchemaErrors  # pandera only when a table is validated

    try:
        spec.schema().validate(out, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
        for row in cases.itertuples(index=False):
            prefix = f"{source} {_label(row.index)} column '{row.column}'"
            if row.check == "not_nullable" and any(p.startswith(prefix) for p in problems):
                continue  # already reported as unparsable
            problems.append(_describe(source, row, spec))
    for check in spec.frame_checks:
        for idx, col, reason in check(out):
            problems.append(f"{source} {_label(idx)} column '{col}': {reason}")
    if problems:
        raise DataError(_dedupe(problems))
    return out


def _describe(source: str, row: object, spec: TableSpec) -> str:
    check, column, idx, value = row.check, row.column, row.index, row.failure_case  # type: ignore[attr-defined]
    where = f"{source} {_label(idx)}" if idx is not None and not pd.isna(idx) else source
    if check == "not_nullable":
        return f"{where} column '{column}': is empty but required"
    if check == "field_uniqueness":
        return f"{where} column '{column}': duplicate value {value!r}"
    if check == "multiple_fields_uniqueness":
        return f"{where}: duplicate ({', '.join(spec.unique)}) combination"
    if check.startswith("column_in_dataframe"):
        return f"{source}: missing column {value!r}"
    return f"{where} column '{column}': {check}, got {value!r}"


def _dedupe(problems: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for p in problems:
        seen.setdefault(p, None)
    return list(seen)
