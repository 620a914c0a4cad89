"""Strengths and weaknesses as typed facts in published units, and the sentences built from them.

:func:`strengths_weaknesses` sets each of a region's figures (the value the scoring used, in its published unit,
with its year) against its peers' figures **in the same method period** within the window -- each peer's latest
such value; a peer with none is not counted -- and says where the region stands. The ordering uses the difference
as a share of the indicator's published scale (its goalposts, else the method period's scale, else the largest
value compared), pointed so that positive is better; the figures shown are the published ones. A value below
its sourced national target is never a strength (it is listed as a weakness, with the target).

:class:`Finding` is one such fact; :func:`finding_text` and :func:`findings_title` turn facts into sentences in
either language from the locale files, never from fragments that may lack a subject.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from readiness.display.i18n import fmt_number, t
from readiness.model.datasets import Dataset
from readiness.model.framework import Framework
from readiness.model.rules import band_name_column, period_keys
from readiness.pipeline.scoring import Result

__all__ = ["FINDING_COLUMNS", "Finding", "finding_text", "findings_title", "strengths_weaknesses", "value_text"]

#: Columns of :func:`strengths_weaknesses` (one :class:`Finding` per row).
FINDING_COLUMNS = ("indicator", "value", "year", "band", "target", "below_target", "peer_mean", "peer_years",
                   "peer_n", "peer_total", "difference", "standing", "kind")


@dataclass(frozen=True)
class Finding:
    """One indicator of a region set against its peers, in published units.

    ``band`` is the official band's record (``name_id``/``name_en``...) or None; ``target`` the national target in
    force in ``year`` or None; ``peer_years`` the years of the peers' values counted (``peer_n`` of
    ``peer_total`` peers have one in the region's method period); ``difference = value - peer_mean`` in the
    published unit; ``standing`` the difference as a share of the indicator's scale, positive = better;
    ``kind`` ``strength``, ``weakness`` or ``""``.
    """

    indicator: str
    value: float
    year: int
    band: dict | None
    target: float | None
    below_target: bool
    peer_mean: float
    peer_years: tuple[int, ...]
    peer_n: int
    peer_total: int
    difference: float
    standing: float
    kind: str


def _peer_values(dataset: Dataset, indicator: str, peers: Sequence[str], year: int, window: int | None,
                 key: float) -> dict[str, tuple[float, int]]:
    """Each peer's latest value of ``indicator`` within ``window`` up to ``year`` in the method period ``key``."""
    obs = dataset.observations
    rows = obs[(obs["indicator"] == indicator) & obs["region_code"].isin(list(peers))]
    years = pd.to_numeric(rows["year"], errors="coerce").to_numpy(dtype=float)
    values = pd.to_numeric(rows["value"], errors="coerce").to_numpy(dtype=float)
    keys = period_keys(dataset.method_periods, [indicator], years[:, None])[:, 0]
    ok = (years <= year) & ~np.isnan(values) & (keys == key)
    if window is not None:
        ok &= years >= year - window
    out: dict[str, tuple[float, int]] = {}
    for code, v, y in sorted(zip(rows["region_code"][ok], values[ok], years[ok], strict=True), key=lambda x: x[2]):
        out[str(code)] = (float(v), int(y))
    return out


def _scale(framework: Framework, dataset: Dataset, indicator: str, year: int, values: Sequence[float]) -> float:
    """The width of the indicator's published scale: goalposts, else the method period's scale, else the largest
    magnitude among the values compared (a relative difference)."""
    node = framework.node(indicator)
    if node.goal_min is not None and node.goal_max is not None and node.goal_max > node.goal_min:
        return float(node.goal_max - node.goal_min)
    period = dataset.method_period(indicator, year) or {}
    lo, hi = pd.to_numeric(pd.Series([period.get("scale_min"), period.get("scale_max")]), errors="coerce")
    if not (math.isnan(lo) or math.isnan(hi)) and hi > lo:
        return float(hi - lo)
    largest = float(np.max(np.abs(values))) if len(values) else 0.0
    return largest if largest > 0 else 1.0


