"""A snapshot's banner and its "what changed since" list in the reader's language: the counts of values changed,
added and removed, the table of those values (region, indicator, year, old -> new, source, who, when), and which
change moved the index ranking (:func:`readiness.analysis.since.rank_moves`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from readiness.analysis.since import RankMoves
from readiness.display.i18n import fmt_date, fmt_number, t
from readiness.model.datasets import Dataset

__all__ = ["banner_text", "changes_view", "files_text", "moves_lines"]


def banner_text(taken: dt.datetime, changes: pd.DataFrame, lang: str) -> str:
    """``Snapshot 6 Desember 2026 · sejak itu: 3 nilai berubah, 1 ditambah`` (counts of ``changes``' kinds)."""
    counts = changes["kind"].value_counts() if len(changes) else pd.Series(dtype=int)
    parts = [t(f"since.{kind}", lang, n=int(counts[kind])) for kind in ("changed", "added", "removed")
             if counts.get(kind, 0)]
    return t("since.banner", lang, date=fmt_date(taken, lang), parts=", ".join(parts) or t("since.none", lang))


def _value(x: object, lang: str) -> str:
    return "–" if x is None or (isinstance(x, float) and x != x) else fmt_number(x, lang, decimals=2)


def changes_view(changes: pd.DataFrame, dataset: Dataset, lang: str) -> pd.DataFrame:
    """The changed values as a table for the page, headers in ``lang``; the source named by its publisher."""
    labels = dataset.region_labels()
    fw = dataset.framework
    publisher = dict(zip(dataset.sources["id"], dataset.sources["publisher"], strict=True))
    col = {k: t(f"since.columns.{k}", lang) for k in ("kind", "region", "indicator", "year", "old", "new", "source",
                                                      "editor", "when")}
    return pd.DataFrame({
        col["kind"]: [t(f"since.kind.{k}", lang) for k in changes["kind"]],
        col["region"]: [labels.get(c, c) for c in changes["region_code"]],
        col["indicator"]: [_indicator(fw, i, lang) for i in changes["indicator"]],
        col["year"]: [str(y) for y in changes["year"]],
        col["old"]: [_value(v, lang) for v in changes["old"]],
        col["new"]: [_value(v, lang) for v in changes["new"]],
        col["source"]: [publisher.get(s, s) if isinstance(s, str) else "–" for s in changes["source_id"]],
        col["editor"]: [e if isinstance(e, str) else "–" for e in changes["editor"]],
        col["when"]: [str(w)[:16].replace("T", " ") if isinstance(w, str) else "–" for w in changes["created_at"]],
    })


def _rank(value: object, lang: str) -> str:
    return t("since.unranked", lang) if value is None or value != value else str(value)


def moves_lines(moves: RankMoves, changes: pd.DataFrame, dataset: Dataset, lang: str) -> list[str]:
    """Sentences: whether the ranking moved (and how), and which change alone moved whom."""
    labels = dataset.region_labels()
    fw = dataset.framework
    if moves.moved.empty:
        return [t("since.not_moved", lang)] if len(changes) else []
    items = ", ".join(t("since.moved_item", lang, name=labels.get(r.region_code, r.region_code),
                        then=_rank(r.rank_then, lang), now=_rank(r.rank_now, lang))
                      for r in moves.moved.itertuples())
    lines = [t("since.moved", lang, items=items)]
    for index, group in moves.by_change.groupby("change", sort=True):
        change = changes.iloc[int(index)]
        moved = ", ".join(t("since.moved_item", lang, name=labels.get(r.moved_region, r.moved_region),
                            then=_rank(r.rank_then, lang), now=_rank(r.rank_alone, lang))
                          for r in group.itertuples())
        lines.append(t("since.by_change", lang, indicator=_indicator(fw, change["indicator"], lang),
                       region=labels.get(change["region_code"], change["region_code"]), year=int(change["year"]),
                       old=_value(change["old"], lang), new=_value(change["new"], lang), items=moved))
    if moves.by_change.empty:
        lines.append(t("since.together", lang))
    if moves.tried < moves.total:
        lines.append(t("since.tried", lang, tried=moves.tried, total=moves.total))
    return lines


def _indicator(fw, indicator: str, lang: str) -> str:
    try:
        return fw.node(indicator).name(lang)
    except KeyError:
        return indicator


def files_text(names: Sequence[str], lang: str) -> str | None:
    """A sentence when the framework or rule files in force now differ from the snapshot's; None when not."""
    return t("since.files_changed", lang, names=", ".join(names)) if names else None
