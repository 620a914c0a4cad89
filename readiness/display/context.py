"""Where a result stands nationally, and why a figure is missing: sentences, tables and a small distribution bar from
the national context (``data/context.csv``) and the gap register (``data/gaps.csv``), for the results board, the
profile and the briefing.

* :func:`placement`: a result's place in the published distribution of its level and year ("zona hijau — 53 dari
  98 kota, 2022") and the published national averages of its year, each with its source. The result's band comes
  from the dataset's one band lookup (:meth:`readiness.model.datasets.Dataset.band_of`); a context row counts it when
  the band is one of the row's ``band_ids``.
* :func:`gap_text` / :func:`mark_gaps`: "belum dipublikasikan" / "tidak ditemukan" with the years, for a missing
  cell of the board.
* :func:`region_context`, :func:`region_gaps`, :func:`briefing_lines`: the profile's tables and the briefing's lines.
* :func:`build_distribution_bar`: one stacked bar of the assessed governments by band, the region's band outlined.

Pure functions (pandas, plotly); no Streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from readiness.display.i18n import fmt_int, fmt_number, t
from readiness.display.theme import NO_BAND_FILL, TEMPLATE, TEXT_COLOR, band_fill
from readiness.model.context import CONTEXT_LEVELS, band_ids
from readiness.model.coverage import year_runs
from readiness.model.datasets import Dataset

__all__ = [
    "briefing_lines",
    "build_distribution_bar",
    "context_markdown",
    "distribution",
    "gap_rows",
    "gap_text",
    "level_of",
    "mark_gaps",
    "placement",
    "profile_distributions",
    "region_context",
    "region_gaps",
]

NOT_BROKEN_DOWN_FILL = "#e3e6ea"


def level_of(dataset: Dataset, region: str) -> str | None:
    """The context level of a region: its kind (``kota``, ``kabupaten``, ``provinsi``), or None for other kinds."""
    kinds = dict(zip(dataset.regions["code"].astype(str), dataset.regions["kind"].astype(str), strict=True))
    kind = kinds.get(str(region))
    return kind if kind in CONTEXT_LEVELS else None


def _publisher(dataset: Dataset, source_id: object) -> str:
    hit = dataset.sources.loc[dataset.sources["id"] == source_id, "publisher"]
    return str(hit.iloc[0]) if len(hit) and isinstance(hit.iloc[0], str) else str(source_id)


def _sourced(dataset: Dataset, text: str, source_id: object, lang: str) -> str:
    return t("context.with_source", lang, text=text, publisher=_publisher(dataset, source_id))


def _num(value: float, lang: str) -> str:
    return fmt_number(value, lang, 0 if float(value).is_integer() else 2)


def _band_label(row: pd.Series, table, lang: str) -> str:
    """The row's own label in ``lang``, else the names of its bands from the band table."""
    label = row.get(f"label_{'id' if lang == 'id' else 'en'}")
    if isinstance(label, str) and label:
        return label
    names = dict(zip(table.band_ids, table.names(lang), strict=True)) if table is not None else {}
    return " / ".join(names.get(b, b) for b in band_ids(row["band_ids"]))


def distribution(dataset: Dataset, indicator: str, year: int, level: str) -> pd.DataFrame:
    """The published distribution of ``indicator`` in ``year`` at ``level``: its rows of the context table, lowest
    band first, with ``rank`` (the highest rank of the row's bands) and ``n_bands`` of the band table in force."""
    ctx = dataset.context
    rows = ctx[(ctx["indicator"] == indicator) & (ctx["year"] == year) & (ctx["level"] == level)
               & (ctx["kind"] == "distribution")]
    table = dataset.band_book().table(indicator, int(year))
    if rows.empty or table is None:
        return rows.assign(rank=pd.Series(dtype=float), n_bands=pd.Series(dtype=float))
    rank_of = {b: k for k, b in enumerate(table.band_ids)}
    ranks = [max((rank_of.get(b, -1) for b in band_ids(x)), default=-1) for x in rows["band_ids"]]
    return rows.assign(rank=ranks, n_bands=table.n_bands).sort_values("rank", kind="stable")


