"""Indicators derived by code from the evidence log (``events.csv``), so no figure is typed in twice.

Which indicators are derived, and how, is data: an indicator of the framework with
``derive: {rule: count | years_since | in_operation, measure: <event measure>}`` (see :func:`derive_rules`).

Each derived observation carries the ``source_id`` of the event it comes from (the earliest, when several events
add up) and a ``note`` naming every event used, so that a derived value traces back to its sources like any other.

* :func:`event_counts`: the sum of ``count`` over reported events of one ``measure`` per region and year, e.g. ASN
  trained abroad (``asn_trained_abroad``) or change projects launched (``change_projects``). Planned events never
  count. A region-year without such an event has no value (missing, not zero: absence of a report is not evidence
  of absence).
* :func:`years_since`: for a one-off ``measure`` such as ``mpp_opened``, the years since the first such event for
  every year of a range: ``max(0, year - opening_year)``, 0 before and in the opening year.
* :func:`in_operation`: for a one-off ``measure``, 1 from the year of the first such event on and 0 before it
  (before an MPP opened there truly was none: 0 "not operating", not missing). A fixed 0-1 scale. With
  ``absent: <measure>`` in the rule, a reported event of that measure records a *documented absence* (a source
  stating that, as of its date, there was none): a region without a recorded opening gets 0 for every year before
  the year of its latest such event (the rest of that year is not covered), instead of no value.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from readiness.errors import FrameworkError
from readiness.model.framework import Framework

__all__ = ["RULES", "derive_observations", "derive_rules", "documented_absence", "event_counts", "in_operation",
           "years_since"]

#: The derivation rules a framework may name.
RULES = ("count", "years_since", "in_operation")

_COLUMNS = ["region_code", "indicator", "year", "value", "source_id", "note", "derived"]


def _reported(events: pd.DataFrame, measure: str) -> pd.DataFrame:
    ev = events[(events["measure"].fillna("") == measure) & (events["status"].fillna("reported") != "planned")]
    ev = ev.assign(year=ev["date"].str[:4].astype(int)).sort_values(["region_code", "date"])
    return ev


def event_counts(events: pd.DataFrame, measure: str, indicator: str) -> pd.DataFrame:
    """Sum of ``count`` per region and year over reported events of ``measure`` (events without a count skipped)."""
    ev = _reported(events, measure)
    ev = ev[ev["count"].notna()]
    if ev.empty:
        return pd.DataFrame(columns=_COLUMNS)
    grouped = ev.groupby(["region_code", "year"], sort=True)
    out = grouped.agg(value=("count", "sum"), source_id=("source_id", "first"), ids=("id", list)).reset_index()
    out["indicator"] = indicator
    out["value"] = out["value"].astype(float)
    out["note"] = [f"derived: sum of {measure} counts in events {', '.join(ids)}" for ids in out["ids"]]
    out["derived"] = True
    return out[_COLUMNS]


def years_since(events: pd.DataFrame, measure: str, indicator: str, years: Iterable[int]) -> pd.DataFrame:
    """Years since each region's first reported ``measure`` event, for every year in ``years``."""
    ev = _reported(events, measure).drop_duplicates("region_code", keep="first")
    years = np.asarray(sorted(set(int(y) for y in years)))
    if ev.empty or not len(years):
        return pd.DataFrame(columns=_COLUMNS)
    opened = ev["year"].to_numpy()
    values = np.maximum(0, years[None, :] - opened[:, None])
    out = pd.DataFrame({
        "region_code": np.repeat(ev["region_code"].to_numpy(), len(years)),
        "indicator": indicator,
        "year": np.tile(years, len(ev)),
        "value": values.ravel().astype(float),
        "source_id": np.repeat(ev["source_id"].to_numpy(), len(years)),
        "note": np.repeat(
            [f"derived: years since {measure} event {i} ({d})" for i, d in zip(ev["id"], ev["date"], strict=True)],
            len(years),
        ),
        "derived": True,
    })
    return out[_COLUMNS]


