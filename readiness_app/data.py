"""Cached loading and scoring for the pages.

The dataset comes from the store (:mod:`readiness_app.store`: SQLite in the data directory, or PostgreSQL). The
dataset, the observation cube and scoring results are immutable (frozen dataclasses, read-only arrays), so they
are cached with ``st.cache_resource`` and shared between sessions without copies (``st.cache_data`` would pickle
them on every read). Every cache key holds the store's data version (read once per rerun) and, for results, the
:class:`~readiness.ScoringSpec`: a commit from any process gives new entries on the next rerun. Nothing here
mutates them.
"""

from __future__ import annotations

import warnings

import streamlit as st

import readiness
import readiness.analysis.compare
from readiness.display import board as board_tables
from readiness.display import change as change_words
from readiness.display import context as context_tables
from readiness.geo import boundaries as bundled
from readiness.geo import places as geo
from readiness_app.store import DataVersion, data_version, load_dataset, versioned

__all__ = [
    "BOUNDARY_URL",
    "board_table",
    "boundaries",
    "boundary_files",
    "boundary_layer",
    "change",
    "cube",
    "dataset",
    "default_year",
    "distribution_bars",
    "group_comparison",
    "ikn_rings",
    "like_for_like",
    "region_change",
    "region_context",
    "result",
    "results_by_year",
]


def dataset() -> readiness.Dataset:
    """The store's current dataset (seeded from the bundled ``data/``), cross-checked once per data version."""
    return _dataset(data_version())


@st.cache_resource(show_spinner=False, max_entries=2)
def _dataset(version: DataVersion) -> readiness.Dataset:
    return load_dataset(version)


@versioned(max_entries=2)
def cube() -> readiness.pipeline.ObservationCube:
    """The observation cube of the scored regions (built once per server)."""
    ds = dataset()
    return readiness.build_cube(ds.observations, ds.framework.indicators, regions=list(ds.scored_regions()["code"]))


def _quiet_score(func, *args, **kwargs):
    with warnings.catch_warnings():  # the pages show the result's typed notes, translated
        warnings.simplefilter("ignore", readiness.ReadinessWarning)
        return func(*args, **kwargs)


@versioned(max_entries=64)
def result(spec: readiness.ScoringSpec) -> readiness.Result:
    """The scores of ``spec.year`` with the chosen settings."""
    ds = dataset()
    return _quiet_score(readiness.score, ds.framework, cube(), spec, regions=ds.regions)


@versioned(max_entries=16)
def results_by_year(spec: readiness.ScoringSpec) -> dict[int, readiness.Result]:
    """The scores of every year with data, in one vectorised pass (for trends); ``spec.year`` is ignored."""
    ds = dataset()
    return _quiet_score(readiness.score_years, ds.framework, cube(), spec.but(year=None),
                        years=ds.years_with_data(), regions=ds.regions)


@versioned(max_entries=16)
def default_year(spec: readiness.ScoringSpec) -> int:
    """The year the sidebar opens on (:data:`readiness.pipeline.provenance.DEFAULT_YEAR_RULE`)."""
    return readiness.analysis.compare.default_year_of(dataset(), spec, cube=cube())  # the command line's too


@versioned(max_entries=64)
def like_for_like(spec: readiness.ScoringSpec, regions: tuple[str, ...]) -> readiness.LikeForLike:
    """``regions`` scored on the indicators they all have (and on the full framework beside it)."""
    ds = dataset()
    return _quiet_score(readiness.like_for_like, ds.framework, cube(), spec, list(regions), ds.method_periods)


@versioned(max_entries=32)
def group_comparison(spec: readiness.ScoringSpec, groups: tuple[str, ...]):
    """Group means of the index on the indicators every group in ``groups`` has, with counts."""
    ds = dataset()
    members = {c: g for c, g in ds.region_groups().items() if c in set(cube().regions)}
    return _quiet_score(readiness.analysis.group_like_for_like, ds.framework, cube(), spec, members, list(groups),
                        ds.method_periods)


