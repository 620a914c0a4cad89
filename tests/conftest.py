"""Shared fixtures: the COINr ASEM golden files converted to this project's framework and observation tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import readiness

ROOT = Path(__file__).resolve().parent.parent
COINR = ROOT.parent / "shared" / "reference" / "coinr-asem"


def _need_coinr() -> Path:
    if not COINR.exists():
        pytest.skip(f"COINr golden files not found at {COINR}")
    return COINR


def coinr_table(name: str) -> pd.DataFrame:
    """A COINr golden CSV indexed by uCode (NA -> NaN)."""
    return pd.read_csv(_need_coinr() / name).set_index("uCode")


@pytest.fixture(scope="session")
def asem_framework() -> readiness.Framework:
    """asem_meta.csv as a framework table: iCode -> id, Parent -> parent, aggregates without direction."""
    meta = pd.read_csv(_need_coinr() / "asem_meta.csv")
    table = pd.DataFrame(
        {
            "id": meta["iCode"],
            "parent": meta["Parent"].fillna(""),
            "weight": meta["Weight"].astype(str),
            "direction": np.where(meta["Type"] == "Indicator", meta["Direction"].astype(str), ""),
            "name_en": meta["iName"],
        }
    )
    return readiness.framework_from_frame(table, source="asem_meta.csv")


def wide_to_long(wide: pd.DataFrame, year: int = 2018) -> pd.DataFrame:
    """A uCode x indicator table as long observations (missing cells dropped)."""
    long = wide.reset_index().melt(id_vars="uCode", var_name="indicator", value_name="value").dropna()
    long = long.rename(columns={"uCode": "region_code"})
    long["year"] = year
    return long


@pytest.fixture(scope="session")
def asem_raw() -> pd.DataFrame:
    return coinr_table("asem_raw.csv")
