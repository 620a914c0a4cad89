"""A region's briefing: the same sequence of views for the app's presenter mode, a PowerPoint deck and a one-page
PDF, each view titled with its finding in the chosen language, with a source line and speaker notes.

:func:`build_briefing` reads a :class:`~readiness.pipeline.scoring.Result` (and, for the trend, every year's result) and
returns a frozen :class:`Briefing`: title; official results with their official bands (``data/bands.csv``, through
the dataset's one band lookup, as on the results board) and published categories (``data/labels.csv``); the
readiness summary with coverage; the pillars against the peers on a like-for-like basis (only the indicators every
side has); the trend; strengths and weaknesses; the evidence timeline; the method and sources. :func:`deck_bytes`
(python-pptx) and :func:`pdf_bytes` (reportlab) render it.
Nothing here computes a score: the numbers come from the result.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from readiness.analysis.compare import like_for_like
from readiness.display import board, change, charts, findings, tables
from readiness.display.export import figure_bytes, method_summary, render_session, source_line, sources_used
from readiness.display.i18n import fmt_number, fmt_percent, localised, t
from readiness.display.notes import describe_all
from readiness.display.theme import FONT, TEMPLATE, TEXT_COLOR, region_colors
from readiness.errors import DataError, ReadinessWarning
from readiness.model.datasets import Dataset
from readiness.model.rules import band_book, band_name_column
from readiness.pipeline.scoring import Result

__all__ = [
    "DECK_FONT",
    "DEFAULT_PEERS",
    "Briefing",
    "View",
    "build_briefing",
    "common_basis",
    "deck_bytes",
    "official_results",
    "pdf_bytes",
    "presentation_figure",
]

#: Peers when none are chosen: Depok and Kota Bekasi, the Jakarta buffers the IKN buffers are measured against.
DEFAULT_PEERS = ("32.76", "32.75")
#: The deck's and the PDF's typeface (metric-compatible with Liberation Sans on Linux, present on every Office).
DECK_FONT = "Arial"
#: Chart image size in the deck (layout pixels, 16:9 content area under the slide title).
DECK_CHART = (1500, 560)
PDF_CHART = (1100, 520)


@dataclass(frozen=True)
class View:
    """One message of a briefing: a slide, a presenter-mode view, a block of the PDF.

    Attributes
    ----------
    key
        ``title``, ``official``, ``summary``, ``pillars``, ``trend``, ``strengths``, ``timeline`` or ``method``.
    heading
        The kind of view ("Tren"), shown small above the title.
    title
        The finding, in the briefing's language.
    figure
        A plotly figure (chart views) or None.
    table
        Display table (text cells, localised headers) or None.
    bullets
        Lines of text.
    source
        The source line (publishers and years of the figures on the view).
    notes
        Speaker notes with the key figures.
    """

    key: str
    heading: str
    title: str
    figure: go.Figure | None = None
    table: pd.DataFrame | None = None
    bullets: tuple[str, ...] = ()
    source: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Briefing:
    """A region's briefing in one language (see :func:`build_briefing`)."""

    region: str
    name: str
    peers: tuple[str, ...]
    peer_names: tuple[str, ...]
    year: int
    lang: str
    color: str
    method: str
    sources: pd.DataFrame
    views: tuple[View, ...]
    facts: Mapping[str, object] = field(default_factory=dict)

    def view(self, key: str) -> View:
        """The view with ``key`` (KeyError when absent)."""
        for v in self.views:
            if v.key == key:
                return v
        raise KeyError(key)


