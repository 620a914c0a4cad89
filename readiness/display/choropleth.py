"""Choropleth maps of kabupaten/kota (or kecamatan): data in, ``plotly.graph_objects.Figure`` out. No Streamlit.

Offline by construction: the polygons travel inline (``geojson=`` on each ``go.Choropleth`` trace, each trace
carrying only its own features, so the layer is sent once), and the geo subplot's land and neighbouring countries
come from the topojson the app serves itself (``static/topojson/``, plotly's ``topojsonURL``). Nothing is fetched
from a CDN.

* **Colour by official bands** (``bands=[...]``, ordered from worst to best): one colour per band, the band
  names in the legend (colours by the band's place in its table, :mod:`readiness.display.theme`); or **by a
  continuous value** (``bands=None``) on a colour-blind-safe scale with a colour bar.
* **No figure** is drawn in light grey with a "tidak ada data / no data" legend entry, never a colour that reads as
  a value.
* **Labels** are placed greedily without collisions (:func:`place_labels`): each region with data, in the order
  given, takes the first of nine positions whose box is free of the others, of the reference places and of the
  rings' "50 km" labels; a label that fits nowhere is left to the hover. The national view names the regions of
  its insets in the insets only; there the reference places' names come after the buffers' (their stars stay), so
  that no buffer loses its label to them.
* **Frames and insets**: each view is framed on its buffers and the figure is as tall as the extent at the width
  it is laid out for (:func:`view_height`), so no blank band; the national view adds insets on the IKN and Jakarta
  buffers (:data:`CHOROPLETH_VIEWS`).
* **Hover**: the value, its year, the band and the source. Each polygon carries its code (``customdata``), so a
  click can open the region's profile.
* **Rings** (e.g. 50/100/150/200 km around IKN) and reference places (IKN's core, Monas) are drawn over the
  polygons.

Nearly self-contained (its own template, texts in both languages and number format); band colours come from
:mod:`readiness.display.theme`, the one home of the band ramps.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from readiness.display.theme import band_map_color, band_palette

__all__ = [
    "CHOROPLETH_VIEWS",
    "NO_DATA_COLOR",
    "ChoroplethView",
    "band_colors",
    "build_choropleth",
    "place_labels",
    "ring_lines",
    "view_height",
    "view_provinces",
]

FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"
TEMPLATE = go.layout.Template(layout=go.Layout(
    font=dict(family=FONT, size=15, color="#1f2430"), paper_bgcolor="white", plot_bgcolor="white",
    hoverlabel=dict(font=dict(family=FONT, size=14)),
))
#: Regions without a figure: a light grey that no colour scale here uses.
NO_DATA_COLOR = "#e4e5e8"
BORDER_COLOR = "#ffffff"
LAND_COLOR = "#f3f3ee"
OCEAN_COLOR = "#dbe9f4"
RING_COLOR = "#3d4350"
CONTINUOUS_SCALE = "Viridis"
LABEL_FONT_SIZE = 12
INSET_LABEL_FONT_SIZE = 11
#: A white halo, so that labels stay legible on dark and light polygons alike.
LABEL_HALO = "-1px -1px 2px #fff, 1px -1px 2px #fff, -1px 1px 2px #fff, 1px 1px 2px #fff"

_TEXT: dict[str, dict[str, str]] = {
    "no_data": {"id": "tidak ada data", "en": "no data"},
    "band": {"id": "Kategori", "en": "Band"},
    "year": {"id": "tahun", "en": "year"},
    "source": {"id": "Sumber", "en": "Source"},
    "value": {"id": "Nilai", "en": "Value"},
    "places": {"id": "Titik acuan", "en": "Reference places"},
    "inset_kaltim": {"id": "Penyangga IKN (Kalimantan Timur)", "en": "IKN buffers (East Kalimantan)"},
    "inset_jakarta": {"id": "Penyangga Jakarta (Jabodetabek)", "en": "Jakarta buffers (Jabodetabek)"},
}


def _t(key: str, lang: str) -> str:
    return _TEXT[key].get(lang, _TEXT[key]["en"])


def _fmt(value: float, lang: str, digits: int = 2) -> str:
    """A number in the language's style: ``3,05`` (id), ``3.05`` (en); thousands ``1.234`` / ``1,234``."""
    text = f"{value:,.{digits}f}"
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


