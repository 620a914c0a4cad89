"""The dashboard's starting values are ``ScoringSpec()``'s (one home for every scoring default), and the settings
file only lists the choices, each of which must offer that default."""

from __future__ import annotations

from pathlib import Path

import pytest

import readiness
from readiness.pipeline.normalise import NORMALISERS
from readiness_app.config import SETTINGS, settings_file


def test_the_dashboards_defaults_are_the_spec_defaults():
    conf = settings_file()
    assert conf.default_spec == readiness.ScoringSpec()
    assert "[scoring]" not in SETTINGS.read_text(encoding="utf-8")  # no second home for a default
    default = readiness.ScoringSpec()
    assert default.normalise in NORMALISERS and default.window in conf.windows  # every normaliser is offered
    assert default.min_coverage in conf.min_coverages
    assert default.pillar_min_coverage in conf.pillar_min_coverages
    assert default.index_min_pillars in conf.index_min_pillars


def test_a_choice_list_without_the_default_is_refused(tmp_path: Path):
    text = SETTINGS.read_text(encoding="utf-8").replace("window = [0, 1, 2, 3, 5]", "window = [0, 1, 2]")
    assert "window = [0, 1, 2]" in text
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(readiness.ScoringError, match=r"\[choices\] window must offer ScoringSpec\(\)'s default 3"):
        settings_file(path)