# -- data helpers -------------------------------------------------------------------------------------------------
def official_results(dataset: Dataset, region: str, lang: str, bands: pd.DataFrame | None = None,
                     year: int | None = None) -> pd.DataFrame:
    """The latest published (not derived) figure of each framework indicator for ``region`` up to ``year``: name,
    year, value with unit, official band, published category and publisher (columns keyed for
    ``briefing.official_columns``).

    The band is the one the results board shows: the dataset's band lookup (:meth:`Dataset.band_book`, method-period
    aware), named in ``lang``; ``bands`` replaces the dataset's band table (``bands.csv`` schema), still with the
    dataset's method periods."""
    book = dataset.band_book() if bands is None else band_book(bands, dataset.method_periods)
    raw = tables.raw_values(dataset, region)
    raw = raw[~raw["derived"].astype(bool)]
    if year is not None:
        raw = raw[raw["year"] <= year]
    latest = raw.sort_values("year", ascending=False).groupby("indicator", sort=False).head(1)
    order = {ind: k for k, ind in enumerate(dataset.framework.indicators)}
    latest = latest.assign(_o=latest["indicator"].map(order)).sort_values("_o")
    fw = dataset.framework
    rows = []
    for r in latest.itertuples():
        node = fw.node(r.indicator)
        decimals = 0 if float(r.value).is_integer() else 2
        band = book.band(r.indicator, float(r.value), int(r.year))
        rows.append({
            "indicator": node.name(lang), "year": str(int(r.year)),
            "value": f"{fmt_number(r.value, lang, decimals)} {node.unit_in(lang)}".strip(),
            "band": band[band_name_column(lang)] if band else "",
            "label": r.label or "", "source": r.publisher if isinstance(r.publisher, str) else "",
            "_indicator": r.indicator, "_source_id": r.source_id, "_year": int(r.year),
        })
    return pd.DataFrame(rows, columns=["indicator", "year", "value", "band", "label", "source", "_indicator",
                                       "_source_id", "_year"])


def common_basis(result: Result, regions: Sequence[str]) -> tuple[pd.DataFrame, list[str]]:
    """Pillar scores of ``regions`` on a like-for-like basis: per pillar, the weighted arithmetic mean of the
    normalised values of only the indicators that *every* region has (weights: the framework's effective
    weights, renormalised over those indicators),

    .. math:: s_{r,p} = \\sum_{i \\in C_p} w_i x_{r,i} / \\sum_{i \\in C_p} w_i

    Returns ``(scores, common)``: regions x pillars (NaN where a pillar has no common indicator) and the common
    indicators."""
    fw = result.framework
    norm = result.normalised_frame().reindex(list(regions))
    have = norm.notna().all(axis=0)
    common = [i for i in fw.indicators if have.get(i, False)]
    out = {}
    for pillar in fw.pillars():
        inds = [i for i in fw.indicators_under(pillar) if i in common]
        if not inds:
            out[pillar] = [np.nan] * len(norm)
            continue
        w = np.array([fw.effective_weight(i) for i in inds])
        out[pillar] = (norm[inds].to_numpy() @ w) / w.sum()
    return pd.DataFrame(out, index=norm.index), common


def _join(items: Sequence[str], lang: str) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('briefing.and', lang)} " + items[-1]


def _num(x: float, lang: str) -> str:
    return fmt_number(x, lang)


# -- views --------------------------------------------------------------------------------------------------------
def build_briefing(dataset: Dataset, result: Result, region: str, peers: Sequence[str] | None = None,
                   lang: str = "id", *, results_by_year: Mapping[int, Result] | None = None,
                   bands: pd.DataFrame | None = None, today: dt.date | None = None) -> Briefing:
    """The briefing of ``region`` in ``lang``: eight views (see the module docstring).

    Parameters
    ----------
    dataset, result
        The dataset and the year's scores (``result.year`` is the briefing's year).
    region
        Region code (must be scored in ``result``).
    peers
        Region codes to compare with (default :data:`DEFAULT_PEERS`, those present; the region itself is dropped).
    results_by_year
        Every year's result for the trend (``readiness.score_years``); without it the trend view says so.
    bands
        Another official band table for the official results (``bands.csv`` schema); default the dataset's own,
        looked up as the results board does (:func:`official_results`).
    today
        The preparation date printed on the title (default: today).

    Raises
    ------
    DataError
        ``region`` or a peer is not a scored region.
    """
    s = _setting(dataset, result, region, peers, lang)
    ranking = tables.ranking_table(result, dataset)
    row = ranking.set_index("region_code").loc[region]
    rank = row["rank"]
    facts = {"score": float(row["score"]), "rank": None if pd.isna(rank) else int(rank),
             "total": int(ranking["rank"].notna().sum()), "coverage": float(row["coverage"]),
             "n_indicators": int(row["n_indicators"]), "n_total": int(row["n_indicators_total"])}
    views = (_title_view(s, facts, today or dt.date.today()), _official_view(s, bands),
             _summary_view(s, ranking, row, facts), _pillars_view(s), _trend_view(s, results_by_year),
             _strengths_view(s), _timeline_view(s), _method_view(s))
    return Briefing(region=region, name=s.name, peers=s.peer_codes, peer_names=s.peer_names, year=result.year,
                    lang=lang, color=s.colors.get(region, TEXT_COLOR), method=s.method, sources=s.all_sources,
                    views=views, facts=facts)