@versioned(max_entries=32)
def change(spec: readiness.ScoringSpec, year_from: int, year_to: int):
    """Every scored region's index change from ``year_from`` to ``year_to`` on a constant basis."""
    ds = dataset()
    return _quiet_score(readiness.change_on_constant_basis, ds.framework, cube(), spec, year_from, year_to,
                        list(cube().regions), ds.method_periods)


@versioned(max_entries=64)
def region_change(spec: readiness.ScoringSpec, region: str) -> change_words.ChangeFact:
    """``region``'s index change into ``spec.year`` on a constant basis: the fact the profile states, built as the
    presenter's and the deck's trend title is (:func:`readiness.display.change.region_change`)."""
    ds = dataset()
    return _quiet_score(change_words.region_change, ds, spec, results_by_year(spec), region, spec.year,
                        list(result(spec).regions))


@versioned(max_entries=16)
def board_table(year: int, window: int):
    """The published results in force in ``year`` of every scored region (:func:`readiness.display.board.board_table`),
    once per data version, year and window (shared between sessions: never mutate)."""
    return board_tables.board_table(dataset(), year, window)


@versioned(max_entries=64)
def region_context(region: str, year: int, window: int, lang: str):
    """Where ``region`` stands among every region with a figure (:func:`readiness.display.context.region_context`),
    once per data version, region, year, window and language (shared: never mutate)."""
    return context_tables.region_context(dataset(), region, year, window, lang)


@versioned(max_entries=64)
def distribution_bars(region: str, year: int, window: int, lang: str, name: str) -> tuple:
    """The profile's national distribution bars of ``region`` (:func:`readiness.display.context.profile_distributions`,
    each drawn by :func:`~readiness.display.context.build_distribution_bar`), once per data version and arguments
    (shared figures: never mutate)."""
    ds = dataset()
    return tuple(context_tables.build_distribution_bar(ds, ind, ind_year, level, lang, band_id, name)
                 for ind, ind_year, level, band_id in context_tables.profile_distributions(ds, region, year, window))


@versioned(max_entries=2)
def ikn_rings():
    """The 50/100/150/200 km rings around IKN's core (polygons, EPSG:4326)."""
    ref = dataset().regions.set_index("code").loc[geo.IKN]
    return geo.rings(float(ref["lat"]), float(ref["lon"]))


BOUNDARY_DIR = readiness.DATA_DIR / "boundaries"
BOUNDARY_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp")


def boundary_files() -> list[str]:
    """Boundary files a user put in ``data/boundaries/`` (the bundled layers, drawn by default, are not listed)."""
    if not BOUNDARY_DIR.exists():
        return []
    return sorted(p.name for p in BOUNDARY_DIR.iterdir() if p.suffix.lower() in BOUNDARY_SUFFIXES
                  and not p.name.startswith(("kabkota.", "kecamatan_")))


#: The national layer as the app serves it (a copy of data/boundaries/kabkota.geojson made by the build script); the
#: national choropleth names this URL, so the browser loads the polygons once instead of on every rerun.
BOUNDARY_URL = "app/static/boundaries/kabkota.geojson"


@st.cache_resource(max_entries=4, show_spinner=False)
def boundary_layer(view: str) -> dict:
    """The bundled kabupaten/kota of a choropleth view (GeoJSON dict; shared, never mutate). The national view's
    polygons are loaded by the browser from :data:`BOUNDARY_URL`, so its features carry no geometry here."""
    # deferred: the choropleth builder: 16 MB (benchmarks/bench_imports.py, geopandas); only the map pages draw one
    from readiness.display.choropleth import view_provinces

    return bundled.layer_geojson("kabkota", provinces=view_provinces(view), geometry=view != "national")


@versioned(max_entries=4)
def boundaries(path: str):
    """A boundary file joined with the regions, and its shapes simplified for the browser:
    ``(join, simplified shapes, tolerance, bytes)``."""
    joined = geo.join_boundaries(geo.load_boundaries(path), dataset().regions)
    shapes, tolerance, size = geo.simplify_to_size(joined.shapes)
    return joined, shapes, tolerance, size
