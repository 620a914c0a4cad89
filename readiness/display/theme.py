"""The look of every figure: the plotly template (light, large type for projectors), pillar colours, the colour of
missing data, and one stable colour per region.

Region colours come from Paul Tol's colour-blind-safe "muted" and "bright" schemes (then Okabe-Ito), in the regions
table's order, so a region keeps its colour on every page; a ``color`` column in the regions table overrides it.
Past the named colours, further colours are generated (evenly spaced hues at a fixed lightness), so the palette
never runs out and never repeats a colour. Charts also label regions directly: colour is never the only cue.

Official bands are coloured by their place in their band table (``data/bands.csv``: rank 0 = the lowest band, of
``n_bands``), never by their name, so a new band table needs no code: :func:`band_fill` for table cells (light, for
dark text; the results board) and :func:`band_map_color` / :func:`band_palette` for map areas (Viridis, dark = low,
away from the grey of "no data"). Both ramps run the same way, lowest band to highest.
"""

from __future__ import annotations

import colorsys
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

__all__ = [
    "BAND_FILLS",
    "BAND_MAP_SCALE",
    "FONT",
    "MIN_CONTRAST",
    "MISSING_COLOR",
    "NO_BAND_FILL",
    "PALETTE",
    "PILLAR_COLORS",
    "TEMPLATE",
    "band_fill",
    "band_map_color",
    "band_palette",
    "contrast",
    "palette",
    "region_colors",
    "wrap",
]

FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"
TEXT_COLOR = "#1f2430"
#: One colour per region, in the regions table's order (Paul Tol "muted" and "bright", then Okabe-Ito), each
#: at least 3:1 against white (WCAG 2.1, 1.4.11 non-text contrast) so it reads on a projector: Tol's pale cyan,
#: teal, sand and yellow and Okabe-Ito's orange are replaced by darker colours of similar hue (sky blue, teal,
#: burnt orange for Depok, brown), the second cyan by brick red, and a dusky purple (a test checks every colour).
PALETTE = (
    "#332288", "#2B8CC4", "#2E9483", "#117733", "#999933", "#C26A00", "#CC6677", "#882255", "#AA4499",
    "#4477AA", "#EE6677", "#228833", "#8B5A2B", "#8F2D1F", "#AA3377", "#6F4E7C", "#0072B2",
)
#: The least contrast against white a region colour may have (WCAG 2.1 non-text contrast).
MIN_CONTRAST = 3.0
#: Pillar colours (Okabe-Ito), used where segments are pillars rather than regions.
PILLAR_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
MISSING_COLOR = "#9aa0a6"
#: Band colours of table cells from the lowest band to the highest (colour-blind-safe diverging scheme, light enough
#: for dark text); a cell without a band in force is :data:`NO_BAND_FILL`.
BAND_FILLS = ("#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de")
NO_BAND_FILL = "#ffffff"
#: The colour scale of bands on maps (colour-blind safe; dark = low), sampled from 0 to 0.92 so that no band reads
#: as the light grey of "no data".
BAND_MAP_SCALE = "Viridis"

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=15, color=TEXT_COLOR),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=list(PALETTE[:8]),
        xaxis=dict(gridcolor="#e3e6ec", zerolinecolor="#c5cad3", linecolor="#c5cad3", automargin=True),
        yaxis=dict(gridcolor="#e3e6ec", zerolinecolor="#c5cad3", linecolor="#c5cad3", automargin=True),
        hoverlabel=dict(font=dict(family=FONT, size=14)),
        legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0, font=dict(size=14)),
        margin=dict(l=10, r=20, t=96, b=10),
        title=dict(font=dict(size=18), x=0, xanchor="left", y=0.99, yanchor="top", yref="container"),
    )
)

_GOLDEN = 0.618033988749895


def _band_known(rank: float | None, n_bands: float | None) -> bool:
    return not (rank is None or n_bands is None or pd.isna(rank) or pd.isna(n_bands) or n_bands < 1)


def band_fill(rank: float | None, n_bands: float | None) -> str:
    """The cell colour of band ``rank`` (0 = lowest) of ``n_bands``: :data:`BAND_FILLS` spread over the bands,
    ``BAND_FILLS[round(rank / (n_bands - 1) * 4)]`` (one band: the highest colour); :data:`NO_BAND_FILL` without
    a band."""
    if not _band_known(rank, n_bands):
        return NO_BAND_FILL
    if n_bands == 1:
        return BAND_FILLS[-1]
    k = round(float(rank) / (float(n_bands) - 1) * (len(BAND_FILLS) - 1))
    return BAND_FILLS[int(k)]


def band_palette(n: int) -> list[str]:
    """``n`` map colours for ordered bands, lowest to highest: :data:`BAND_MAP_SCALE` at ``0.92 * k / (n - 1)``
    (one band: at 0.6)."""
    if n <= 0:
        return []
    if n == 1:
        return sample_colorscale(BAND_MAP_SCALE, [0.6], colortype="rgb")
    return sample_colorscale(BAND_MAP_SCALE, list(np.linspace(0.0, 0.92, n)), colortype="rgb")


def band_map_color(rank: float | None, n_bands: float | None) -> str | None:
    """The map colour of band ``rank`` of ``n_bands`` (:func:`band_palette`), or None without a band."""
    if not _band_known(rank, n_bands):
        return None
    return band_palette(int(n_bands))[int(rank)]


def palette(n: int) -> list[str]:
    """``n`` distinct colours: :data:`PALETTE` first, then generated hues (golden-angle steps, fixed lightness)."""
    out = list(PALETTE[:n])
    for k in range(n - len(out)):
        hue = (0.11 + k * _GOLDEN) % 1.0
        light = (0.38, 0.5, 0.3)[k % 3]
        while True:  # darken until it reads on white
            r, g, b = colorsys.hls_to_rgb(hue, light, 0.62)
            color = f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"
            if contrast(color) >= MIN_CONTRAST or light <= 0.05:
                break
            light -= 0.02
        out.append(color)
    return out


def _luminance(color: str) -> float:
    """Relative luminance of ``#RRGGBB`` (WCAG 2.1)."""
    h = color.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(color: str, background: str = "#FFFFFF") -> float:
    """WCAG 2.1 contrast ratio of two ``#RRGGBB`` colours, ``(L1 + 0.05) / (L2 + 0.05)`` with L1 the lighter."""
    a, b = _luminance(color), _luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def region_colors(regions: pd.DataFrame | Sequence[str]) -> dict[str, str]:
    """Region code -> colour, stable across pages: by position in the regions table (or list), unless the table
    has a ``color`` for the region."""
    if isinstance(regions, pd.DataFrame):
        codes = [str(c) for c in regions["code"]]
        given = regions["color"] if "color" in regions else pd.Series([None] * len(codes))
        chosen = [None if pd.isna(c) else str(c) for c in given]
    else:
        codes = [str(c) for c in regions]
        chosen = [None] * len(codes)
    generated = palette(len(codes))
    return {code: own or generated[i] for i, (code, own) in enumerate(zip(codes, chosen, strict=True))}


def wrap(text: str, width: int = 18) -> str:
    """Break a long label into lines of about ``width`` characters (plotly's ``<br>``)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])
