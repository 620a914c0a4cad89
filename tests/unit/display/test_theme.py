"""Region colours: stable, distinct, never running out; a colour given in the regions table wins."""

from __future__ import annotations

import pandas as pd

from readiness.display.theme import PALETTE, palette, region_colors


def test_palette_never_runs_out_or_repeats():
    colours = palette(600)  # more than Indonesia's 514 kabupaten/kota
    assert colours[: len(PALETTE)] == list(PALETTE)
    assert len(set(colours)) == 600
    assert all(c.startswith("#") and len(c) == 7 for c in colours)


def test_region_colours_are_stable_by_position_and_overridable():
    codes = [f"{p:02d}.{k:02d}" for p in range(11, 14) for k in range(1, 10)]  # 27 regions, past the 17 named
    table = pd.DataFrame({"code": codes})
    first = region_colors(table)
    assert region_colors(table) == first and len(set(first.values())) == len(codes)
    grown = region_colors(pd.DataFrame({"code": [*codes, "99.99"]}))  # a region appended keeps the others' colours
    assert {c: grown[c] for c in codes} == first
    own = region_colors(table.assign(color=["#000000", *[None] * (len(codes) - 1)]))
    assert own[codes[0]] == "#000000" and own[codes[1]] == first[codes[1]]