@dataclass(frozen=True)
class _Setting:
    """What every view of one briefing shares: the data, the region and its peers, names, colours and sources."""

    dataset: Dataset
    result: Result
    region: str
    lang: str
    name: str
    peer_codes: tuple[str, ...]
    peer_names: tuple[str, ...]
    labels: Mapping[str, str]
    colors: Mapping[str, str]
    method: str
    all_sources: pd.DataFrame
    peers_text: str

    @property
    def everyone(self) -> list[str]:
        """The region, then its peers."""
        return [self.region, *self.peer_codes]


def _setting(dataset: Dataset, result: Result, region: str, peers: Sequence[str] | None, lang: str) -> _Setting:
    """The briefing's region and peers, checked (a :class:`DataError` names an unscored region or peer)."""
    if region not in result.regions:
        raise DataError(f"region {region!r} is not a scored region; choose one of {', '.join(result.regions)}")
    chosen = list(DEFAULT_PEERS if peers is None else peers)
    unknown = [p for p in chosen if p not in result.regions]
    if unknown and peers is not None:
        raise DataError(f"peer(s) {', '.join(unknown)} are not scored regions; choose from "
                        f"{', '.join(result.regions)}")
    peer_codes = tuple(dict.fromkeys(p for p in chosen if p in result.regions and p != region))
    labels = dataset.region_labels()
    peer_names = tuple(labels.get(p, p) for p in peer_codes)
    return _Setting(dataset, result, region, lang, labels.get(region, region), peer_codes, peer_names, labels,
                    region_colors(dataset.regions), method_summary(result.spec, lang),
                    sources_used(result, dataset, [region, *peer_codes]),
                    _join(list(peer_names), lang) or t("briefing.deck_no_peers", lang))


def _rank_text(facts: Mapping[str, object]) -> str:
    return "–" if facts["rank"] is None else str(facts["rank"])


def _title_view(s: _Setting, facts: Mapping[str, object], today: dt.date) -> View:
    """1. The title: region, year, peers and the preparation date."""
    lang, year = s.lang, s.result.year
    return View(
        key="title", heading=t("briefing.deck_subtitle", lang, year=year, peers=s.peers_text),
        title=t("briefing.deck_title", lang, name=s.name),
        bullets=(t("briefing.generated", lang, date=today.isoformat()),),
        source=source_line(s.all_sources, lang),
        notes=t("briefing.notes.title", lang, name=s.name, code=s.region, year=year, peers=s.peers_text,
                score=_num(facts["score"], lang), rank=_rank_text(facts), total=facts["total"],
                coverage=fmt_percent(facts["coverage"], lang)),
    )


def _official_view(s: _Setting, bands: pd.DataFrame | None) -> View:
    """2. The official results with their bands and published categories."""
    lang = s.lang
    official = official_results(s.dataset, s.region, lang, bands, s.result.year)
    shown = official.drop(columns=["_indicator", "_source_id", "_year"]).rename(
        columns={c: t(f"briefing.official_columns.{c}", lang) for c in official.columns if not c.startswith("_")})
    off_sources = s.dataset.sources[s.dataset.sources["id"].isin(official["_source_id"])]
    off_src = pd.DataFrame({"publisher": off_sources["publisher"], "years": [
        _official_years(official, i) for i in off_sources["id"]]})
    return View(
        key="official", heading=t("briefing.view.official", lang),
        title=t("briefing.official_title" if len(official) else "briefing.official_title_none", lang, name=s.name),
        table=shown, source=source_line(off_src, lang),
        notes=t("briefing.notes.official", lang, items="; ".join(
            f"{r.indicator} {r.year}: {r.value}" + (f" ({r.band})" if r.band else "") for r in official.itertuples())
            or t("common.none", lang)),
    )


