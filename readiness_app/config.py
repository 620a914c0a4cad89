"""The app's settings file (``readiness_app/settings.toml``) as one frozen object, read once."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from readiness import ScoringSpec
from readiness.errors import ScoringError

__all__ = ["ROOT", "AppSettings", "settings_file"]

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Path(__file__).resolve().parent / "settings.toml"


@dataclass(frozen=True)
class AppSettings:
    """Defaults and choices the dashboard offers; ``default_spec`` is ``ScoringSpec()`` (its defaults are the
    recommended ones, written once in :mod:`readiness.pipeline.spec`)."""

    default_spec: ScoringSpec
    windows: tuple[int, ...]
    min_coverages: tuple[float, ...]
    pillar_min_coverages: tuple[float, ...]
    index_min_pillars: tuple[int, ...]
    indexes: tuple[str, ...]
    profile_region: str
    compare_regions: tuple[str, ...]
    compare_max: int
    data_dir: Path


@cache
def settings_file(path: str | Path = SETTINGS) -> AppSettings:
    """The settings, validated: each list of choices must hold ``ScoringSpec()``'s default (a
    :class:`~readiness.errors.ScoringError` names the list otherwise)."""
    doc: dict[str, Any] = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    choices, pages = doc["choices"], doc["pages"]
    data_dir = Path(os.environ.get("READINESS_DATA_DIR") or doc["data"]["dir"])
    default = ScoringSpec()
    offered = {
        "window": (tuple(int(w) for w in choices["window"]), default.window),
        "min_coverage": (tuple(float(c) for c in choices["min_coverage"]), default.min_coverage),
        "pillar_min_coverage": (tuple(float(c) for c in choices["pillar_min_coverage"]), default.pillar_min_coverage),
        "index_min_pillars": (tuple(int(c) for c in choices["index_min_pillars"]), default.index_min_pillars),
        "index": (tuple(str(c) for c in choices.get("index", [default.index])), default.index),
    }
    missing = [f"{path}: [choices] {name} must offer ScoringSpec()'s default {value!r}, got {list(values)}"
               for name, (values, value) in offered.items() if value not in values]
    if missing:
        raise ScoringError(missing)
    return AppSettings(
        default_spec=default,
        windows=offered["window"][0],
        min_coverages=offered["min_coverage"][0],
        pillar_min_coverages=offered["pillar_min_coverage"][0],
        index_min_pillars=offered["index_min_pillars"][0],
        indexes=offered["index"][0],
        profile_region=str(pages["profile_region"]),
        compare_regions=tuple(str(c) for c in pages["compare_regions"]),
        compare_max=int(pages["compare_max"]),
        data_dir=data_dir if data_dir.is_absolute() else ROOT / data_dir,
    )
