"""Coverage and catalogue of the data: which years each region has for each indicator, the indicator catalogue and
the source list (for ``data/README.md`` and the methodology page)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from readiness.model.datasets import Dataset

__all__ = ["coverage_markdown", "coverage_years", "indicators_markdown", "sources_markdown", "year_runs"]


def year_runs(values: pd.Series | Sequence[int], dash: str = "-") -> str:
    """Years as runs: ``2020, 2022-2025`` (``dash`` between a run's ends); ``""`` for none."""
    years = sorted({int(y) for y in values})
    if not years:
        return ""
    runs, start, prev = [], years[0], years[0]
    for y in [*years[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        runs.append(f"{start}" if start == prev else f"{start}{dash}{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(runs)


def coverage_years(dataset: Dataset, indicators: Sequence[str] | None = None) -> pd.DataFrame:
    """Regions (rows, scored regions in table order) x indicators (columns): the years with a value, e.g. "2021-2022".

    Empty string = no value in any year. ``indicators`` defaults to the framework's indicators.
    """
    indicators = list(indicators or dataset.framework.indicators)
    regions = list(dataset.scored_regions()["code"])
    obs = dataset.observations[dataset.observations["indicator"].isin(indicators)]
    table = obs.groupby(["region_code", "indicator"])["year"].agg(year_runs).unstack("indicator")
    return table.reindex(index=regions, columns=indicators).astype(object).fillna("")


def _cell(text: object) -> str:
    return str(text).replace("|", "/").replace("\n", " ") if text is not None and text == text else ""


def coverage_markdown(dataset: Dataset) -> str:
    """The coverage table as Markdown, with region short names and indicator ids as headers."""
    table = coverage_years(dataset)
    labels = dataset.region_labels()
    header = "| region | " + " | ".join(table.columns) + " |"
    lines = [header, "|" + "---|" * (len(table.columns) + 1)]
    for code, row in table.iterrows():
        cells = [c if c else "–" for c in row]
        lines.append(f"| {labels.get(code, code)} ({code}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def indicators_markdown(dataset: Dataset) -> str:
    """One row per framework indicator: pillar, definition, unit and scale, bands, publisher, years covered."""
    fw = dataset.framework
    lines = ["| indicator | pillar | definition | unit / scale | bands | publisher or derivation | years with data |",
             "|---|---|---|---|---|---|---|"]
    for ind in fw.indicators:
        n = fw.node(ind)
        years = dataset.observations.loc[dataset.observations["indicator"] == ind, "year"]
        scale = f"{n.unit}; goalposts {n.goal_min:g}-{n.goal_max:g}" if n.has_goalposts else f"{n.unit}; no fixed scale"
        origin = n.extra.get("publisher") or n.extra.get("derived_from") or ""
        status = " (awaiting data)" if n.extra.get("status") == "awaiting data" else ""
        definition = _cell(n.extra.get("description_en"))
        lines.append(f"| `{ind}` {n.name_en}{status} | {fw.node(n.parent).name_en} | {definition}"
                     f" | {scale}, direction {n.direction:+d} | {_cell(n.extra.get('bands', '–'))} | {_cell(origin)}"
                     f" | {year_runs(years) or '–'} |")
    return "\n".join(lines)


def sources_markdown(dataset: Dataset) -> str:
    """Every source: id, title, publisher, date and URL."""
    lines = ["| id | title | publisher | date | url |", "|---|---|---|---|---|"]
    for row in dataset.sources.itertuples():
        url = row.url if isinstance(row.url, str) else "(no URL recorded)"
        date = row.date if isinstance(row.date, str) else "–"
        lines.append(f"| {row.id} | {_cell(row.title)} | {_cell(row.publisher)} | {date} | {url} |")
    return "\n".join(lines)