@dataclass(frozen=True)
class ChoroplethView:
    """A map extent (degrees), the provinces whose polygons it shows (None: all), the default border width, and the
    views drawn as insets below it (side by side, each framed on its own extent)."""

    lon: tuple[float, float]
    lat: tuple[float, float]
    provinces: tuple[str, ...] | None
    border_width: float
    insets: tuple[str, ...] = ()

    @property
    def aspect(self) -> float:
        """Height / width of the extent on a Mercator map."""
        return (_merc(self.lat[1]) - _merc(self.lat[0])) / (math.radians(self.lon[1]) - math.radians(self.lon[0]))


#: National, with insets on the two clusters of buffers; East Kalimantan framed on the five IKN buffers (Balikpapan,
#: Samarinda, Bontang, Kutai Kartanegara, Penajam Paser Utara); Jabodetabek framed on the Jakarta buffers (Depok,
#: Kota Bekasi, Kota Tangerang, Tangerang Selatan, Kota Bogor). Each figure is as tall as its extent at the width
#: the builder is told (:func:`view_height`), so the map fills its width with no blank band above or below.
CHOROPLETH_VIEWS: dict[str, ChoroplethView] = {
    "national": ChoroplethView((94.5, 141.5), (-11.0, 6.5), None, 0.3, insets=("kaltim", "jakarta")),
    "kaltim": ChoroplethView((114.7, 118.9), (-1.8, 1.3), ("64",), 0.8),
    "jakarta": ChoroplethView((106.15, 107.45), (-6.8, -5.9), ("31", "32", "36"), 0.8),
}
#: The width (px) a map is laid out for by default: the dashboard's main column at 1280 px.
WIDTH_HINT = 790
#: Room below the map for the legend (px), and above each inset for its title.
LEGEND_HEIGHT = 44
INSET_TITLE_HEIGHT = 22
INSET_GAP = 12


def view_provinces(view: str) -> tuple[str, ...] | None:
    """The province codes whose polygons ``view`` shows (None for the national view)."""
    return CHOROPLETH_VIEWS[view].provinces


@dataclass(frozen=True)
class _Frame:
    """One geo subplot of a figure: its id (``geo``, ``geo2``...), view, domain (fractions) and size (px)."""

    geo: str
    view: ChoroplethView
    name: str
    x: tuple[float, float]
    y: tuple[float, float]
    width: float
    height: float


def _frames(view: str, width: int) -> tuple[list[_Frame], int]:
    """The subplots of ``view`` laid out for a figure ``width`` px wide, and the figure's height: the main map as
    tall as its extent at that width, then its insets side by side, each as tall as the tallest inset's extent."""
    main = CHOROPLETH_VIEWS[view]
    main_h = width * main.aspect
    insets = [CHOROPLETH_VIEWS[v] for v in main.insets]
    inset_w = (width - INSET_GAP * (len(insets) - 1)) / len(insets) if insets else 0.0
    row_h = max((inset_w * v.aspect for v in insets), default=0.0)
    plot_h = main_h + (INSET_TITLE_HEIGHT + INSET_GAP + row_h if insets else 0.0)
    frames = [_Frame("geo", main, view, (0.0, 1.0), (1 - main_h / plot_h, 1.0), width, main_h)]
    for k, (name, inset) in enumerate(zip(main.insets, insets, strict=True)):
        x0 = k * (inset_w + INSET_GAP) / width
        own_h = inset_w * inset.aspect  # top-aligned under its title
        frames.append(_Frame(f"geo{k + 2}", inset, name, (x0, x0 + inset_w / width),
                             ((row_h - own_h) / plot_h, row_h / plot_h), inset_w, own_h))
    return frames, round(plot_h) + LEGEND_HEIGHT


