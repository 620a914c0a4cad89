"""Geography: distances from each region to IKN's core and to Jakarta.

Distances are **geodesic** on the WGS84 ellipsoid (``pyproj.Geod``), straight lines between the city-centre points
in ``regions.csv``: not road distances, and not sourced figures but computed ones (labelled as such in the app).
A single UTM zone would be about 0.5 % off between Java and Kalimantan, so no projected CRS is used for distances.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pyproj import Geod

__all__ = ["IKN", "JAKARTA", "distances", "geodesic_km"]

#: Codes of the reference places in ``regions.csv``.
IKN = "ref.ikn"
JAKARTA = "ref.jakarta"
_GEOD = Geod(ellps="WGS84")


def geodesic_km(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Geodesic distance in km from each (``lat``, ``lon``) to (``lat0``, ``lon0``); NaN where coordinates miss."""
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    ok = ~(np.isnan(lat) | np.isnan(lon))
    out = np.full(lat.shape, np.nan)
    if ok.any():
        _, _, metres = _GEOD.inv(lon[ok], lat[ok], np.full(ok.sum(), lon0), np.full(ok.sum(), lat0))
        out[ok] = np.asarray(metres) / 1000.0
    return out


def distances(regions: pd.DataFrame) -> pd.DataFrame:
    """``code, km_to_ikn, km_to_jakarta`` for every region, from the reference places in the same table."""
    ref = regions.set_index("code")
    lat = regions["lat"].astype(float).to_numpy()
    lon = regions["lon"].astype(float).to_numpy()
    return pd.DataFrame({
        "code": regions["code"].to_numpy(),
        "km_to_ikn": geodesic_km(lat, lon, float(ref.loc[IKN, "lat"]), float(ref.loc[IKN, "lon"])),
        "km_to_jakarta": geodesic_km(lat, lon, float(ref.loc[JAKARTA, "lat"]), float(ref.loc[JAKARTA, "lon"])),
    })
