"""Where one region stands ("Kota saya / My city"): its rank among the ranked regions, or what keeps it out of the
ranking, and the one like-for-like comparison that matters most for it (the ranked region just above it).

Built from the same :class:`~readiness.pipeline.scoring.Result`, ranking table (:func:`readiness.display.tables.
ranking_table`) and like-for-like comparison (:func:`readiness.analysis.compare.like_for_like`,
:func:`~readiness.analysis.compare.gap_table`) as the pages; no arithmetic on scores of its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from readiness.analysis.compare import LikeForLike, gap_table
from readiness.display.i18n import fmt_number, t
from readiness.model.framework import Framework
from readiness.pipeline.scoring import Result

__all__ = ["comparison_targets", "comparison_text", "missing_indicators", "pick_comparison", "standing_text"]


#: How many indicators a comparison without a shared score lists (the first screen has room for two).
SHOWN = 2


def missing_indicators(result: Result, region: str) -> list[str]:
    """The indicators that keep ``region`` out of the index: the core indicators it has no value for (the core
    index), else every indicator it has no value for (the extended index), in framework order."""
    if result.is_core:
        return list(result.missing_core(region))  # the one home of "what keeps a region out of the core index"
    fw = result.framework
    raw = result.raw[list(result.regions).index(region)]
    return [i for i in fw.indicators if np.isnan(raw[fw.indicators.index(i)])]


def comparison_targets(table: pd.DataFrame, region: str) -> list[str]:
    """The ranked regions a like-for-like comparison of ``region`` is most useful against, most useful first, from a
    ranking table: by distance in rank, the one above before the one below at each distance (the region ranked just
    above it first; just below when it ranks first). For a region without a rank, from the last ranked region up
    (the one it would have to pass to enter the ranking)."""
    ranked = table[table["rank"].notna() & (table["region_code"] != region)].sort_values(["rank", "name"])
    codes, ranks = list(ranked["region_code"].astype(str)), ranked["rank"].to_numpy(dtype=float)
    own = table.loc[table["region_code"] == region, "rank"]
    if own.empty or pd.isna(own.iloc[0]):
        return codes[::-1]
    mine = float(own.iloc[0])
    order = sorted(range(len(codes)), key=lambda k: (abs(ranks[k] - mine), ranks[k] > mine, ranks[k]))
    return [codes[k] for k in order]


def pick_comparison(table: pd.DataFrame, region: str, compare: Callable[[str], LikeForLike]
                    ) -> tuple[str, LikeForLike] | None:
    """The one comparison that matters most: along :func:`comparison_targets`, the first region with which
    ``region`` has a like-for-like score (``compare(other)`` is the cached :func:`~readiness.analysis.compare.
    like_for_like` of the pair), else the first target (compared indicator by indicator). None: no ranked region."""
    targets = comparison_targets(table, region)
    pairs = [(other, compare(other)) for other in targets]
    for other, pair in pairs:
        if not (math.isnan(pair.result.score_of(region)) or math.isnan(pair.result.score_of(other))):
            return other, pair
    if not pairs:
        return None
    return max(pairs, key=lambda p: int(_same_year(gap_table(p[1], region, p[0]), p[1]).sum()))  # first of most


def _same_year(gap: pd.DataFrame, pair: LikeForLike) -> pd.Series:
    """The rows of a gap table on the like-for-like basis (both values, in their common year and one method period),
    also when the basis is too thin for a score."""
    return gap["indicator"].isin(list(pair.shared)) & gap["value_a"].notna() & gap["value_b"].notna()


def standing_text(table: pd.DataFrame, region: str, lang: str, interval: str | None = None) -> str:
    """"Peringkat 3 dari 10 (skor 61,2); peringkat 2–5 pada 90 % simulasi" or, without a rank, why (a benchmark,
    or not enough data); ``interval`` is the rank interval in words (:func:`readiness.display.simulation.
    rank_interval_text`)."""
    row = table.loc[table["region_code"] == region].iloc[0]
    total = int(table["rank"].notna().sum())
    if not pd.isna(row["rank"]):
        text = t("standing.rank", lang, rank=int(row["rank"]), total=total, score=fmt_number(row["score"], lang))
        return f"{text}; {interval}" if interval else text
    if bool(row["reference"]) and not pd.isna(row["score"]):
        return t("standing.benchmark", lang, score=fmt_number(row["score"], lang))
    return t("standing.not_enough", lang)


def comparison_text(pair: LikeForLike, region: str, other: str, labels: Mapping[str, str], lang: str) -> str:
    """One comparison in words, on the like-for-like basis only: both scores, the number of shared indicators, and
    the indicator that contributes most to the gap; or why the two cannot be compared."""
    fw = pair.result.framework
    name, other_name = labels.get(region, region), labels.get(other, other)
    a, b = pair.result.score_of(region), pair.result.score_of(other)
    gap = gap_table(pair, region, other)
    if math.isnan(a) or math.isnan(b) or not pair.shared:
        return _indicator_text(gap[_same_year(gap, pair)], fw, name, other_name, lang)
    text = t("standing.basis", lang, a=name, b=other_name, score_a=fmt_number(a, lang),
             score_b=fmt_number(b, lang), n=len(pair.shared), total=len(fw.indicators))
    gap = gap[gap["comparable"] & gap["contribution"].notna()]
    if len(gap) and float(gap["contribution"].abs().max()) > 0:
        top = gap.loc[gap["contribution"].abs().idxmax()]
        key = "standing.top_behind" if top["contribution"] < 0 else "standing.top_ahead"
        text += " " + t(key, lang, indicator=fw.node(str(top["indicator"])).name(lang),
                        points=fmt_number(abs(float(top["contribution"])), lang))
    return text


def _indicator_text(gap: pd.DataFrame, fw: Framework, name: str, other_name: str, lang: str) -> str:
    """No like-for-like score: the indicators both have in the same year (``gap``'s rows on the basis), value by
    value (or that there are none)."""
    same = gap
    if same.empty:
        return t("standing.no_basis", lang, a=name, b=other_name)
    items = "; ".join(t("standing.pair_item", lang, indicator=fw.node(str(r.indicator)).name(lang),
                        a=fmt_number(r.value_a, lang, 2), b=fmt_number(r.value_b, lang, 2), year=int(r.year_a))
                      for r in same.head(SHOWN).itertuples())
    if len(same) > SHOWN:  # the first screen has room for two; the compare page lists them all
        items += " " + t("standing.more", lang, n=len(same) - SHOWN)
    return t("standing.by_indicator", lang, a=name, b=other_name, items=items)