def view_height(view: str, width: int = WIDTH_HINT) -> int:
    """The figure height (px) at which ``view``'s map (and its insets) fill a ``width`` px wide figure, legend
    included: a taller figure would leave blank bands above and below the map."""
    return _frames(view, width)[1]


def band_colors(legend: pd.DataFrame) -> dict[str, str]:
    """Band name -> map colour for a legend table (``band, rank, n_bands``, e.g.
    :func:`readiness.geo.mapdata.band_legend`): each band by its place in its own band table
    (:func:`readiness.display.theme.band_map_color`), not by its name."""
    return {str(b): band_map_color(r, n) for b, r, n in zip(legend["band"], legend["rank"], legend["n_bands"],
                                                              strict=True)}


def ring_lines(rings: Any) -> list[tuple[float, list[float], list[float]]]:
    """``(radius_km, lons, lats)`` for each ring of a GeoDataFrame from :func:`readiness.geo.places.rings` (any table
    with ``radius_km`` and polygon ``geometry``)."""
    out = []
    for radius, geom in zip(rings["radius_km"], rings.geometry, strict=True):
        lon, lat = geom.exterior.coords.xy
        out.append((float(radius), list(lon), list(lat)))
    return out


def _merc(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _projector(view: ChoroplethView, width: int, height: int):
    """Lon/lat -> pixel (Mercator, the view's extent fitted into ``width`` x ``height`` keeping the aspect)."""
    x0, x1 = math.radians(view.lon[0]), math.radians(view.lon[1])
    y0, y1 = _merc(view.lat[0]), _merc(view.lat[1])
    scale = min(width / (x1 - x0), height / (y1 - y0))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (width / 2 + (math.radians(lon) - cx) * scale, height / 2 - (_merc(lat) - cy) * scale)

    return project


#: Candidate positions, in order of preference: plotly textposition and the box's offset from the point.
_POSITIONS = (("middle center", 0.0, 0.0), ("top center", 0.0, -1.0), ("bottom center", 0.0, 1.0),
              ("middle right", 1.0, 0.0), ("middle left", -1.0, 0.0), ("top right", 1.0, -1.0),
              ("top left", -1.0, -1.0), ("bottom right", 1.0, 1.0), ("bottom left", -1.0, 1.0))


def _box(x: float, y: float, w: float, h: float, dx: float, dy: float, pad: float = 3.0) -> tuple[float, ...]:
    """The label's box, grown by ``pad`` on every side. Measured in Chromium for a text-only trace: a side or
    "top" label has its edge at the point; a "bottom" label's centre sits only about h/2 - 2 px below it."""
    cx = x + dx * (w / 2 + 1)
    cy = y + (dy * (h / 2 + 1) if dy <= 0 else dy * (h / 2 - 2))
    return (cx - w / 2 - pad, cy - h / 2 - pad, cx + w / 2 + pad, cy + h / 2 + pad)


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(labels: Sequence[tuple[str, float, float]], view: ChoroplethView, width: int = 1000,
                 height: int = 600, font_size: int = LABEL_FONT_SIZE,
                 reserved: Iterable[tuple[float, float]] = (),
                 reserved_labels: Iterable[tuple[str, float, float] | tuple[str, float, float, str]] = (),
                 ) -> list[tuple[int, str]]:
    """Greedy collision-free label placement.

    Parameters
    ----------
    labels
        ``(text, lon, lat)`` in order of priority.
    view
        The map extent; the label boxes are estimated in pixels on a Mercator map of ``width`` x ``height``.
    reserved
        ``(lon, lat)`` points whose surroundings stay free (e.g. reference-place markers).
    reserved_labels
        ``(text, lon, lat)`` labels already drawn below their marker (reference places), or ``(text, lon, lat,
        "top center")`` above a point without a marker (a ring's "50 km"): their boxes stay free.

    Returns
    -------
    list of (index, textposition)
        The labels that fit, each at the first of nine positions (centre, above, below, right, left, then the
        four diagonals) whose box (about 0.6 em per character by 1.25 em) lies inside the map and overlaps no earlier
        box; when none is free, one earlier label in the way moves to another free position of its own to make
        room (Balikpapan beside Penajam Paser Utara in a small inset).
    """
    project = _projector(view, width, height)
    fixed = []  # boxes no label may cover: the reserved points and labels
    for lon, lat in reserved:
        x, y = project(lon, lat)
        fixed.append((x - 8, y - 8, x + 8, y + 8))
    for text, lon, lat, *position in reserved_labels:
        x, y = project(lon, lat)
        w, h = 0.6 * font_size * max(len(text), 1), 1.25 * font_size
        above = position == ["top center"]
        fixed.append(_box(x, y, w, h, 0.0, -1.0) if above else _box(x, y + 8, w, h, 0.0, 1.0))

    def options(text: str, lon: float, lat: float) -> list[tuple[str, tuple[float, ...]]]:
        """The label's positions, in order, whose box lies inside the map and clear of the fixed boxes."""
        x, y = project(lon, lat)
        w, h = 0.6 * font_size * max(len(text), 1), 1.25 * font_size
        boxes = [(position, _box(x, y, w, h, dx, dy)) for position, dx, dy in _POSITIONS]
        return [(p, b) for p, b in boxes if b[0] >= 0 and b[1] >= 0 and b[2] <= width and b[3] <= height
                and not any(_overlaps(b, other) for other in fixed)]

    chosen: dict[int, tuple[str, tuple[float, ...]]] = {}  # label index: (position, box)
    alternatives: dict[int, list[tuple[str, tuple[float, ...]]]] = {}

    def clear(box: tuple[float, ...], *skip: int) -> bool:
        return not any(_overlaps(box, b) for j, (_, b) in chosen.items() if j not in skip)

    for i, label in enumerate(labels):
        alternatives[i] = options(*label)
        free = next(((p, b) for p, b in alternatives[i] if clear(b)), None)
        if free is None:  # one step back: move the one label in the way to another free position of its own
            for p, b in alternatives[i]:
                (j, *more) = [j for j, (_, other) in chosen.items() if _overlaps(b, other)] or [None]
                moved = None if j is None or more else next(
                    ((q, c) for q, c in alternatives[j] if not _overlaps(c, b) and clear(c, j)), None)
                if moved is not None:
                    chosen[j], free = moved, (p, b)
                    break
        if free is not None:
            chosen[i] = free
    return [(i, chosen[i][0]) for i in sorted(chosen)]


def _hover(name: str, row: Mapping[str, Any] | None, value_label: str, lang: str, digits: int) -> str:
    lines = [f"<b>{name}</b>"]
    if row is None:
        lines.append(_t("no_data", lang))
        return "<br>".join(lines)
    value = row.get("value")
    year = row.get("year")
    year_text = "" if year is None or pd.isna(year) else f" ({int(year)})"
    if value is not None and not pd.isna(value):
        lines.append(f"{value_label}: {_fmt(float(value), lang, digits)}{year_text}")
    elif year_text:
        lines.append(f"{_t('year', lang).capitalize()}: {int(year)}")
    band = row.get("band")
    if band is not None and not pd.isna(band) and str(band):
        lines.append(f"{_t('band', lang)}: {band}")
    source = row.get("source")
    if source is not None and not pd.isna(source) and str(source):
        lines.append(f"{_t('source', lang)}: {source}")
    return "<br>".join(lines)


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _legend_proxy(fig: go.Figure, name: str, color: str, group: str) -> None:
    """A legend entry (square swatch) for polygons, which plotly's choropleth does not draw in the legend."""
    fig.add_scattergeo(lon=[None], lat=[None], mode="markers", name=name, legendgroup=group, hoverinfo="skip",
                       marker=dict(symbol="square", size=14, color=color, line=dict(color="#9aa0a6", width=0.5)))


def build_choropleth(geojson: Mapping[str, Any], values: pd.DataFrame, lang: str, *, view: str = "national",
                     bands: Sequence[str] | None = None, band_colors: Mapping[str, str] | None = None,
                     value_label: str | None = None, digits: int = 2, zrange: tuple[float, float] | None = None,
                     rings: Sequence[tuple[float, Sequence[float], Sequence[float]]] | None = None,
                     places: pd.DataFrame | None = None,
                     label_codes: Sequence[str] | Mapping[str, str | None] | None = None,
                     title: str | None = None, height: int | None = None, width_hint: int = WIDTH_HINT,
                     geojson_url: str | None = None) -> go.Figure:
    """A choropleth of the regions in ``geojson`` coloured by ``values``.

    Parameters
    ----------
    geojson
        FeatureCollection whose features have ``properties.code`` and ``properties.name`` (and, for labels,
        ``label_lon``/``label_lat``), e.g. :func:`readiness.geo.boundaries.layer_geojson`. Every feature is drawn.
    values
        One row per region with a figure: ``code`` and ``value`` (may be NaN when only a band is known), and
        optionally ``band``, ``year``, ``source`` and ``label`` (short name for the map label). Codes not in
        ``geojson`` are ignored; features without a row (or without value and band) are "no data".
    lang
        ``"id"`` or ``"en"`` for the texts.
    view
        A key of :data:`CHOROPLETH_VIEWS` (extent, border width, insets). Each inset is another geo subplot below
        the main map, showing the features of its view's provinces, framed and labelled on its own.
    bands
        Band names ordered worst to best: colour by ``values["band"]`` with one legend entry per band (colours
        from ``band_colors`` or :func:`band_palette`). A region whose band is not in ``bands`` counts as no data.
        None: colour by ``value`` on a continuous scale (``zrange``, default the values' range) with a colour bar.
    rings
        ``(radius_km, lons, lats)`` lines drawn over the polygons (see :func:`ring_lines`), labelled "50 km".
    places
        Reference places (``name, lat, lon``), drawn as black stars with their names.
    label_codes
        Regions to label, in order of priority (default: those with a figure, in the order of ``values``), with or
        without a figure; a mapping gives each its label text (None: ``values["label"]``, else the feature's
        name). Placed by :func:`place_labels` in each subplot assuming a figure ``width_hint`` pixels wide.
    height
        Default :func:`view_height` at ``width_hint``: the map fills the width with no blank band.
    geojson_url
        Where the browser can load the same kabupaten/kota polygons from the app itself (e.g.
        ``app/static/boundaries/kabkota.geojson``): the traces then name this URL instead of carrying the polygons,
        so a rerun sends kilobytes instead of the layer (the browser loads it once). Kecamatan polygons stay inline.
    """
    features = list(geojson.get("features", []))
    names = {f["properties"]["code"]: f["properties"].get("name", f["properties"]["code"]) for f in features}
    rows = {str(r["code"]): r for r in values.to_dict("records") if str(r["code"]) in names}
    colors = dict(zip(bands or (), band_palette(len(bands or ())), strict=True))
    colors.update(band_colors or {})
    frames, auto_height = _frames(view, width_hint)
    paint = _Paint(rows, names, None if bands is None else tuple(bands), colors, value_label or _t("value", lang),
                   lang, digits, dict(color=BORDER_COLOR, width=CHOROPLETH_VIEWS[view].border_width), geojson_url)
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, title=title, height=height or auto_height)
    if label_codes is None:
        label_codes = [str(c) for c in values["code"] if str(c) in names and paint.has_figure(str(c))]
    texts = dict(label_codes) if isinstance(label_codes, Mapping) else dict.fromkeys(label_codes)
    for frame in frames:
        shown = [f for f in features if _in_view(f["properties"]["code"], frame.view.provinces)]
        _draw_polygons(fig, shown, paint, zrange, frame)
    for band in paint.bands or ():
        _legend_proxy(fig, band, colors[band], band)
    _legend_proxy(fig, _t("no_data", lang), NO_DATA_COLOR, "no_data")
    reserved, reserved_labels = _draw_rings(fig, rings, places)
    for frame in frames:
        if frame.geo == "geo":  # the regions of an inset are named there, not as specks on the national map
            _draw_labels(fig, features, paint, {c: t for c, t in texts.items() if not _in_inset(c, view)}, frame,
                         reserved, reserved_labels)
            _draw_places(fig, places, lang)
        else:  # a small inset: the buffers' names first, then the places' where there is room
            named = _place_labels(places)
            shown = _draw_labels(fig, features, paint, texts, frame, [(lon, lat) for _, lon, lat in named], [],
                                 after=named)
            _draw_places(fig, places, lang, frame.geo, showlegend=False, positions=shown)
        _frame_layout(fig, frame, lang)
    fig.update_layout(margin=dict(l=0, r=0, t=40 if title else 0, b=LEGEND_HEIGHT), clickmode="event+select",
                      legend=dict(orientation="h", yanchor="top", y=-0.005, x=0.0, bgcolor="rgba(255,255,255,0.85)",
                                  font=dict(size=13)))
    return fig


