"""Bahasa Indonesia (default) and English: UI strings and number formats.

The library's terms (column headers, method and status names, notes, chart labels) live in
``readiness/display/locales/{id,en}.yaml`` under dotted keys (``columns.rank``); :func:`t` looks one up and fills
``{placeholders}``. The app's page copy lives with the app. Numbers follow the language: ``1.234,5`` in
Indonesian, ``1,234.5`` in English; a missing value reads "tidak ada data" / "no data".
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

#: libyaml's C parser when available (several times faster), else the pure-Python safe loader.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "SEPARATORS", "YAML_LOADER", "flatten", "fmt_date", "fmt_int",
           "fmt_number", "fmt_percent", "load_locale", "localised", "parse_number", "plotly_locale", "strings", "t"]

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
_LOCALES = Path(__file__).resolve().parent / "locales"


@cache
def strings(lang: str) -> dict[str, str]:
    """All strings of ``lang`` as a flat ``{dotted.key: text}`` mapping."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return load_locale(_LOCALES, lang)


def load_locale(folder: Path, lang: str) -> dict[str, str]:
    """The texts of ``lang`` in ``folder``: ``{lang}.yaml`` and every ``<topic>.{lang}.yaml`` beside it (one file
    per topic or page keeps additions apart), flattened; a key defined twice is an error."""
    flat: dict[str, str] = {}
    for path in [folder / f"{lang}.yaml", *sorted(folder.glob(f"*.{lang}.yaml"))]:
        if not path.exists():
            continue
        texts = flatten(yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER) or {})
        twice = sorted(set(texts) & set(flat))
        if twice:
            raise ValueError(f"{path.name}: key(s) already defined in another locale file: {', '.join(twice[:5])}")
        flat.update(texts)
    return flat


def flatten(doc: dict[str, Any]) -> dict[str, str]:
    """A nested mapping of texts as ``{dotted.key: text}`` (iterative: no recursion over the file's depth)."""
    flat: dict[str, str] = {}
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:
        prefix, node = stack.pop()
        for key, value in node.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                stack.append((name + ".", value))
            elif isinstance(value, bool):  # YAML 1.1 reads an unquoted yes, no, on, off as a boolean
                raise ValueError(f"{name}: a text read as the boolean {value}; quote it ('yes', 'No')")
            else:
                flat[name] = str(value)
    return flat


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The text of ``key`` in ``lang`` with ``{placeholders}`` filled; a missing key raises :class:`KeyError`."""
    text = strings(lang)[key]
    return text.format(**values) if values else text


def _missing(x: Any) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


#: Each language's decimal mark and thousands separator, in plotly's ``layout.separators`` order.
SEPARATORS = {"id": ",.", "en": ".,"}


def fmt_number(x: Any, lang: str = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    """``1234.5`` -> ``1.234,5`` (id) or ``1,234.5`` (en); missing -> "tidak ada data" / "no data"."""
    if _missing(x):
        return t("common.no_data", lang)
    decimal, thousands = SEPARATORS[lang]
    return f"{float(x):,.{decimals}f}".replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def plotly_locale(lang: str) -> dict[str, Any]:
    """The plotly config that writes a chart's own numbers (axis ticks, hover values) with the language's
    :data:`SEPARATORS`, as :func:`fmt_number` writes the labels: ``0,2`` on an Indonesian axis. Given with the
    chart (plotly's ``locales`` config), so the figure itself, often a shared cached one, is not changed."""
    decimal, thousands = SEPARATORS[lang]
    return {"locale": lang, "locales": {lang: {"format": {"decimal": decimal, "thousands": thousands}}}}


def fmt_int(x: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """A whole number with the language's thousands separator."""
    return fmt_number(x, lang, decimals=0)


def fmt_date(date: Any, lang: str = DEFAULT_LANGUAGE) -> str:
    """A date in words: ``6 Desember 2026`` (id), ``6 December 2026`` (en)."""
    month = t("date.months", lang).split(",")[date.month - 1]
    return t("date.format", lang, day=date.day, month=month, year=date.year)


def parse_number(text: str) -> float | None:
    """A number typed in either language's convention: ``"3,05"`` and ``"3.05"`` -> 3.05, ``"1.234,5"`` and
    ``"1,234.5"`` -> 1234.5; ``""`` -> None. The last separator is the decimal mark when both occur; a lone separator
    (once) is the decimal mark; one that occurs more than once groups thousands. A :class:`ValueError` otherwise.
    """
    s = str(text).strip().replace(" ", "").replace("\u00a0", "").replace("−", "-")
    if not s:
        return None
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        decimal = "." if s.rfind(".") > s.rfind(",") else ","
        s = s.replace("," if decimal == "." else ".", "").replace(decimal, ".")
    elif commas:
        s = s.replace(",", ".") if commas == 1 else s.replace(",", "")
    elif dots > 1:
        s = s.replace(".", "")
    value = float(s)  # ValueError on anything else
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"not a finite number: {text!r}")
    return value


def fmt_percent(share: Any, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """A share 0-1 as a percentage: ``0.456`` -> ``46%``."""
    if _missing(share):
        return t("common.no_data", lang)
    return f"{fmt_number(float(share) * 100, lang, decimals)}%"


def localised(frame: Any, column: str, lang: str = DEFAULT_LANGUAGE) -> Any:
    """The ``column`` of a data table in ``lang``: ``<column>_<lang>`` where the table has it and the cell is
    filled, else the column as sourced (data tables whose sources are in one language carry ``_id`` and ``_en``
    translations beside the original, e.g. ``title``, ``title_id``, ``title_en`` in ``events.csv``).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    column : str
        The sourced column, e.g. ``"title"``.
    lang : str
        ``"id"`` or ``"en"``.

    Returns
    -------
    pandas.Series
        One text per row (missing where the sourced column is missing too).
    """
    own = f"{column}_{lang}"
    if own not in frame.columns:
        return frame[column]
    return frame[own].where(frame[own].notna() & (frame[own].astype(str).str.strip() != ""), frame[column])

