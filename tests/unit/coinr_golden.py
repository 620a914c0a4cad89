"""COINr ASEM golden files (vendored in ``tests/unit/golden/coinr_asem``, from COINr 1.1.14; see its README)
converted to this project's tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

COINR = Path(__file__).resolve().parent / "golden" / "coinr_asem"


def need_coinr() -> Path:
    """The golden-file folder (part of the repository, so parity tests never skip)."""
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