def _frame_layout(fig: go.Figure, frame: _Frame, lang: str) -> None:
    """One geo subplot's domain, extent and base map; an inset gets a frame and its title above it."""
    main = frame.geo == "geo"
    fig.update_layout({frame.geo: dict(
        domain=dict(x=list(frame.x), y=list(frame.y)), projection_type="mercator",
        lonaxis=dict(range=list(frame.view.lon)), lataxis=dict(range=list(frame.view.lat)),
        showland=True, landcolor=LAND_COLOR, showocean=True, oceancolor=OCEAN_COLOR, showcountries=True,
        countrycolor="#b9bec7", showcoastlines=False, showlakes=False, showframe=not main, framecolor="#9aa0a6",
        resolution=50, bgcolor="white")})
    if not main:
        fig.add_annotation(text=f"<b>{_t('inset_' + frame.name, lang)}</b>", x=sum(frame.x) / 2, y=frame.y[1],
                           xref="paper", yref="paper", xanchor="center", yanchor="bottom", showarrow=False,
                           font=dict(size=13))


def _in_inset(code: str, view: str) -> bool:
    """Whether an inset of ``view`` shows the region ``code``."""
    return any(CHOROPLETH_VIEWS[inset].provinces is not None and _in_view(code, CHOROPLETH_VIEWS[inset].provinces)
               for inset in CHOROPLETH_VIEWS[view].insets)