def placement(dataset: Dataset, region: str, indicator: str, value: float, year: int, lang: str) -> list[str]:
    """Sentences that place one published result nationally: the distribution row of its band at its level and
    year ("zona hijau — 53 dari 98 kota, 2022"), then the national averages of its year; each with its source."""
    out = []
    level = level_of(dataset, region)
    band = dataset.band_of(indicator, value, year)
    if level is not None and band is not None:
        table = dataset.band_book().table(indicator, int(year))
        rows = distribution(dataset, indicator, year, level)
        for _, row in rows[[band["band_id"] in band_ids(x) for x in rows["band_ids"]]].iterrows():
            key = "context.distribution" if pd.notna(row["assessed"]) else "context.distribution_no_total"
            text = t(key, lang, band=_band_label(row, table, lang), count=fmt_int(row["count"], lang),
                     assessed=fmt_int(row["assessed"], lang) if pd.notna(row["assessed"]) else "",
                     level=t(f"context.levels.{level}", lang), year=int(year))
            out.append(_sourced(dataset, text, row["source_id"], lang))
    ctx = dataset.context
    for _, row in ctx[(ctx["indicator"] == indicator) & (ctx["year"] == year) & (ctx["kind"] == "average")].iterrows():
        key = "context.average" if pd.notna(row["assessed"]) else "context.average_no_total"
        label = row.get(f"label_{'id' if lang == 'id' else 'en'}")
        text = t(key, lang, year=int(year), value=_num(row["value"], lang),
                 label=label if isinstance(label, str) and label else t("context.national_average", lang),
                 assessed=fmt_int(row["assessed"], lang) if pd.notna(row["assessed"]) else "",
                 level=t(f"context.levels.{row['level']}", lang))
        out.append(_sourced(dataset, text, row["source_id"], lang))
    return out


def gap_rows(dataset: Dataset, region: str, indicator: str, year: int, window: int) -> pd.DataFrame:
    """The gap register's rows of ``region`` and ``indicator`` from ``year - window`` to ``year``, by year."""
    g = dataset.gaps
    rows = g[(g["region_code"] == region) & (g["indicator"] == indicator) & (g["year"] >= year - window)
             & (g["year"] <= year)]
    return rows.sort_values("year")


def gap_text(dataset: Dataset, region: str, indicator: str, year: int, window: int, lang: str) -> str | None:
    """Why ``indicator`` of ``region`` is missing in the window: "tidak ditemukan (2022–2025)", or
    "belum dipublikasikan (2025); tidak ditemukan (2022–2024)" when the years differ; None when nothing is
    registered."""
    rows = gap_rows(dataset, region, indicator, year, window)
    if rows.empty:
        return None
    parts = [t("context.gap", lang, status=t(f"context.status.{status}", lang), years=year_runs(part["year"], "–"))
             for status, part in rows.groupby("status", sort=True)]
    return "; ".join(parts)


def mark_gaps(text: pd.DataFrame, board: pd.DataFrame, dataset: Dataset, year: int, window: int, lang: str
              ) -> pd.DataFrame:
    """The board's text (:func:`readiness.display.board.board_view`) with each registered missing cell saying why:
    "– · tidak ditemukan (2022–2025)". Cells with a value are never changed."""
    out = text.copy()
    region_col = t("columns.region", lang)
    codes = dict(zip(board["name"], board["region_code"], strict=False))
    names = {dataset.framework.node(i).name(lang): i for i in dataset.framework.indicators}
    for column in out.columns:
        indicator = names.get(column)
        if indicator is None:
            continue
        for idx in out.index[out[column] == "–"]:
            why = gap_text(dataset, codes.get(out.at[idx, region_col], ""), indicator, year, window, lang)
            if why:
                out.at[idx, column] = t("context.gap_cell", lang, gap=why)
    return out