def _summary_view(s: _Setting, ranking: pd.DataFrame, row: pd.Series, facts: Mapping[str, object]) -> View:
    """3. The readiness summary: score, rank, coverage and the years of the figures, with the ranking chart."""
    lang, year, name = s.lang, s.result.year, s.name
    score, coverage, scored, rank_text = facts["score"], fmt_percent(facts["coverage"], lang), facts["total"], \
        _rank_text(facts)
    years = charts._years(row, lang)
    summary_title = (t("briefing.summary_title" if facts["rank"] is not None else "briefing.summary_title_unranked",
                       lang, name=name, score=_num(score, lang), year=year, rank=rank_text,
                       total=scored, coverage=coverage) if not math.isnan(score)
                     else t("briefing.summary_title_none", lang, name=name, year=year))
    fig = charts.build_ranking(ranking, s.result.framework, lang, highlight=s.region)
    return View(
        key="summary", heading=t("briefing.view.summary", lang), title=summary_title, figure=fig,
        bullets=(t("briefing.summary_bullets.score" if not math.isnan(score) else "briefing.summary_bullets.score_none",
                   lang, score=_num(score, lang)),
                 t("briefing.summary_bullets.rank", lang, rank=rank_text, total=scored),
                 t("briefing.summary_bullets.coverage", lang, coverage=coverage, n=facts["n_indicators"],
                   total=facts["n_total"]),
                 t("briefing.summary_bullets.years", lang, years=years),
                 t("briefing.summary_no_interval", lang),
                 *filter(None, [tables.benchmark_note(s.result, s.dataset, lang)])),
        source=source_line(sources_used(s.result, s.dataset), lang),
        notes=t("briefing.notes.summary", lang, score=_num(score, lang), rank=rank_text, total=scored,
                coverage=coverage, n=facts["n_indicators"], total_ind=facts["n_total"], years=years),
    )


def _pillars_title(s: _Setting, basis: pd.DataFrame, common: list[str]) -> str:
    """The pillars' finding: where the region leads or trails its peers' mean on the like-for-like basis (every
    clause has its subject; pillars that cannot be compared are named in the view's bullets, not here)."""
    fw, lang, name = s.result.framework, s.lang, s.name
    if not s.peer_codes or not common:
        return t("briefing.pillars_none", lang, name=name, peers=s.peers_text)
    diff = (basis.loc[s.region] - basis.loc[list(s.peer_codes)].mean()).dropna()
    ahead = _join([fw.node(p).name(lang) for p in diff.index if diff[p] > 0.5], lang)
    behind = _join([fw.node(p).name(lang) for p in diff.index if diff[p] < -0.5], lang)
    key = ("pillars_lead_behind" if ahead and behind else "pillars_lead" if ahead else
           "pillars_behind" if behind else "pillars_even")
    return t(f"briefing.{key}", lang, name=name, peers=s.peers_text, best=ahead, worst=behind)


def _pillars_view(s: _Setting) -> View:
    """4. The pillars against the peers, like for like: each indicator in the latest year every side has
    (:func:`readiness.analysis.compare.like_for_like`), only the indicators every side has."""
    fw, lang, everyone = s.result.framework, s.lang, s.everyone
    pillars = list(fw.pillars())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadinessWarning)
        lfl = like_for_like(fw, s.dataset.observations, s.result.spec, everyone, s.dataset.method_periods)
    basis, common = common_basis(lfl.result, everyone)
    series = {s.labels.get(c, c): {p: float(basis.loc[c, p]) for p in pillars} for c in everyone}
    series_colors = {s.labels.get(c, c): s.colors.get(c, TEXT_COLOR) for c in everyone}
    fig = charts.build_pillar_bars(series, fw, lang, series_colors)
    left = [fw.node(i).name(lang) for i in fw.indicators if i not in common]
    basis_line = (t("briefing.pillars_basis_all", lang) if not left else
                  t("briefing.pillars_basis_one" if len(common) == 1 else "briefing.pillars_basis", lang,
                    n=len(common), name=s.name, left=len(left)))
    apart = [fw.node(p).name(lang) for p in pillars if basis[p].isna().any()]
    bullets = (basis_line, t("briefing.pillars_missing", lang, name=s.name, pillars=_join(apart, lang))
               ) if common and apart else (basis_line,) if common else ()
    return View(
        key="pillars", heading=t("briefing.view.pillars", lang), title=_pillars_title(s, basis, common), figure=fig,
        bullets=bullets, source=source_line(sources_used(lfl.result, s.dataset, everyone, common), lang),
        notes=t("briefing.notes.pillars", lang, items="; ".join(
            f"{s.labels.get(c, c)}: " + ", ".join(f"{fw.node(p).name(lang)} {_num(basis.loc[c, p], lang)}"
                                                 for p in pillars) for c in everyone)) + " " + " ".join(bullets)
        + (f" ({', '.join(left)})" if left else ""),
    )