def _in_view(code: str, provinces: tuple[str, ...] | None) -> bool:
    return provinces is None or code.split(".")[0] in provinces


def _place_labels(places: pd.DataFrame | None) -> list[tuple[str, float, float]]:
    """``(name, lon, lat)`` of each reference place (none without a table)."""
    if places is None or not len(places):
        return []
    return list(zip(places["name"].astype(str), places["lon"].astype(float), places["lat"].astype(float),
                    strict=True))


@dataclass(frozen=True)
class _Paint:
    """What the polygons are coloured and hovered with (one map's rows by code, names, bands and colours)."""

    rows: Mapping[str, Mapping[str, Any]]
    names: Mapping[str, str]
    bands: tuple[str, ...] | None
    colors: Mapping[str, str]
    label: str
    lang: str
    digits: int
    line: Mapping[str, Any]
    geojson_url: str | None

    def has_figure(self, code: str) -> bool:
        """A row with a band of the legend (band maps) or with a value (continuous maps)."""
        row = self.rows.get(code)
        if row is None:
            return False
        if self.bands is not None:
            return row.get("band") in self.bands
        value = row.get("value")
        return value is not None and not pd.isna(value)

    def hover(self, codes: Sequence[str]) -> list[str]:
        """The hover texts of ``codes``."""
        return [_hover(self.names[c], self.rows.get(c), self.label, self.lang, self.digits) for c in codes]


