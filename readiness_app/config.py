"""The app's settings file (``readiness_app/settings.toml``) as one frozen object, read once."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from readiness import ScoringSpec

__all__ = ["ROOT", "AppSettings", "settings_file"]

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Path(__file__).resolve().parent / "settings.toml"


@dataclass(frozen=True)
class AppSettings:
    """Defaults and choices the dashboard offers."""

    default_spec: ScoringSpec
    windows: tuple[int, ...]
    min_coverages: tuple[float, ...]
    pillar_min_coverages: tuple[float, ...]
    index_min_pillars: tuple[int, ...]
    profile_region: str
    compare_regions: tuple[str, ...]
    compare_max: int
    data_dir: Path


@cache
def settings_file(path: str | Path = SETTINGS) -> AppSettings:
    """The settings, validated (a bad default is a :class:`~readiness.errors.ScoringError` naming it)."""
    doc: dict[str, Any] = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    scoring, choices, pages = doc["scoring"], doc["choices"], doc["pages"]
    data_dir = Path(os.environ.get("READINESS_DATA_DIR") or doc["data"]["dir"])
    return AppSettings(
        default_spec=ScoringSpec(normalise=scoring["normalise"], window=int(scoring["window"]),
                                 min_coverage=float(scoring["min_coverage"]),
                                 pillar_min_coverage=float(scoring["pillar_min_coverage"]),
                                 index_min_pillars=int(scoring["index_min_pillars"])),
        windows=tuple(int(w) for w in choices["window"]),
        min_coverages=tuple(float(c) for c in choices["min_coverage"]),
        pillar_min_coverages=tuple(float(c) for c in choices["pillar_min_coverage"]),
        index_min_pillars=tuple(int(c) for c in choices["index_min_pillars"]),
        profile_region=str(pages["profile_region"]),
        compare_regions=tuple(str(c) for c in pages["compare_regions"]),
        compare_max=int(pages["compare_max"]),
        data_dir=data_dir if data_dir.is_absolute() else ROOT / data_dir,
    )