def _finding(result: Result, dataset: Dataset, region: str, peers: Sequence[str], j: int) -> Finding | None:
    fw = result.framework
    ind = fw.indicators[j]
    r = result.regions.index(region)
    value, used = float(result.raw[r, j]), result.year_used[r, j]
    if math.isnan(value) or np.isnan(used) or bool(result.imputed[r, j]):
        return None
    year = int(used)
    key = float(period_keys(dataset.method_periods, [ind], np.array([[used]]))[0, 0])
    found = _peer_values(dataset, ind, peers, result.year, result.spec.window, key)
    if not found:
        return None
    peer_mean = float(np.mean([v for v, _ in found.values()]))
    direction = fw.node(ind).direction or 1
    scale = _scale(fw, dataset, ind, year, [value, *(v for v, _ in found.values())])
    standing = direction * (value - peer_mean) / scale
    target = dataset.target(ind, year)
    below = target is not None and direction * (value - target) < 0
    kind = "weakness" if below or standing < 0 else "strength" if standing > 0 else ""
    return Finding(ind, value, year, dataset.band_of(ind, value, year), target, below, peer_mean,
                   tuple(sorted({y for _, y in found.values()})), len(found), len(peers), value - peer_mean,
                   float(standing), kind)


def strengths_weaknesses(result: Result, dataset: Dataset, region: str, peers: Sequence[str], top: int = 3
                         ) -> pd.DataFrame:
    """Up to ``top`` strengths (furthest ahead of the peers, at or above any target) and ``top`` weaknesses
    (furthest behind, and any value below its target) of ``region``, as rows of :data:`FINDING_COLUMNS`.

    Only the region's own published figures count (an imputed value is skipped); an indicator no peer has in the
    same method period within the window is skipped.
    """
    peers = [p for p in peers if p != region and p in result.regions]
    if region not in result.regions or not peers:
        return pd.DataFrame(columns=list(FINDING_COLUMNS))
    found = [f for j in range(len(result.framework.indicators))
             if (f := _finding(result, dataset, region, peers, j)) is not None and f.kind]
    table = pd.DataFrame([f.__dict__ for f in found], columns=list(FINDING_COLUMNS))
    strengths = table[table["kind"] == "strength"].sort_values("standing", ascending=False, kind="stable")
    weaknesses = table[table["kind"] == "weakness"].sort_values("standing", kind="stable")
    return pd.concat([strengths.head(top), weaknesses.head(top)], ignore_index=True)


def _number(x: float, lang: str) -> str:
    return fmt_number(x, lang, 0 if float(x).is_integer() else 2)


def _with_unit(x: float, unit: str, lang: str) -> str:
    return f"{_number(x, lang)} {unit}".strip()


def value_text(framework: Framework, indicator: str, value: float, year: int, lang: str) -> str:
    """A figure in its published unit with its year: "Aktivasi IKD 7,34 % (2025)"."""
    node = framework.node(indicator)
    return t("findings.value", lang, indicator=node.name(lang), value=_with_unit(value, node.unit_in(lang), lang),
             year=year)


def finding_text(finding: pd.Series | Finding, framework: Framework, lang: str) -> str:
    """One finding as a sentence fragment with a subject: the figure with unit and year, its band, its target
    (and whether it falls short of it) and the peers' mean with its years and count."""
    f = finding
    unit = framework.node(f.indicator).unit_in(lang)
    parts = [value_text(framework, f.indicator, f.value, int(f.year), lang)]
    band = f.band if isinstance(f.band, dict) else None
    if band:
        parts.append(t("findings.band", lang, band=band[band_name_column(lang)]))
    if f.target is not None and not pd.isna(f.target):
        parts.append(t("findings.below_target" if f.below_target else "findings.target", lang,
                       target=_with_unit(float(f.target), unit, lang)))
    first, last = min(f.peer_years), max(f.peer_years)
    years = str(first) if first == last else f"{first}–{last}"
    parts.append(t("findings.peers", lang, mean=_with_unit(f.peer_mean, unit, lang), years=years, n=int(f.peer_n),
                   total=int(f.peer_total)))
    return ", ".join(parts)


def findings_title(table: pd.DataFrame, framework: Framework, name: str, lang: str) -> str:
    """The finding of a strengths-and-weaknesses table as one sentence with ``name`` as its subject."""
    names = {k: [framework.node(i).name(lang) for i in table.loc[table["kind"] == k, "indicator"]]
             for k in ("strength", "weakness")}
    strong, weak = names["strength"], names["weakness"]
    if strong and weak:
        return t("findings.title_both", lang, name=name, strength=strong[0], weakness=weak[0])
    if strong:
        return t("findings.title_strength", lang, name=name, strength=strong[0])
    if weak:
        return t("findings.title_weakness", lang, name=name, weakness=weak[0])
    return t("findings.title_none", lang, name=name)