def _draw_polygons(fig: go.Figure, features: list[dict], paint: _Paint, zrange: tuple[float, float] | None,
                   frame: _Frame) -> None:
    """The polygons: kabupaten/kota (or coarser) first, kecamatan over them, so a kecamatan shows inside its city;
    per layer the regions without a figure (grey), then one trace per band, or one continuous trace."""
    scored_z = [float(paint.rows[f["properties"]["code"]]["value"]) for f in features
                if paint.bands is None and paint.has_figure(f["properties"]["code"])]
    lo = hi = 0.0
    if scored_z:
        lo, hi = zrange if zrange is not None else (min(scored_z), max(max(scored_z), min(scored_z) + 1))
    layers = [[f for f in features if f["properties"]["code"].count(".") < 2],
              [f for f in features if f["properties"]["code"].count(".") >= 2]]
    colorbar_drawn = frame.geo != "geo"  # one colour bar, beside the main map
    for layer in layers:
        url = paint.geojson_url if layer is layers[0] else None
        add = partial(_add_polygons, fig, paint, url, geo=frame.geo)
        missing = [f for f in layer if not paint.has_figure(f["properties"]["code"])]
        if missing:
            add(missing, z=[0] * len(missing), colorscale=[[0, NO_DATA_COLOR], [1, NO_DATA_COLOR]],
                showscale=False, name=_t("no_data", paint.lang), legendgroup="no_data")
        for band in paint.bands or ():
            chosen = [f for f in layer if paint.has_figure(f["properties"]["code"])
                      and paint.rows[f["properties"]["code"]].get("band") == band]
            if chosen:
                color = paint.colors[band]
                add(chosen, z=[0] * len(chosen), colorscale=[[0, color], [1, color]], showscale=False, name=band,
                    legendgroup=band)
        chosen = [f for f in layer if paint.bands is None and paint.has_figure(f["properties"]["code"])]
        if chosen:
            add(chosen, z=[float(paint.rows[f["properties"]["code"]]["value"]) for f in chosen], zmin=lo, zmax=hi,
                colorscale=CONTINUOUS_SCALE, name=paint.label, showscale=not colorbar_drawn,
                colorbar=dict(title=dict(text=paint.label, font=dict(size=13)), thickness=12, len=0.6, x=1.0))
            colorbar_drawn = True