def in_operation(events: pd.DataFrame, measure: str, indicator: str, years: Iterable[int],
                 absent: str | None = None) -> pd.DataFrame:
    """1 from the year of each region's first reported ``measure`` event on, 0 before it, for every year in
    ``years``; with ``absent``, also 0 for the years before a documented absence (:func:`documented_absence`) of a
    region that has no ``measure`` event."""
    years = list(years)
    out = years_since(events, measure, indicator, years)
    if not out.empty:
        opened = _reported(events, measure).drop_duplicates("region_code", keep="first")
        first = out["region_code"].map(opened.set_index("region_code")["year"]).to_numpy()
        out["value"] = (out["year"].to_numpy() >= first).astype(float)
        out["note"] = [f"derived: in operation since {int(y)} ({measure} event {n.split('event ', 1)[-1]})"
                       for y, n in zip(first, out["note"], strict=True)]
    if absent:
        none = documented_absence(events, absent, indicator, years)
        none = none[~none["region_code"].isin(set(out["region_code"]))]  # a recorded opening wins
        if len(none):
            out = none.reset_index(drop=True) if out.empty else pd.concat([out, none], ignore_index=True)
    return out


def documented_absence(events: pd.DataFrame, measure: str, indicator: str, years: Iterable[int]) -> pd.DataFrame:
    """0 for every year in ``years`` before the year of each region's latest reported ``measure`` event.

    Such an event records a source stating that, as of the event's date, the thing measured did not exist yet
    (e.g. "the only region of the province without an MPP building", January 2026). Whole years before that date are
    covered; the event's own year is not (it may still open later that year).
    """
    ev = _reported(events, measure).drop_duplicates("region_code", keep="last")
    rows = [(code, y, sid, f"derived: none in operation before {year} (documented absence, {measure} event {i} "
             f"({d}))")
            for code, year, sid, i, d in zip(ev["region_code"], ev["year"], ev["source_id"], ev["id"], ev["date"],
                                             strict=True)
            for y in sorted({int(y) for y in years}) if y < year]
    out = pd.DataFrame(rows, columns=["region_code", "year", "source_id", "note"])
    out = out.assign(indicator=indicator, value=0.0, derived=True)
    return out[_COLUMNS]


def derive_rules(framework: Framework) -> dict[str, tuple[str, str]]:
    """indicator -> (rule, event measure) for every indicator whose framework entry has ``derive``."""
    rules = {}
    problems = []
    for ind in framework.indicators:
        spec = framework.node(ind).extra.get("derive")
        if spec is None:
            continue
        rule = spec.get("rule") if isinstance(spec, dict) else None
        measure = spec.get("measure") if isinstance(spec, dict) else None
        if rule not in RULES or not measure:
            problems.append(f"indicator {ind!r}: derive needs rule ({' or '.join(RULES)}) and measure, got {spec!r}")
            continue
        absent = spec.get("absent")
        if absent is not None and (rule != "in_operation" or not isinstance(absent, str) or not absent):
            problems.append(f"indicator {ind!r}: derive 'absent' names an event measure and goes with rule "
                            f"in_operation only, got {spec!r}")
            continue
        rules[ind] = (str(rule), str(measure))
    if problems:
        raise FrameworkError(problems)
    return rules


def derive_observations(events: pd.DataFrame, years: Iterable[int], framework: Framework) -> pd.DataFrame:
    """Every indicator the framework derives (:func:`derive_rules`) as long observation rows (``derived`` True)."""
    years = list(years)
    parts = []
    for indicator, (rule, measure) in derive_rules(framework).items():
        if rule == "count":
            parts.append(event_counts(events, measure, indicator))
        elif rule == "in_operation":
            absent = framework.node(indicator).extra["derive"].get("absent")
            parts.append(in_operation(events, measure, indicator, years, absent))
        else:
            parts.append(years_since(events, measure, indicator, years))
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype("Int64")
    return out