def _trend_view(s: _Setting, results_by_year: Mapping[int, Result] | None) -> View:
    """5. The trend of the index up to the briefing's year, in constant-basis segments (the profile's trend builder),
    titled with the region's change on a constant basis (:func:`readiness.display.change.change_sentence`)."""
    lang, everyone, year, fw = s.lang, s.everyone, s.result.year, s.result.framework
    upto = {y: r for y, r in (results_by_year or {}).items() if y <= year}
    window = s.result.spec.window if s.result.spec.window is not None else 99
    trends = board.basis_trends(upto, s.dataset, window, {c: (c, None) for c in everyone}) if upto else {}
    if upto:
        fact = change.region_change(s.dataset, s.result.spec, upto, s.region, year, s.result.regions)
        title = change.change_sentence(fact, s.name, fw, lang)
    else:
        title = t("briefing.trend_none", lang, name=s.name)
    drawn = any(table["score"].notna().any() for table in trends.values())
    return View(
        key="trend", heading=t("briefing.view.trend", lang), title=title,
        figure=board.build_basis_trend(trends, fw, lang, s.labels, s.colors) if drawn else None,
        bullets=(t("change.basis_note", lang),),
        source=source_line(sources_used(s.result, s.dataset, everyone), lang),
        notes=title + ". " + t("briefing.notes.trend", lang, items=change.segments_text(trends, s.labels, lang)),
    )


def _strengths_view(s: _Setting) -> View:
    """6. Strengths and weaknesses against the peers, in published units with year, band and target
    (:mod:`readiness.display.findings`)."""
    fw, lang, name = s.result.framework, s.lang, s.name
    sw = findings.strengths_weaknesses(s.result, s.dataset, s.region, list(s.peer_codes))
    fig = None
    if len(sw):
        bars = sw.assign(difference=sw["standing"] * 100).sort_values("difference", ascending=False)
        fig = charts.build_gap_bars(bars, fw, lang, name, s.peers_text)
        fig.update_xaxes(title=t("findings.axis", lang, name=name))
    items = [findings.finding_text(r, fw, lang) for r in sw.itertuples()]
    return View(
        key="strengths", heading=t("briefing.view.strengths", lang), title=findings.findings_title(sw, fw, name, lang),
        figure=fig, bullets=tuple(f"{t('findings.' + r.kind, lang)} · {item}" for r, item in zip(
            sw.itertuples(), items, strict=True)),
        source=source_line(sources_used(s.result, s.dataset, s.everyone, list(sw["indicator"])), lang),
        notes=t("briefing.notes.strengths", lang, items="; ".join(items) or t("common.none", lang)),
    )


def _timeline_view(s: _Setting) -> View:
    """7. The evidence timeline of the region."""
    lang = s.lang
    events = tables.region_events(s.dataset, s.region)
    if len(events):
        kinds = events["kind"].value_counts()
        kind_text = ", ".join(f"{n} {t('events.kind.' + k.replace(' ', '_'), lang).lower()}" for k, n in
                              kinds.head(3).items() if k != "other")
        title = t("briefing.timeline_title", lang, n=len(events), since=str(events["date"].min())[:4],
                  kinds=kind_text)
    else:
        title = t("briefing.timeline_none", lang, name=s.name)
    return View(
        key="timeline", heading=t("briefing.view.timeline", lang), title=title,
        figure=charts.build_timeline(events, lang, s.colors.get(s.region, TEXT_COLOR)),
        source=source_line(sources_used(s.result, s.dataset, [], [], events=events), lang),
        notes=t("briefing.notes.timeline", lang, items="; ".join(
            f"{d} {title_}" for d, title_ in zip(events["date"], localised(events, "title", lang), strict=True))
            or t("common.none", lang)),
    )


