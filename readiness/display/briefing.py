"""A region's briefing: the same sequence of views for the app's presenter mode, a PowerPoint deck and a one-page
PDF, each view titled with its finding in the chosen language, with a source line and speaker notes.

:func:`build_briefing` reads a :class:`~readiness.pipeline.scoring.Result` (and, for the trend, every year's result) and
returns a frozen :class:`Briefing`: title; official results with their official bands (``data/bands.csv``, through
the dataset's one band lookup, as on the results board) and published categories (``data/labels.csv``); the
readiness summary with coverage; the pillars against the peers on a like-for-like basis (only the indicators every
side has); the trend; strengths and weaknesses; the evidence timeline; the method and sources.
:func:`readiness.display.briefing_files.deck_bytes` (python-pptx) and
:func:`~readiness.display.briefing_files.pdf_bytes` (reportlab) render it.
Nothing here computes a score: the numbers come from the result.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from readiness.analysis.compare import like_for_like
from readiness.display import board, change, charts, context, findings, tables
from readiness.display.export import (
    method_summary,
    source_line,
    sources_used,
)
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
    "official_results",
    "presentation_figure",
]

#: Peers when none are chosen: Depok and Kota Bekasi, the Jakarta buffers the IKN buffers are measured against.
DEFAULT_PEERS = ("32.76", "32.75")
#: The deck's and the PDF's typeface (metric-compatible with Liberation Sans on Linux, present on every Office).
DECK_FONT = "Arial"
#: Chart image size in the deck (layout pixels, 16:9 content area under the slide title).
DECK_CHART = (1500, 560)
PDF_CHART = (1100, 440)


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
    snapshot: str | None = None
    prepared: dt.date | None = None

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
                   bands: pd.DataFrame | None = None, today: dt.date | None = None,
                   snapshot: str | None = None) -> Briefing:
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
        The preparation date printed on the title (default: today); for a snapshot, the snapshot's date.
    snapshot
        The id of the snapshot the data and settings come from: printed on the title and on every view's source
        line (so on every slide, chart and the PDF).

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
    prepared = today or dt.date.today()
    views = (_title_view(s, facts, prepared), _official_view(s, bands),
             _summary_view(s, ranking, row, facts), _pillars_view(s), _trend_view(s, results_by_year),
             _strengths_view(s), _timeline_view(s), _method_view(s))
    if snapshot:
        views = _with_snapshot(views, snapshot, prepared, lang)
    return Briefing(region=region, name=s.name, peers=s.peer_codes, peer_names=s.peer_names, year=result.year,
                    lang=lang, color=s.colors.get(region, TEXT_COLOR), method=s.method, sources=s.all_sources,
                    views=views, facts=facts, snapshot=snapshot, prepared=prepared)


def _with_snapshot(views: tuple[View, ...], snapshot: str, date: dt.date, lang: str) -> tuple[View, ...]:
    """The views naming the snapshot: a line on the title, and the id at the end of every source line."""
    mark = t("export.snapshot", lang, id=snapshot)
    out = []
    for view in views:
        bullets = view.bullets
        if view.key == "title":
            bullets = (*bullets, t("briefing.snapshot_line", lang, id=snapshot, date=date.isoformat()))
        out.append(replace(view, bullets=bullets, source=f"{view.source} · {mark}" if view.source else mark))
    return tuple(out)


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
        bullets=context.briefing_lines(s.dataset, s.region, s.result.year, s.result.spec.window, lang),
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
    why = board.missing_core_text(s.result, s.region, lang) or t("briefing.too_little_data", lang)
    core = s.result.is_core  # the index is the common core: its coverage is always whole where there is an index
    core_names = _join([s.result.framework.node(i).name(lang) for i in s.result.framework.core], lang)
    title_key = "summary_title" if facts["rank"] is not None else "summary_title_unranked"
    summary_title = (t(f"briefing.{title_key}{'_core' if core else ''}", lang, name=name, score=_num(score, lang),
                       year=year, rank=rank_text, total=scored, coverage=coverage,
                       core=core_names)
                     if not math.isnan(score)
                     else t("briefing.summary_title_none", lang, name=name, year=year, why=why))
    fig = charts.build_ranking(ranking, s.result.framework, lang, highlight=s.region)
    return View(
        key="summary", heading=t("briefing.view.summary", lang), title=summary_title, figure=fig,
        bullets=(t("briefing.summary_bullets.score" if not math.isnan(score) else "briefing.summary_bullets.score_none",
                   lang, score=_num(score, lang), why=why),
                 t("briefing.summary_bullets.rank", lang, rank=rank_text, total=scored),
                 t("briefing.summary_bullets.coverage_core" if core else "briefing.summary_bullets.coverage", lang,
                   coverage=coverage, n=facts["n_indicators"], total=facts["n_total"],
                   n_core=len(s.result.framework.core) - len(s.result.missing_core(s.region)) if core else 0,
                   total_core=len(s.result.framework.core)),
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
        # "study visit (4)": a count after the kind needs no plural form, in either language
        kind_text = ", ".join(f"{t('events.kind.' + k.replace(' ', '_'), lang).lower()} ({n})" for k, n in
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
