"""The gap register and the national context, as data (``data/gaps.csv``, ``data/context.csv``).

* **Gap register** (:data:`GAPS`): for a region, an indicator and a year without a value, *why* there is none:
  ``not_published`` (a cited source says the figure does not exist, e.g. no MPP yet) or ``not_found`` (a search
  found nothing; ``searched`` names where it looked). :func:`gap_cells` lists the cells a register must cover
  (study regions x core indicators x the years of a window); :func:`register_problems` compares a register with
  them: a missing cell, or a row that claims a gap where a value exists.
* **National context** (:data:`CONTEXT`): published distributions (how many of the assessed kota, kabupaten or
  provinsi fell in a band or zone, per indicator and year) and published averages, each with its source and the
  sentence that states it. A distribution names its bands by the ids of the band table in force that year
  (``band_ids``, several joined by ``+`` for a zone that spans bands: Ombudsman "zona hijau" = A+B from 2022);
  :func:`context_problems` checks them against the one band lookup (:class:`readiness.model.rules.BandBook`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from readiness.model.rules import BandBook
from readiness.model.schema import Check, TableSpec

__all__ = [
    "CONTEXT",
    "CONTEXT_KINDS",
    "CONTEXT_LEVELS",
    "GAPS",
    "GAP_STATUSES",
    "SPECS",
    "band_ids",
    "context_problems",
    "gap_cells",
    "register_problems",
]

#: Why a value is missing: a source says it was not published (or does not exist), or a search found nothing.
GAP_STATUSES = ("not_published", "not_found")
#: What a context row is: a count (or share) of assessed governments in a band, or a published average.
CONTEXT_KINDS = ("distribution", "average")
#: Which governments a context row counts: kota, kabupaten, provinsi, every local government (``pemda``) or every
#: assessed body including ministries and agencies (``all``).
CONTEXT_LEVELS = ("kota", "kabupaten", "provinsi", "pemda", "all")

_YEAR = [Check.in_range(1990, 2100, error="must be a year between 1990 and 2100")]


def _gap_requirements(df: pd.DataFrame) -> list[tuple[int, str, str]]:
    """``not_published`` cites a source; ``not_found`` says where it was searched."""
    if "status" not in df:
        return []
    out = []
    for i, status in df["status"].items():
        if status == "not_published" and pd.isna(df.get("source_id", pd.Series(pd.NA, index=df.index))[i]):
            out.append((i, "source_id", "status 'not_published' needs the source that says so"))
        if status == "not_found" and pd.isna(df.get("searched", pd.Series(pd.NA, index=df.index))[i]):
            out.append((i, "searched", "status 'not_found' needs where it was searched"))
    return out


def _context_requirements(df: pd.DataFrame) -> list[tuple[int, str, str]]:
    """A distribution names its bands and counts (count <= assessed); an average has a value."""
    if "kind" not in df:
        return []
    out = []
    col = {c: df[c] if c in df else pd.Series(pd.NA, index=df.index) for c in ("band_ids", "count", "share_pct",
                                                                            "assessed", "value")}
    for i, kind in df["kind"].items():
        if kind == "distribution":
            if pd.isna(col["band_ids"][i]):
                out.append((i, "band_ids", "a distribution needs the band id(s) it counts"))
            if pd.isna(col["count"][i]) and pd.isna(col["share_pct"][i]):
                out.append((i, "count", "a distribution needs a count or a share"))
            if pd.notna(col["count"][i]) and pd.notna(col["assessed"][i]) and col["count"][i] > col["assessed"][i]:
                out.append((i, "count", f"count {col['count'][i]} is more than the {col['assessed'][i]} assessed"))
        elif kind == "average" and pd.isna(col["value"][i]):
            out.append((i, "value", "an average needs its value"))
    return out


#: ``data/gaps.csv``: one row per region, indicator and year without a value, and why.
GAPS = TableSpec(
    name="gaps",
    text=("region_code", "indicator", "status", "source_id", "searched", "note"),
    integer=("year",),
    required=("region_code", "indicator", "year", "status"),
    not_null=("region_code", "indicator", "year", "status"),
    checks={"year": _YEAR,
            "status": [Check.isin(GAP_STATUSES, error=f"must be one of {', '.join(GAP_STATUSES)}")]},
    unique=("region_code", "indicator", "year"),
    frame_checks=(_gap_requirements,),
)

#: ``data/context.csv``: one published national (or provincial) figure per row, with its source and quote.
CONTEXT = TableSpec(
    name="context",
    text=("id", "indicator", "level", "scope", "kind", "band_ids", "label_id", "label_en", "source_id", "quote",
          "note"),
    integer=("year", "count", "assessed"),
    number=("share_pct", "value"),
    required=("id", "indicator", "year", "level", "kind", "source_id", "quote"),
    not_null=("id", "indicator", "year", "level", "kind", "source_id", "quote"),
    checks={"year": _YEAR,
            "id": [Check.str_matches(r"^[a-z0-9][a-z0-9_.-]*$", error="must be a lower-case id like omb-2022-kota")],
            "level": [Check.isin(CONTEXT_LEVELS, error=f"must be one of {', '.join(CONTEXT_LEVELS)}")],
            "kind": [Check.isin(CONTEXT_KINDS, error=f"must be one of {', '.join(CONTEXT_KINDS)}")],
            "scope": [Check.str_matches(r"^(national|[0-9]{2})$",
                                        error="must be 'national' or a province code like 64")],
            "count": [Check.ge(0, error="must be >= 0")], "assessed": [Check.ge(1, error="must be >= 1")],
            "share_pct": [Check.in_range(0, 100, error="must be a share between 0 and 100")]},
    unique=("id",),
    frame_checks=(_context_requirements,),
)

#: The two tables' specs by name (beside :data:`readiness.model.schema.SPECS`).
SPECS: Mapping[str, TableSpec] = {"gaps": GAPS, "context": CONTEXT}


def band_ids(text: object) -> tuple[str, ...]:
    """The band ids of a context row's ``band_ids`` cell (``"A+B"`` -> ``("A", "B")``; empty -> ``()``)."""
    if not isinstance(text, str):
        return ()
    return tuple(b.strip() for b in text.split("+") if b.strip())