def _add_polygons(fig: go.Figure, paint: _Paint, url: str | None, chosen: list[dict], **trace: Any) -> None:
    """One choropleth trace of the ``chosen`` features (inline, or named by ``url``)."""
    codes = [f["properties"]["code"] for f in chosen]
    fig.add_choropleth(geojson=url or _collection(chosen), locations=codes, featureidkey="properties.code",
                       marker=dict(line=paint.line), customdata=codes, hovertext=paint.hover(codes),
                       hoverinfo="text", showlegend=False, **trace)


def _draw_rings(fig: go.Figure, rings: Sequence[tuple[float, Sequence[float], Sequence[float]]] | None,
                places: pd.DataFrame | None) -> tuple[list[tuple[float, float]], list[tuple]]:
    """The distance rings, labelled at their northernmost point; returns the points, and the ring and place labels,
    that region labels must keep clear of (see :func:`place_labels`)."""
    reserved: list[tuple[float, float]] = []
    reserved_labels: list[tuple] = []
    for radius, lons, lats in rings or []:
        fig.add_scattergeo(lon=list(lons), lat=list(lats), mode="lines", hoverinfo="skip", showlegend=False,
                           line=dict(color=RING_COLOR, width=1.3, dash="dash"), name=f"{radius:g} km")
        north = int(np.argmax(lats))
        fig.add_scattergeo(lon=[lons[north]], lat=[lats[north]], mode="text", text=[f"{radius:g} km"],
                           textposition="top center", hoverinfo="skip", showlegend=False,
                           textfont=dict(size=11, color=RING_COLOR), name=f"{radius:g} km label")
        reserved.append((lons[north], lats[north]))
        reserved_labels.append((f"{radius:g} km", lons[north], lats[north], "top center"))
    for name, lon, lat in _place_labels(places):
        reserved.append((lon, lat))
        reserved_labels.append((name, lon, lat))
    return reserved, reserved_labels


