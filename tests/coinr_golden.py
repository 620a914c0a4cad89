"""COINr ASEM golden files (../shared/reference/coinr-asem) converted to this project's tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
COINR = ROOT.parent / "shared" / "reference" / "coinr-asem"


def need_coinr() -> Path:
    """The golden-file folder; skips the test when it is absent."""
    if not COINR.exists():
        pytest.skip(f"COINr golden files not found at {COINR}")
    return COINR


def coinr_table(name: str) -> pd.DataFrame:
    """A COINr golden CSV indexed by uCode (NA -> NaN)."""
    return pd.read_csv(need_coinr() / name).set_index("uCode")


def wide_to_long(wide: pd.DataFrame, year: int = 2018) -> pd.DataFrame:
    """A uCode x indicator table as long observations (missing cells dropped)."""
    long = wide.reset_index().melt(id_vars="uCode", var_name="indicator", value_name="value").dropna()
    long = long.rename(columns={"uCode": "region_code"})
    long["year"] = year
    return long
