"""The store's records as the Data page shows them, in the reader's language: a region's figures, a value's history,
an import preview and the store's messages. Pure functions of tables (no Streamlit, no store access): names instead
of ids, numbers in the language's style, dates without seconds, no "None", notes and messages translated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from readiness.display.i18n import fmt_number, t
from readiness.display.tables import measure_name
from readiness.model.framework import Framework

__all__ = ["history_view", "message", "observations_view", "preview_view", "reason_text", "source_names", "when"]

_MONTHS = {"id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
           "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")}
#: The reasons the store itself writes, and the Data page's own: pattern -> locale key (groups fill it in).
_REASONS = ((re.compile(r"revert of revision (\d+)"), "records.reason.revert"),
            (re.compile(r"seeded from the bundled data \((.+)\)"), "records.reason.seeded"),
            (re.compile(r"edited on the Data page"), "records.reason.edited"),
            (re.compile(r"import of (.+)"), "records.reason.import"),
            (re.compile(r"brought in from (.+) \(db sync\)"), "records.reason.sync"),
            (re.compile(r"scenario saved"), "records.reason.scenario"))


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value) or value == ""


def when(stamp: object, lang: str) -> str:
    """A revision's time as a reader writes it: "7 Des 2026 00.34" (id) or "7 Dec 2026 00:34" (en), UTC; no
    seconds, no ISO "T" or microseconds; "–" when missing."""
    if _blank(stamp):
        return "–"
    moment = pd.Timestamp(str(stamp))
    if moment.tzinfo is not None:
        moment = moment.tz_convert("UTC")
    clock = f"{moment.hour:02d}.{moment.minute:02d}" if lang == "id" else f"{moment.hour:02d}:{moment.minute:02d}"
    return f"{moment.day} {_MONTHS[lang][moment.month - 1]} {moment.year} {clock} UTC"


def _number(value: object, lang: str) -> str:
    """A figure with as many decimals as it has (up to 4), in the language's style; "–" when missing."""
    if _blank(value):
        return "–"
    x = float(value)  # type: ignore[arg-type]
    decimals = next((d for d in range(5) if abs(round(x, d) - x) < 1e-9), 4)
    return fmt_number(x, lang, decimals)


def source_names(sources: pd.DataFrame) -> dict[str, str]:
    """Source id -> "publisher — title" (whichever it has)."""
    out = {}
    for sid, title, publisher in zip(sources["id"], sources["title"], sources["publisher"], strict=True):
        parts = [str(p) for p in (publisher, title) if not _blank(p)]
        out[str(sid)] = " — ".join(dict.fromkeys(parts)) or str(sid)
    return out


def _indicator(framework: Framework, indicator: object, lang: str) -> str:
    """An indicator's or another published measure's name (population, MPP visits...; the ``measures.*`` terms)."""
    return measure_name(framework, str(indicator), lang)


def reason_text(reason: object, lang: str) -> str:
    """A revision's reason in ``lang``: the store's own reasons translated ("revert of revision 492" -> "pembatalan
    revisi 492"), an editor's own words kept as written; "–" when there is none."""
    if _blank(reason):
        return "–"
    text = str(reason)
    for pattern, key in _REASONS:
        found = pattern.fullmatch(text)
        if found:
            return t(key, lang, **{f"g{k}": g for k, g in enumerate(found.groups(), start=1)})
    return text


#: Where a problem is ("data.csv row 7, column value: ..."): kept in front of either language's message.
_PLACE = re.compile(r"^(?P<place>[^:]*\b(?:row|column|sheet)\b[^:]*):\s+")
_PLACE_WORDS = {"row": "baris", "column": "kolom", "sheet": "lembar"}


