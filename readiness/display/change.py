"""Change over time in words, on a constant basis only: the one place that says "rose", "fell", "naik" or "turun".

A region's change from one year to another is stated from a typed :class:`ChangeFact`, built from
:func:`readiness.analysis.compare.change_on_constant_basis` (the indicators the region has in both years, in the
same method period, both years scored again on that basis alone). :func:`change_sentence` turns a fact into the
one sentence that the profile, the presenter, the deck, the one-page PDF and the speaker notes all show:

* ``changed``: the basis score rose or fell by at least 0.05 points (what rounds to ±0.1 or more), with the basis
  figures and years -- the only case with a verb of change;
* ``flat``: new figures on the basis, but no change that rounds away from zero;
* ``no_new_figure``: none of the basis figures is newer than in the earlier year ("no new figure since ...");
* ``method_break``, ``arrival``, ``no_basis``: no comparable change (a method changed, a figure arrived, too few
  indicators in both years);
* ``no_index``, ``first``, ``none``: no index in the later year, no earlier year with an index, no index at all.

Figures that arrived, left the window or changed method beside a comparable change are named as "not counted".
:func:`region_change` gathers the fact of one region and year (the earlier year is the latest earlier year in
which the region has an index on its constant-basis trend, :func:`readiness.display.board.basis_trends`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from readiness.analysis.compare import change_on_constant_basis
from readiness.display.board import basis_trends
from readiness.display.i18n import fmt_number, t
from readiness.model.datasets import Dataset
from readiness.model.framework import Framework
from readiness.pipeline.scoring import Result
from readiness.pipeline.spec import ScoringSpec

__all__ = ["FLAT", "REASONS", "VERBS", "ChangeFact", "change_fact", "change_sentence", "region_change",
           "segments_text"]

#: A change smaller than this (in index points) rounds to 0.0 and is no change (the test is the rounding itself).
FLAT = 0.05
#: Why a fact says what it says (see the module docstring).
REASONS = ("changed", "flat", "no_new_figure", "method_break", "arrival", "no_basis", "no_index", "first", "none")
#: The verbs of change per language (rise, fall): used only for ``changed``.
VERBS = {"id": ("naik", "turun"), "en": ("rose", "fell")}


@dataclass(frozen=True)
class ChangeFact:
    """A region's change of the index from ``from_year`` to ``to_year``, on a constant basis.

    Attributes
    ----------
    region, from_year, to_year
        The region code and the two years (``from_year`` None when the region has no earlier index).
    change
        ``score_to - score_from`` on the basis (NaN when there is no comparable change).
    basis
        The indicators the region has in both years, in the same method period.
    reason
        One of :data:`REASONS`.
    score_from, score_to
        The index on the basis in each year (NaN without a comparable change).
    index
        The full index in ``to_year`` (or, for ``no_index``, in ``from_year``): a figure with its year.
    arrived, departed, breaks
        Indicators that arrived, left the window, or changed method between the two years (never counted).
    since
        The year of the newest published figure on the basis in ``to_year``.
    """

    region: str
    from_year: int | None
    to_year: int
    change: float
    basis: tuple[str, ...]
    reason: str
    score_from: float = math.nan
    score_to: float = math.nan
    index: float = math.nan
    arrived: tuple[str, ...] = ()
    departed: tuple[str, ...] = ()
    breaks: tuple[str, ...] = ()
    since: int | None = None

    @property
    def direction(self) -> int:
        """+1 rose, -1 fell, 0 no change stated."""
        if self.reason != "changed":
            return 0
        return 1 if self.change > 0 else -1


def change_fact(region: str, from_year: int, to_year: int, row: Mapping[str, Any]) -> ChangeFact:
    """The fact of one row of :func:`~readiness.analysis.compare.change_on_constant_basis` (a region with an index
    in ``from_year``; see :func:`region_change` for the other cases).

    ``changed`` needs a comparable change that does not round to 0.0 (:data:`FLAT`) resting on at least one new figure
    (``renewed``): a change with every figure as before (possible under a relative normalisation, when other
    regions' figures move) is ``no_new_figure``, not a rise or a fall of the region."""
    change = float(row["change"])
    basis, breaks, arrived = tuple(row["basis"]), tuple(row["breaks"]), tuple(row["arrived"])
    latest = row.get("latest")
    since = None if latest is None or pd.isna(latest) else int(latest)
    if math.isnan(float(row["index_to"])):
        reason = "no_index"
    elif math.isnan(change):
        reason = "method_break" if breaks else "arrival" if arrived else "no_basis"
    elif not row["renewed"]:
        reason = "no_new_figure"
    elif round(abs(change), 1) == 0:
        reason = "flat"
    else:
        reason = "changed"
    comparable = reason in ("changed", "flat", "no_new_figure")
    return ChangeFact(region, from_year, to_year, change if comparable else math.nan, basis, reason,
                      float(row["score_from"]) if comparable else math.nan,
                      float(row["score_to"]) if comparable else math.nan,
                      float(row["index_from" if reason == "no_index" else "index_to"]), arrived,
                      tuple(row["departed"]), breaks, since)


def region_change(dataset: Dataset, spec: ScoringSpec, results_by_year: Mapping[int, Result], region: str,
                  year: int, regions: Sequence[str] | None = None) -> ChangeFact:
    """``region``'s index change into ``year`` on a constant basis, from the latest earlier year in which it has an
    index on its trend (``results_by_year`` scored with ``spec``; years without a published figure left out, as the
    trend charts do). ``regions``: the regions scored together (default: those of ``results_by_year``), so that a
    relative normalisation sees the same regions as the page."""
    upto = {y: r for y, r in results_by_year.items() if y <= year}
    window = spec.window if spec.window is not None else 99
    trend = basis_trends(upto, dataset, window, {region: (region, None)})[region] if upto else pd.DataFrame()
    scored = trend.dropna(subset=["score"]) if len(trend) else trend
    earlier = scored[scored["year"] < year] if len(scored) else scored
    has_now = bool(len(scored)) and bool((scored["year"] == year).any())
    if not has_now:
        if not len(earlier):
            return ChangeFact(region, None, year, math.nan, (), "none")
        last = earlier.iloc[-1]
        return ChangeFact(region, int(last["year"]), year, math.nan, (), "no_index", index=float(last["score"]))
    now = float(scored.loc[scored["year"] == year, "score"].iloc[0])
    if not len(earlier):
        return ChangeFact(region, None, year, math.nan, (), "first", index=now)
    y0 = int(earlier["year"].iloc[-1])
    codes = list(regions) if regions is not None else list(upto[year].regions)
    changes = change_on_constant_basis(dataset.framework, dataset.observations, spec, y0, year, codes,
                                       dataset.method_periods)
    row = changes.set_index("region_code").loc[region]
    return change_fact(region, y0, year, row.to_dict())


def _names(ids: Sequence[str], framework: Framework, lang: str) -> str:
    return ", ".join(framework.node(i).name(lang) for i in ids)


def change_sentence(fact: ChangeFact, name: str, framework: Framework, lang: str) -> str:
    """The sentence of ``fact`` in ``lang`` for ``name``: "rose"/"fell" (``naik``/``turun``) only for a change on
    the constant basis, with its figures and years; otherwise why there is no comparable change."""
    fields = {"name": name, "y0": fact.from_year, "y1": fact.to_year, "n": len(fact.basis),
              "since": fact.since or fact.from_year, "first": fmt_number(fact.score_from, lang),
              "last": fmt_number(fact.score_to, lang), "change": fmt_number(abs(fact.change), lang),
              "index": fmt_number(fact.index, lang)}
    if fact.reason in ("none", "first", "no_index"):
        return t(f"change.{fact.reason}", lang, **fields)
    parts = [t(f"change.{kind}", lang, names=_names(ids, framework, lang))
             for kind, ids in (("arrived", fact.arrived), ("breaks", fact.breaks), ("departed", fact.departed)) if ids]
    if fact.reason in ("method_break", "arrival", "no_basis"):
        why = t("change.why_few" if fact.basis else "change.why_none", lang, **fields)
        return t("change.not_comparable", lang, why="; ".join([why, *parts]), **fields)
    key = {"changed": "rose" if fact.change > 0 else "fell"}.get(fact.reason, fact.reason)
    text = t(f"change.{key}", lang, **fields)
    return t("change.not_counted", lang, text=text, parts="; ".join(parts)) if parts else text


def segments_text(trends: Mapping[str, pd.DataFrame], labels: Mapping[str, str], lang: str) -> str:
    """Each trend's scores by year, its constant-basis segments separated by " | " (for speaker notes): values,
    never a change."""
    items = []
    for key, table in trends.items():
        scored = table.dropna(subset=["score"])
        if scored.empty:
            continue
        segments = [", ".join(f"{int(y)}: {fmt_number(v, lang)}" for y, v in zip(part["year"], part["score"],
                                                                                  strict=True))
                    for _, part in scored.groupby("segment", sort=True)]
        items.append(f"{labels.get(key, key)} " + " | ".join(segments))
    return "; ".join(items) or t("common.none", lang)
