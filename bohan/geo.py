"""Coordinate systems and small geometry helpers shared by the build and the pages.

Coordinates are stored as WGS84 degrees (EPSG:4326); every length, area and buffer is
computed in JGD2011 / Japan Plane Rectangular CS XII (EPSG:6680), Tomakomai's metric CRS.
"""
from __future__ import annotations

import numpy as np
from pyproj import Transformer

WGS84 = "EPSG:4326"
METRIC = "EPSG:6680"

_TO_METRIC = Transformer.from_crs(WGS84, METRIC, always_xy=True)
_TO_WGS84 = Transformer.from_crs(METRIC, WGS84, always_xy=True)


def to_metric(lon, lat):
    """Project WGS84 ``lon, lat`` (degrees) to EPSG:6680 ``x, y`` (metres)."""
    x, y = _TO_METRIC.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return x, y


def to_wgs84(x, y):
    """Project EPSG:6680 ``x, y`` (metres) to WGS84 ``lon, lat`` (degrees)."""
    lon, lat = _TO_WGS84.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return lon, lat