def message(text: object, lang: str) -> str:
    """A store or importer message in the reader's language. The store writes each message in both languages,
    English first ("wrong passcode / kode akses salah"); each line with one " / " keeps the reader's side, and the
    place it names ("data.csv row 7, column value:", words translated) in front of it."""
    lines = []
    for line in str(text).splitlines():
        halves = line.split(" / ")
        if len(halves) != 2:
            lines.append(line)
            continue
        if lang == "en":
            lines.append(halves[0].strip())
            continue
        place = _PLACE.match(halves[0])
        prefix = ""
        if place:
            prefix = re.sub(r"\b(row|column|sheet)\b", lambda m: _PLACE_WORDS[m.group(1)], place["place"]) + ": "
        lines.append(prefix + halves[1].strip())
    return "\n".join(lines)


def observations_view(frame: pd.DataFrame, framework: Framework, sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One region's current figures (:meth:`readiness.store.Store.region_observations`) as the reader reads them:
    indicator name, year, value with its unit, source (publisher — title) and note; no ids, no "None"."""
    names = source_names(sources)
    units = {i: framework.node(i).unit_in(lang) for i in framework.indicators}  # other measures: note says it
    out = pd.DataFrame({
        "indicator": [_indicator(framework, i, lang) for i in frame["indicator"]],
        "year": [str(int(y)) for y in frame["year"]],
        "value": [f"{_number(v, lang)} {units.get(str(i)) or ''}".strip()
                  for v, i in zip(frame["value"], frame["indicator"], strict=True)],
        "source": ["–" if _blank(s) else names.get(str(s), str(s)) for s in frame["source_id"]],
        "note": ["" if _blank(n) else str(n) for n in frame["note"]],
    })
    return out.rename(columns={c: t(f"records.columns.{c}", lang) for c in out.columns})


def history_view(history: pd.DataFrame, sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A value's revisions (:meth:`readiness.store.Store.history`) as the reader reads them: revision number, when
    (no seconds), who, year, old and new value ("–" for none), source, reason (translated)."""
    names = source_names(sources)
    out = pd.DataFrame({
        "revision": [str(int(i)) for i in history["id"]],
        "when": [when(s, lang) for s in history["created_at"]],
        "editor": ["–" if _blank(e) else t("records.editor_seed", lang) if e == "seed" else str(e)
                   for e in history["editor"]],  # "seed": the store's own name for the seeding
        "year": [str(int(y)) for y in history["year"]],
        "old": [_number(v, lang) for v in history["old"]],
        "new": [_number(v, lang) for v in history["new"]],
        "source": ["–" if _blank(s) else names.get(str(s), str(s)) for s in history["source_id"]],
        "reason": [reason_text(r, lang) for r in history["reason"]],
    })
    return out.rename(columns={c: t(f"records.columns.{c}", lang) for c in out.columns})


def preview_view(preview: pd.DataFrame, framework: Framework, regions: Mapping[str, str], lang: str
                 ) -> pd.DataFrame:
    """An import preview (``ImportPreview.to_frame()``) with the columns that decide a commit first, so they are in
    sight at 1280 px: status, region and indicator names, year, old -> new value, then why (rejections, notes),
    where in the file, and the source id last."""
    out = pd.DataFrame({
        "status": [t(f"records.status.{s}", lang) for s in preview["status"]],
        "region": [regions.get(str(c), str(c)) for c in preview["region_code"]],
        "indicator": [_indicator(framework, i, lang) for i in preview["indicator"]],
        "year": ["–" if _blank(y) else str(int(y)) for y in preview["year"]],
        "old": [_number(v, lang) for v in preview["old"]],
        "new": [_number(v, lang) for v in preview["new"]],
        "why": ["; ".join(p for p in (message(r, lang), message(n, lang)) if p and not _blank(p))
                for r, n in zip(preview["reasons"], preview["notes"], strict=True)],
        "where": preview["where"].astype(str),
        "source": ["–" if _blank(s) else str(s) for s in preview["source_id"]],
    })
    return out.rename(columns={c: t(f"records.columns.{c}", lang) for c in out.columns})