def _results(dataset: Dataset, region: str, year: int, window: int) -> pd.DataFrame:
    """The region's published (not derived) values of framework indicators from ``year - window`` to ``year``,
    framework order then newest first, with each value's band id and name (the dataset's one band lookup)."""
    fw = dataset.framework
    o = dataset.observations
    o = o[(o["region_code"] == region) & o["indicator"].isin(fw.indicators) & ~o["derived"].astype(bool)
          & (o["year"] >= year - window) & (o["year"] <= year)]
    order = {ind: k for k, ind in enumerate(fw.indicators)}
    o = o.assign(_o=o["indicator"].map(order)).sort_values(["_o", "year"], ascending=[True, False])
    bands = [dataset.band_of(i, float(v), int(y)) or {} for i, v, y in zip(o["indicator"], o["value"], o["year"],
                                                                          strict=True)]
    return o.assign(band_id=[b.get("band_id") for b in bands], band_name_id=[b.get("name_id") for b in bands],
                    band_name_en=[b.get("name_en") for b in bands])


def region_context(dataset: Dataset, region: str, year: int, window: int, lang: str) -> pd.DataFrame:
    """Each published result of the region in the window that has national context: indicator, result ("value
    (year) · band") and the placing sentences (one per line)."""
    rows = []
    for r in _results(dataset, region, year, window).itertuples():
        lines = placement(dataset, region, r.indicator, float(r.value), int(r.year), lang)
        if lines:
            band = r.band_name_id if lang == "id" else r.band_name_en
            result = f"{_num(r.value, lang)} ({int(r.year)})" + (f" · {band}" if isinstance(band, str) else "")
            rows.append({t("context.columns.indicator", lang): dataset.framework.node(r.indicator).name(lang),
                         t("context.columns.result", lang): result,
                         t("context.columns.context", lang): "\n".join(lines)})
    cols = [t(f"context.columns.{c}", lang) for c in ("indicator", "result", "context")]
    return pd.DataFrame(rows, columns=cols)


def context_markdown(placed: pd.DataFrame, lang: str) -> list[str]:
    """The rows of :func:`region_context` as Markdown lines, one per placing sentence: "**indicator** result:
    sentence" (a sentence reads whole, where a table cell would cut it)."""
    return [t("context.markdown", lang, indicator=ind, result=result, text=line)
            for ind, result, text in placed.itertuples(index=False) for line in text.split("\n")]


def region_gaps(dataset: Dataset, region: str, year: int, window: int, lang: str) -> pd.DataFrame:
    """The register's rows for the region's core indicators in the window: indicator, status, years, and where it
    was searched (``not_found``) or the source that says so (``not_published``)."""
    rows = []
    for indicator in dataset.framework.core:
        part = gap_rows(dataset, region, indicator, year, window)
        for status, same in part.groupby("status", sort=True):
            where = (same["searched"] if status == "not_found" else same["source_id"].map(
                lambda s: _publisher(dataset, s))).dropna().astype(str)
            rows.append({t("context.columns.indicator", lang): dataset.framework.node(indicator).name(lang),
                         t("context.columns.status", lang): t(f"context.status.{status}", lang),
                         t("context.columns.years", lang): year_runs(same["year"], "–"),
                         t("context.columns.where", lang): " | ".join(dict.fromkeys(where))})
    cols = [t(f"context.columns.{c}", lang) for c in ("indicator", "status", "years", "where")]
    return pd.DataFrame(rows, columns=cols)