def _draw_labels(fig: go.Figure, features: list[dict], paint: _Paint, texts: Mapping[str, str | None],
                 frame: _Frame, reserved: list[tuple[float, float]], reserved_labels: list[tuple],
                 after: Sequence[tuple[str, float, float]] = ()) -> dict[int, str]:
    """The regions' short names in one subplot, placed without collisions (:func:`place_labels`). ``after``:
    ``(text, lon, lat)`` labels placed after the regions' and drawn by the caller; returns where each that fits
    goes (its index in ``after``: its text position)."""
    props = {f["properties"]["code"]: f["properties"] for f in features}
    candidates = []
    for code, given in texts.items():
        p = props.get(code)
        if p is None or p.get("label_lon") is None or not _in_view(code, frame.view.provinces):
            continue
        short = given or (paint.rows.get(code) or {}).get("label")
        text = short if isinstance(short, str) and short else paint.names[code]
        candidates.append((code, text, float(p["label_lon"]), float(p["label_lat"])))
    size = LABEL_FONT_SIZE if frame.geo == "geo" else INSET_LABEL_FONT_SIZE
    placed = place_labels([*((t, lon, lat) for _, t, lon, lat in candidates), *after], frame.view,
                          width=frame.width, height=frame.height, font_size=size, reserved=reserved,
                          reserved_labels=reserved_labels)
    rest = {i - len(candidates): position for i, position in placed if i >= len(candidates)}
    placed = [(i, position) for i, position in placed if i < len(candidates)]
    if placed:
        chosen = [candidates[i] for i, _ in placed]
        fig.add_scattergeo(
            lon=[c[2] for c in chosen], lat=[c[3] for c in chosen], mode="text", text=[c[1] for c in chosen],
            textposition=[p for _, p in placed], hoverinfo="skip", showlegend=False, name="labels",
            customdata=[c[0] for c in chosen], geo=frame.geo,
            textfont=dict(size=size, color="#1f2430", shadow=LABEL_HALO, weight=600))
    return rest


def _draw_places(fig: go.Figure, places: pd.DataFrame | None, lang: str, geo: str = "geo",
                 showlegend: bool = True, positions: Mapping[int, str] | None = None) -> None:
    """Reference places as black stars with their names: below each star, or (``positions``) only the names that
    found room, each at its place (the others on hover)."""
    if places is None or not len(places):
        return
    names = [str(n) for n in places["name"]]
    if positions is None:
        text, where = names, "bottom center"
    else:
        text = [n if i in positions else "" for i, n in enumerate(names)]
        where = [positions.get(i, "bottom center") for i in range(len(names))]
    fig.add_scattergeo(
        lon=places["lon"].astype(float), lat=places["lat"].astype(float), text=text,
        mode="markers+text", textposition=where, hoverinfo="text", hovertext=names,
        marker=dict(size=14, symbol="star", color="#1f2430", line=dict(color="white", width=1)), geo=geo,
        name=_t("places", lang), textfont=dict(size=12, shadow=LABEL_HALO), showlegend=showlegend)