def context_problems(context: pd.DataFrame, book: BandBook, name: str = "context") -> list[str]:
    """Distribution rows whose band ids are not bands of the table in force for their indicator and year."""
    problems = []
    for idx, row in context.iterrows():
        ids = band_ids(row.get("band_ids"))
        if not ids:
            continue
        table = book.table(str(row["indicator"]), int(row["year"]))
        if table is None:
            problems.append(f"{name} row {idx + 2} column 'band_ids': no band table of {row['indicator']!r} is in "
                            f"force in {int(row['year'])} (data/bands.csv)")
            continue
        unknown = [b for b in ids if b not in table.band_ids]
        if unknown:
            problems.append(f"{name} row {idx + 2} column 'band_ids': {', '.join(map(repr, unknown))} not among the "
                            f"bands in force in {int(row['year'])}: {', '.join(table.band_ids)}")
    return problems


def gap_cells(observations: pd.DataFrame, regions: Iterable[str], indicators: Iterable[str],
              years: Iterable[int]) -> pd.DataFrame:
    """Every (region, indicator, year) of ``regions`` x ``indicators`` x ``years`` without a value in
    ``observations``: the cells a gap register must explain. Columns ``region_code, indicator, year``."""
    have = set(zip(observations["region_code"].astype(str), observations["indicator"].astype(str),
                   observations["year"].astype(int), strict=True))
    rows = [(r, i, y) for r in regions for i in indicators for y in years if (r, i, int(y)) not in have]
    return pd.DataFrame(rows, columns=["region_code", "indicator", "year"])


def register_problems(gaps: pd.DataFrame, observations: pd.DataFrame, expected: pd.DataFrame) -> list[str]:
    """What is wrong with a gap register against the data: a row claiming a gap where a value exists, and each
    expected cell (:func:`gap_cells`) the register does not explain."""
    have = set(zip(observations["region_code"].astype(str), observations["indicator"].astype(str),
                   observations["year"].astype(int), strict=True))
    problems = [f"gaps row {idx + 2}: {r.region_code} {r.indicator} {int(r.year)} has a value in the observations; "
                f"remove the row" for idx, r in gaps.iterrows()
                if (str(r.region_code), str(r.indicator), int(r.year)) in have]
    listed = set(zip(gaps["region_code"].astype(str), gaps["indicator"].astype(str), gaps["year"].astype(int),
                     strict=True))
    problems += [f"gaps: no row for {r.region_code} {r.indicator} {int(r.year)} (no value; say 'not_published' "
                 f"with its source or 'not_found' with where it was searched)"
                 for r in expected.itertuples() if (str(r.region_code), str(r.indicator), int(r.year)) not in listed]
    return problems