def briefing_lines(dataset: Dataset, region: str, year: int, window: int, lang: str) -> tuple[str, ...]:
    """The briefing's lines under the official results: each result's national position, then each core indicator
    missing in the window and why ("Indeks SPBE: tidak ditemukan (2023–2025)")."""
    lines = []
    ctx = region_context(dataset, region, year, window, lang)
    for ind, text in zip(ctx.iloc[:, 0], ctx.iloc[:, 2], strict=True):
        lines += [t("context.line", lang, indicator=ind, text=line) for line in text.split("\n")]
    for indicator in dataset.framework.core:
        why = gap_text(dataset, region, indicator, year, window, lang)
        if why:
            lines.append(t("context.line", lang, indicator=dataset.framework.node(indicator).name(lang), text=why))
    return tuple(lines)


def profile_distributions(dataset: Dataset, region: str, year: int, window: int) -> list[tuple[str, int, str, str]]:
    """The distribution bars worth drawing on a profile: ``(indicator, year, level, band_id)`` of each published
    result in the window whose year and level have a published distribution that counts its band and states the
    number assessed (a bar without its total reads as more than it says)."""
    level = level_of(dataset, region)
    if level is None:
        return []
    out = []
    for r in _results(dataset, region, year, window).itertuples():
        rows = distribution(dataset, r.indicator, int(r.year), level)
        if isinstance(r.band_id, str) and rows["assessed"].notna().any() and any(
                r.band_id in band_ids(x) for x in rows["band_ids"]):
            out.append((r.indicator, int(r.year), level, r.band_id))
    return out


def build_distribution_bar(dataset: Dataset, indicator: str, year: int, level: str, lang: str,
                           band_id: str | None = None, name: str | None = None) -> go.Figure:
    """One horizontal bar of the assessed governments of ``level`` by band in ``year`` (counts as published, lowest
    band on the left, coloured as the board colours bands); the segment holding ``band_id`` outlined and labelled
    with ``name``. Where the counts do not add up to the number assessed, the rest is "tidak dirinci"."""
    rows = distribution(dataset, indicator, year, level)
    table = dataset.band_book().table(indicator, int(year))
    level_name = t(f"context.levels.{level}", lang)
    fig = go.Figure()
    for _, row in rows.iterrows():
        mine = band_id is not None and band_id in band_ids(row["band_ids"])
        label = _band_label(row, table, lang)
        fig.add_bar(x=[int(row["count"])], y=[level_name], orientation="h", name=label,
                    marker={"color": band_fill(row["rank"], row["n_bands"]),
                            "line": {"color": TEXT_COLOR, "width": 3 if mine else 0.5}},
                    text=[f"{label}: {fmt_int(row['count'], lang)}"
                          + (f" · {t('context.bar_yours', lang, name=name)}" if mine and name else "")],
                    textposition="inside", insidetextanchor="middle",
                    hovertemplate=f"{label}: %{{x}}<extra></extra>")
    assessed = rows["assessed"].dropna()
    total = int(assessed.max()) if len(assessed) else None
    rest = (total - int(rows["count"].sum())) if total is not None else 0
    if rest > 0:
        fig.add_bar(x=[rest], y=[level_name], orientation="h", name=t("context.not_broken_down", lang),
                    marker={"color": NOT_BROKEN_DOWN_FILL, "line": {"color": TEXT_COLOR, "width": 0.5}},
                    text=[f"{t('context.not_broken_down', lang)}: {fmt_int(rest, lang)}"], textposition="inside")
    title_key = "context.bar_title" if total is not None else "context.bar_title_no_total"
    title = t(title_key, lang, indicator=dataset.framework.node(indicator).name(lang), year=int(year),
              level=level_name, assessed=fmt_int(total, lang) if total is not None else "")
    fig.update_layout(template=TEMPLATE, barmode="stack", height=170, showlegend=False,
                      title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 14}},
                      margin={"l": 10, "r": 10, "t": 40, "b": 40}, plot_bgcolor=NO_BAND_FILL,
                      xaxis={"title": t("context.bar_axis", lang, level=level_name)}, yaxis={"showticklabels": False})
    return fig