def _method_view(s: _Setting) -> View:
    """8. The method and the sources."""
    lang = s.lang
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        engine_notes = describe_all(s.result.notes, s.result.framework, lang,
                                    kinds=("single_region", "tied", "no_target"))
    top = s.all_sources.head(6)
    source_rows = [f"{r.publisher} — {r.title if isinstance(r.title, str) else r.source_id} ({r.years})"
                   for r in top.itertuples()]
    return View(
        key="method", heading=t("briefing.view.method", lang), title=t("briefing.method_title", lang),
        bullets=(t("briefing.method_bullets.method", lang, method=s.method),
                 t("briefing.method_bullets.year", lang, year=s.result.year),
                 t("briefing.method_bullets.peers", lang, peers=s.peers_text),
                 t("briefing.method_bullets.missing", lang), *engine_notes,
                 t("briefing.sources_heading", lang) + ":", *source_rows),
        source=source_line(s.all_sources, lang),
        notes=t("briefing.notes.method", lang, method=s.method,
                sources=", ".join(dict.fromkeys(top["publisher"].astype(str)))),
    )


def _official_years(official: pd.DataFrame, source_id: str) -> str:
    """The years of the official figures citing ``source_id`` ("2022–2024")."""
    ys = sorted(official.loc[official["_source_id"] == source_id, "_year"])
    return "" if not ys else (str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}–{ys[-1]}")


def presentation_figure(fig: go.Figure, font_size: int = 20, height: int | None = None) -> go.Figure:
    """A copy of ``fig`` for a projector: larger type, thicker lines, no in-figure title (the view's title says
    the finding), legend above the plot."""
    out = go.Figure(fig)
    out.update_layout(template=TEMPLATE, title=None, font=dict(size=font_size, family=FONT, color=TEXT_COLOR),
                      legend=dict(font=dict(size=font_size - 2), orientation="h", yref="paper", yanchor="bottom",
                                  y=1.02, x=0),
                      margin=dict(t=60, b=60))
    if height:
        out.update_layout(height=max(height, _rows_height(out, font_size)))
    out.update_annotations(font_size=font_size - 4)
    return out


def _rows_height(fig: go.Figure, font_size: int) -> int:
    """The height a chart of horizontal bars needs for each category row to hold its label at ``font_size`` (1.7
    lines a row) under the legend and above the axis: the ranking's 15 rows must not be squeezed into 270 px."""
    rows = {str(y) for tr in fig.data if getattr(tr, "orientation", None) == "h" for y in (tr.y or ())}
    return int(len(rows) * font_size * 1.7 + 170) if rows else 0


# -- PowerPoint ---------------------------------------------------------------------------------------------------
def _rgb(color: str):
    # deferred: python-pptx: 0.06 s, 14 MB (benchmarks/bench_imports.py); only a deck needs it
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(color.lstrip("#").upper()[:6])


def _text(frame, lines: Sequence[str], size: int, *, bold: bool = False, color: str = TEXT_COLOR) -> None:
    # deferred: python-pptx: 0.06 s, 14 MB (benchmarks/bench_imports.py); only a deck needs it
    from pptx.util import Pt

    frame.word_wrap = True
    for k, line in enumerate(lines):
        para = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        para.text = line
        for run in para.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.name = DECK_FONT
            run.font.color.rgb = _rgb(color)


