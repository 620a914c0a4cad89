"""Region colours read on a projector: each has at least 3:1 contrast against white (WCAG 2.1 non-text
contrast), named and generated alike, and the contrast formula matches WCAG's reference values."""

from __future__ import annotations

import pytest

from readiness.display import theme


def test_contrast_formula_matches_wcag_reference_values():
    assert theme.contrast("#000000") == pytest.approx(21.0)
    assert theme.contrast("#FFFFFF") == pytest.approx(1.0)
    assert theme.contrast("#767676") == pytest.approx(4.54, abs=0.01)  # the classic AA grey
    assert theme.contrast("#DDCC77") < 2  # the pale yellow it replaces


@pytest.mark.parametrize("color", theme.PALETTE)
def test_every_named_region_colour_reads_on_white(color):
    assert theme.contrast(color) >= theme.MIN_CONTRAST, color


def test_generated_colours_read_on_white_and_stay_distinct():
    colors = theme.palette(60)
    assert len(set(colors)) == 60
    low = [c for c in colors if theme.contrast(c) < theme.MIN_CONTRAST]
    assert low == []
