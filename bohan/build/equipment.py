"""Sample security cameras and street lights (no public data gives their locations).

Cameras: the city's 26 street cameras as of FY2024 (plan), placed near railway stations,
parks and school routes, installed from FY2016 on; plus cameras at schools (measure 3-3),
which are not part of the plan's count. Lights: several thousand 防犯灯 (run by
neighbourhood associations) and 街路灯 (run by the city) along the streets, with a realistic
share out of order (不点), older lamp types more often.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from bohan.build import plan
from bohan.build.geography import Geography
from bohan.geo import to_metric, to_wgs84

# Railway stations in the city (approximate points, WGS84): where the city put its first cameras.
STATIONS = {
    "苫小牧駅": (42.6385, 141.6055),
    "沼ノ端駅": (42.6717, 141.6983),
    "糸井駅": (42.6284, 141.5414),
    "青葉駅": (42.6327, 141.5628),
    "錦岡駅": (42.6121, 141.4918),
}
N_LIGHTS = 8000
SHARE_ON_ROUTES = 0.45
P_OUT = {"LED": 0.015, "蛍光灯": 0.07, "水銀灯": 0.12}


def _sites_along(rng, lines, n: int) -> np.ndarray:
    """``n`` random points along ``lines`` (EPSG:6680), weighted by length."""
    lengths = shapely.length(lines)
    pick = rng.choice(len(lines), size=n, p=lengths / lengths.sum())
    pts = shapely.line_interpolate_point(lines[pick], rng.random(n), normalized=True)
    return np.column_stack([shapely.get_x(pts), shapely.get_y(pts)])


def cameras(rng: np.random.Generator, geo: Geography) -> pd.DataFrame:
    """Street cameras (the plan's 26 as of FY2024) and school cameras."""
    n = plan.STREET_CAMERAS
    n_station, n_park = 8, 8
    n_route = n - n_station - n_park
    st = np.array(list(STATIONS.values()))
    sx, sy = to_metric(st[:, 1], st[:, 0])
    which = np.r_[np.arange(len(STATIONS)), rng.choice(len(STATIONS), n_station - len(STATIONS), p=[0.5, 0.3, 0.2, 0, 0])]
    station_xy = np.column_stack([sx[which], sy[which]]) + rng.normal(0, 60, (n_station, 2))
    parks = geo.parks.sample(n_park, random_state=int(rng.integers(1 << 31)))
    park_xy = np.column_stack([parks.centroid.x, parks.centroid.y])
    route_xy = _sites_along(rng, geo.school_routes.geometry.values, n_route)
    xy = np.vstack([station_xy, park_xy, route_xy])
    site = ["駅周辺"] * n_station + ["公園"] * n_park + ["通学路"] * n_route
    # 26 by FY2024: a few a year since FY2016
    fy = np.repeat(np.arange(2016, 2025), [4, 3, 3, 3, 3, 2, 3, 2, 3])
    order = rng.permutation(n)
    lon, lat = to_wgs84(xy[:, 0], xy[:, 1])
    street = pd.DataFrame(
        {
            "kind": "street",
            "site_type": site,
            "lat": np.round(lat, 6),
            "lon": np.round(lon, 6),
            "installed_fy": fy[order],
            "status": "active",
        }
    )
    sch = geo.schools.sample(12, random_state=int(rng.integers(1 << 31)))
    slon, slat = to_wgs84(sch.geometry.x + rng.normal(0, 20, len(sch)), sch.geometry.y + rng.normal(0, 20, len(sch)))
    school = pd.DataFrame(
        {
            "kind": "school",
            "site_type": "学校",
            "lat": np.round(slat, 6),
            "lon": np.round(slon, 6),
            "installed_fy": rng.integers(2018, 2025, len(sch)),
            "status": "active",
        }
    )
    df = pd.concat([street.sort_values("installed_fy", kind="stable"), school], ignore_index=True)
    df.insert(0, "camera_id", [f"{'SC' if k == 'street' else 'SS'}{i:03d}" for i, k in enumerate(df["kind"], 1)])
    df["source"] = "sample"
    return df


def street_lights(rng: np.random.Generator, geo: Geography) -> pd.DataFrame:
    """Street and crime-prevention lights along the streets, some out of order.

    Cities light school routes first, so a share of the lights stands along them (routes
    from several towns share streets, which then get more lights); the rest stand along
    local streets and, fewer, along arterials.
    """
    local = geo.streets[geo.streets["kind"] == "local"].geometry.values
    arterial = geo.streets[geo.streets["kind"] == "arterial"].geometry.values
    routes = geo.school_routes.geometry.values
    n_art = N_LIGHTS // 10
    n_route = int(N_LIGHTS * SHARE_ON_ROUTES)
    n_local = N_LIGHTS - n_art - n_route
    xy = np.vstack([_sites_along(rng, local, n_local), _sites_along(rng, routes, n_route), _sites_along(rng, arterial, n_art)])
    xy += rng.normal(0, 4, xy.shape)  # lights stand beside the road, not on its centre line
    kind = np.r_[np.where(rng.random(n_local + n_route) < 0.85, "防犯灯", "街路灯"), np.full(n_art, "街路灯")]
    lamp = rng.choice(list(P_OUT), size=N_LIGHTS, p=[0.78, 0.14, 0.08])
    out = rng.random(N_LIGHTS) < np.vectorize(P_OUT.get)(lamp)
    lon, lat = to_wgs84(xy[:, 0], xy[:, 1])
    df = pd.DataFrame(
        {
            "light_id": [f"L{i:05d}" for i in range(1, N_LIGHTS + 1)],
            "kind": kind,
            "lamp_type": lamp,
            "manager": np.where(kind == "防犯灯", "町内会", "市"),
            "lat": np.round(lat, 6),
            "lon": np.round(lon, 6),
            "status": np.where(out, "out", "lit"),
        }
    )
    df["source"] = "sample"
    return df