def deck_bytes(briefing: Briefing) -> bytes:
    """The briefing as a 16:9 PowerPoint deck (python-pptx): one slide per view, each titled with its finding,
    the chart as a picture at presentation resolution, the source line at the foot and the key figures in the
    speaker notes. One browser renders every chart (:func:`~readiness.display.export.render_session`).

    Raises
    ------
    ExportError
        No browser to render the charts.
    """
    # deferred: python-pptx: 0.06 s, 14 MB (benchmarks/bench_imports.py); only a deck needs it
    from pptx import Presentation
    from pptx.util import Emu, Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    band = briefing.color
    with render_session():
        images = {v.key: figure_bytes(presentation_figure(v.figure, 22), "png", *DECK_CHART, scale=1)
                  for v in briefing.views if v.figure is not None}
    for view in briefing.views:
        slide = prs.slides.add_slide(blank)
        bar = slide.shapes.add_shape(1, 0, 0, prs.slide_width, Inches(0.18))  # region colour band
        bar.fill.solid()
        bar.fill.fore_color.rgb = _rgb(band)
        bar.line.fill.background()
        if view.key == "title":
            box = slide.shapes.add_textbox(Inches(0.8), Inches(2.2), Inches(11.7), Inches(1.6))
            box.name = "Title"
            _text(box.text_frame, [view.title], 44, bold=True)
            sub = slide.shapes.add_textbox(Inches(0.8), Inches(3.8), Inches(11.7), Inches(1.8))
            _text(sub.text_frame, [view.heading, *view.bullets], 22, color="#4a5160")
        else:
            head = slide.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.4))
            _text(head.text_frame, [view.heading.upper()], 14, bold=True, color="#4a5160")
            box = slide.shapes.add_textbox(Inches(0.5), Inches(0.65), Inches(12.3), Inches(1.0))
            box.name = "Title"
            _text(box.text_frame, [view.title], 28 if len(view.title) < 80 else 24 if len(view.title) < 110 else 20,
                  bold=True)
            top = Inches(1.75)
            if view.key in images:
                pic = slide.shapes.add_picture(io.BytesIO(images[view.key]), Inches(0.5), top, width=Inches(12.3))
                pic.name = "Chart"
                if view.bullets and view.key in ("pillars",):
                    note = slide.shapes.add_textbox(Inches(0.5), Emu(pic.top + pic.height), Inches(12.3),
                                                    Inches(0.4))
                    _text(note.text_frame, list(view.bullets), 13, color="#4a5160")
            elif view.table is not None and len(view.table):
                _table(slide, view.table, Inches(0.5), top, Inches(12.3))
            elif view.bullets:
                body = slide.shapes.add_textbox(Inches(0.5), top, Inches(12.3), Inches(5.0))
                lines = list(view.bullets)
                _text(body.text_frame, lines, 14 if len(lines) > 10 else 16 if len(lines) > 7 else 20)
                if view.key == "method":
                    _link_sources(body.text_frame, briefing.sources)
        if view.source:
            foot = slide.shapes.add_textbox(Inches(0.5), Inches(6.85), Inches(12.3), Inches(0.5))
            foot.name = "Source"
            _text(foot.text_frame, [view.source], 12, color="#4a5160")
        slide.notes_slide.notes_text_frame.text = view.notes
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for para in shape.text_frame.paragraphs:
                    for run in para.runs:
                        run.font.name = run.font.name or DECK_FONT
    out = io.BytesIO()
    prs.core_properties.title = briefing.view("title").title
    prs.core_properties.language = "id-ID" if briefing.lang == "id" else "en-GB"
    prs.save(out)
    return out.getvalue()


def _link_sources(frame, sources: pd.DataFrame) -> None:
    """Make each source line of the method slide a hyperlink to the source's URL."""
    urls = {str(p): u for p, u in zip(sources["publisher"], sources["url"], strict=True) if isinstance(u, str)}
    for para in frame.paragraphs:
        for run in para.runs:
            publisher = run.text.split(" — ")[0]
            if " — " in run.text and publisher in urls:
                run.hyperlink.address = urls[publisher]


def _table(slide, frame: pd.DataFrame, left, top, width) -> None:
    # deferred: python-pptx: 0.06 s, 14 MB (benchmarks/bench_imports.py); only a deck needs it
    from pptx.util import Emu, Pt

    rows, cols = len(frame) + 1, len(frame.columns)
    shape = slide.shapes.add_table(rows, cols, left, top, width, Emu(int(Pt(30)) * rows))
    table = shape.table
    for c, name in enumerate(frame.columns):
        table.cell(0, c).text = str(name)
    for r, row in enumerate(frame.itertuples(index=False), start=1):
        for c, value in enumerate(row):
            table.cell(r, c).text = "" if value is None or value != value else str(value)
    for r in range(rows):
        for c in range(cols):
            for para in table.cell(r, c).text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(16 if r else 15)
                    run.font.name = DECK_FONT
                    run.font.bold = r == 0


# -- PDF ----------------------------------------------------------------------------------------------------------
_FONTS = {"regular": "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
          "bold": "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"}


def _pdf_fonts() -> tuple[str, str]:
    """Liberation Sans (Arial metrics, full Unicode for "–", "≥", accents) when installed, else Helvetica."""
    # deferred: reportlab: 3 MB (benchmarks/bench_imports.py); only the one-page PDF needs it
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if all(Path(p).exists() for p in _FONTS.values()):
        if "Brief" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("Brief", _FONTS["regular"]))
            pdfmetrics.registerFont(TTFont("Brief-Bold", _FONTS["bold"]))
        return "Brief", "Brief-Bold"
    return "Helvetica", "Helvetica-Bold"


def pdf_bytes(briefing: Briefing) -> bytes:
    """The briefing on one A4 page for printing (reportlab): headline figures, the pillars against the peers
    (chart), the official results with their bands, strengths and weaknesses, and the sources.

    Raises
    ------
    ExportError
        No browser to render the chart.
    """
    # deferred: reportlab: 3 MB (benchmarks/bench_imports.py); only the one-page PDF needs it
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    lang = briefing.lang
    regular, bold = _pdf_fonts()
    ink = colors.HexColor(TEXT_COLOR)
    grey = colors.HexColor("#4a5160")
    style = ParagraphStyle("body", fontName=regular, fontSize=9, leading=11.5, textColor=ink)
    small = ParagraphStyle("small", parent=style, fontSize=7.5, leading=9.5, textColor=grey)
    h1 = ParagraphStyle("h1", parent=style, fontName=bold, fontSize=17, leading=21)
    h2 = ParagraphStyle("h2", parent=style, fontName=bold, fontSize=11, leading=14, spaceBefore=5, spaceAfter=2)
    esc = _escape
    summary = briefing.view("summary")
    pillars = briefing.view("pillars")
    story = [Paragraph(esc(t("briefing.pdf.heading", lang, name=briefing.name)), h1),
             Paragraph(esc(briefing.view("title").heading), small), Spacer(1, 3 * mm),
             Paragraph("<b>" + esc(summary.title) + "</b>", style)]
    story += [Paragraph("• " + esc(b), style) for b in summary.bullets[:4]]
    story.append(Paragraph("• " + esc(briefing.view("trend").title), style))  # a change only on a constant basis
    story.append(Paragraph(esc(t("briefing.pdf.pillars", lang)) + ": " + esc(pillars.title), h2))
    if pillars.figure is not None:
        with render_session():
            png = figure_bytes(presentation_figure(pillars.figure, 20), "png", *PDF_CHART, scale=1.5)
        width = 180 * mm
        story.append(Image(io.BytesIO(png), width=width, height=width * PDF_CHART[1] / PDF_CHART[0]))
    story += [Paragraph(esc(b), small) for b in pillars.bullets]
    official = briefing.view("official")
    story.append(Paragraph(esc(t("briefing.pdf.official", lang)), h2))
    if official.table is not None and len(official.table):
        data = [list(official.table.columns), *official.table.astype(str).to_numpy().tolist()]
        cells = [[Paragraph(esc(c), ParagraphStyle("cell", parent=style, fontSize=8, leading=10,
                                                   fontName=bold if k == 0 else regular)) for c in row]
                 for k, row in enumerate(data)]
        tbl = Table(cells, colWidths=[48 * mm, 12 * mm, 26 * mm, 38 * mm, 26 * mm, 30 * mm], repeatRows=1)
        tbl.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.8, ink),
                                 ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f5f8")]),
                                 ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
        story.append(tbl)
    else:
        story.append(Paragraph(esc(official.title), style))
    story.append(Paragraph(esc(t("briefing.pdf.strengths", lang)) + ": " + esc(briefing.view("strengths").title),
                           h2))
    story += [Paragraph("• " + esc(b), style) for b in briefing.view("strengths").bullets[:6]]
    story.append(Paragraph(esc(t("briefing.pdf.sources", lang)), h2))
    story.append(Paragraph(esc(source_line(briefing.sources, lang, limit=8)), small))
    for r in briefing.sources.head(6).itertuples():
        title = r.title if isinstance(r.title, str) else r.source_id
        story.append(Paragraph(esc(f"{r.publisher} — {title} ({r.years}): {r.url}"), small))

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.HexColor(briefing.color))
        canvas.rect(0, A4[1] - 6 * mm, A4[0], 6 * mm, stroke=0, fill=1)
        canvas.setFont(regular, 7)
        canvas.setFillColor(grey)
        canvas.drawString(15 * mm, 8 * mm, t("briefing.pdf.footer", lang, method=briefing.method,
                                             date=dt.date.today().isoformat())[:170])
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=12 * mm,
                            bottomMargin=14 * mm, title=t("briefing.pdf.heading", lang, name=briefing.name),
                            author="Kesiapan Penyangga IKN", lang="id" if lang == "id" else "en")
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue()


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
