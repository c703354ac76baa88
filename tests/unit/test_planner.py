"""The siting planner on the sample city: figures a planner reads, exclusions, own sites, uploads, scenarios."""
from __future__ import annotations

import json
import threading
from dataclasses import replace

import numpy as np
import pytest

from bohan import atlas, planner, siting, workspace
from bohan.geo import to_wgs84


@pytest.fixture(scope="module")
def inputs(con):
    return planner.load_inputs(con)


@pytest.fixture(scope="module")
def default_plan(inputs):
    return planner.plan(inputs, planner.Settings())


def test_default_plan_recommends_the_plans_fourteen_cameras_best_first(default_plan):
    chosen = default_plan.chosen
    assert planner.DEFAULT_N_NEW == 14 == len(chosen)
    assert chosen["rank"].tolist() == list(range(1, 15))
    assert chosen["site_id"].is_unique
    assert (np.diff(chosen["gain"].to_numpy()) <= 1e-9).all()  # best first
    assert default_plan.exact.optimal
    assert default_plan.exact.covered_weight >= default_plan.greedy.covered_weight - 1e-9
    # the cumulative share ends at the exact answer's share
    assert chosen["covered_pct"].iloc[-1] == pytest.approx(default_plan.exact.covered_pct, abs=1e-9)
    assert chosen["gain"].sum() == pytest.approx(default_plan.exact.added_weight, rel=1e-9)


def test_before_figure_is_the_map_pages_camera_coverage(con, default_plan):
    """'Same definitions as the map page': the map page's camera share at the same radius."""
    cov = atlas.compute_coverage(con, 30.0, 15.0, 100.0)
    route = default_plan.route.iloc[0]
    assert route["before_pct"] == cov.city["camera_pct"].iloc[0]
    assert route["length_m"] == cov.city["length_m"].iloc[0]
    assert route["after_pct"] > route["before_pct"]


def test_watched_pieces_add_up_and_match_the_route_figures(inputs, default_plan):
    w = default_plan.watched
    assert w["length_m"].sum() == pytest.approx(inputs.network["length_m"].sum(), rel=1e-9)
    by = w.groupby("watched", observed=False)["length_m"].sum()
    route = default_plan.route.iloc[0]
    assert by["before"] == pytest.approx(route["before_m"], abs=0.5)
    assert by["before"] + by["added"] == pytest.approx(route["after_m"], abs=0.5)


def test_what_each_site_adds_sums_to_what_the_new_cameras_cover(inputs, default_plan):
    """Each newly watched piece is counted once, by the first site that reaches it."""
    pieces, chosen = default_plan.pieces, default_plan.chosen
    xy = pieces[["x", "y"]].to_numpy()
    radius = default_plan.settings.radius_m
    cams = np.column_stack([inputs.cameras.geometry.x, inputs.cameras.geometry.y])
    new = siting.within(xy, chosen[["x", "y"]].to_numpy(), radius) & ~siting.within(xy, cams, radius)
    assert chosen["route_m"].sum() == pytest.approx(pieces.loc[new, "length_m"].sum(), rel=1e-9)
    assert chosen["child"].sum() == pytest.approx(pieces.loc[new, "n_child"].sum(), rel=1e-9)
    assert chosen["crime"].sum() == pytest.approx(pieces.loc[new, "n_crime"].sum(), rel=1e-9)
    assert chosen["gain"].sum() == pytest.approx(pieces.loc[new, "weight"].sum(), rel=1e-9)
    assert pieces["weight"].sum() == pytest.approx(default_plan.exact.total_weight, rel=1e-9)


def test_leaving_the_best_site_out_moves_the_answer(inputs, default_plan):
    best = default_plan.chosen["site_id"].iloc[0]
    again = planner.plan(inputs, replace(planner.Settings(), excluded=(best,)))
    assert best not in set(again.chosen["site_id"])
    assert bool(again.sites.set_index("site_id").loc[best, "excluded"])
    assert again.exact.covered_weight <= default_plan.exact.covered_weight + 1e-9


def test_excluding_by_uploaded_point_leaves_out_the_site_there(inputs, default_plan):
    best = default_plan.chosen.iloc[0]
    again = planner.plan(inputs, replace(planner.Settings(), exclude_points=((best["lon"], best["lat"]),)))
    assert best["site_id"] not in set(again.chosen["site_id"])


def test_an_own_site_on_the_best_spot_is_chosen(inputs, default_plan):
    """A planner's own site placed exactly where the best candidate stands, with that candidate
    left out, takes its place."""
    best = default_plan.chosen.iloc[0]
    again = planner.plan(inputs, replace(planner.Settings(), excluded=(best["site_id"],),
                                         user_sites=((best["lon"], best["lat"]),)))
    assert again.chosen["site_id"].iloc[0] == "U0000"
    assert again.chosen["kind"].iloc[0] == "user"
    assert again.exact.covered_weight == pytest.approx(default_plan.exact.covered_weight, rel=1e-9)


def test_minimum_spacing_is_kept_between_all_cameras(inputs):
    p = planner.plan(inputs, replace(planner.Settings(), min_spacing_m=300.0))
    xy = p.chosen[["x", "y"]].to_numpy()
    cams = np.column_stack([inputs.cameras.geometry.x, inputs.cameras.geometry.y])
    d_new = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(d_new, np.inf)
    assert d_new.min() >= 300.0
    assert np.hypot(*(xy[:, None, :] - cams[None, :, :]).transpose(2, 0, 1)).min() >= 300.0


def test_curve_grows_with_diminishing_returns_and_starts_at_existing(default_plan):
    curve = default_plan.curve
    assert curve["n"].tolist() == list(range(31))
    pct = curve["greedy_pct"].to_numpy()
    assert pct[0] == pytest.approx(default_plan.exact.existing_pct)
    assert (np.diff(pct) >= -1e-12).all()
    assert (np.diff(np.diff(pct)) <= 1e-9).all()  # each further camera adds no more than the one before
    assert pct[14] <= default_plan.exact.covered_pct + 1e-9


def test_weights_change_what_is_chosen(inputs, default_plan):
    """Only route length: no site is chosen for the incidents near it, so the answer differs."""
    length_only = planner.plan(inputs, replace(planner.Settings(), weights=siting.Weights(1.0, 0.0, 0.0)))
    assert set(length_only.chosen["site_id"]) != set(default_plan.chosen["site_id"])
    assert length_only.route.iloc[0]["after_m"] >= default_plan.route.iloc[0]["after_m"] - 1e-6


@pytest.mark.parametrize("changes, key", [
    ({"n_new": 61}, "n_range"),
    ({"n_new": 2.5}, "n_range"),
    ({"radius_m": 300.0}, "radius_range"),
    ({"radius_m": float("nan")}, "radius_range"),
    ({"min_spacing_m": -1.0}, "spacing_range"),
    ({"candidate_spacing_m": 33.0}, "candidate_spacing"),
    ({"weights": siting.Weights(0.0, 0.0, 0.0)}, "weights_zero"),
    ({"weights": siting.Weights(1.0, -1.0, 0.0)}, "weight_range"),
    ({"years": (1990, 2024)}, "years"),
])
def test_settings_out_of_range_are_refused(inputs, changes, key):
    with pytest.raises(siting.SitingError) as err:
        planner.plan(inputs, replace(planner.Settings(), **changes))
    assert err.value.key == key


def test_settings_round_trip_through_json():
    s = planner.Settings(n_new=7, excluded=("R0001",), user_sites=((141.6, 42.64),), years=(2020, 2024),
                         weights=siting.Weights(2.0, 5.0, 0.5))
    assert planner.Settings.from_json(s.to_json()) == s


# --- uploads ------------------------------------------------------------------------------
def test_csv_with_japanese_columns_in_shift_jis():
    data = "名称,緯度,経度\n交差点A,42.6401,141.6012\n空行,,\n".encode("cp932")
    pts = planner.read_points(data, "sites.csv")
    assert pts.tolist() == [[141.6012, 42.6401]]


def test_csv_with_swapped_columns_is_put_right():
    data = "lat,lon\n141.6012,42.6401\n".encode("utf-8-sig")
    assert planner.read_points(data, "x.csv").tolist() == [[141.6012, 42.6401]]


def test_geojson_points_and_multipoints():
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [141.6, 42.64]}, "properties": {}},
        {"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": [[141.61, 42.65], [141.62, 42.66]]}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[141.6, 42.6], [141.7, 42.7]]}},
    ]}
    pts = planner.read_points(json.dumps(doc).encode(), "own.geojson")
    assert pts.tolist() == [[141.6, 42.64], [141.61, 42.65], [141.62, 42.66]]


@pytest.mark.parametrize("data, name, key", [
    (b"lat,lon\n42.6,141.6\n", "sites.xlsx", "upload_type"),
    (b"lat,lon\n\x81\x20,42.6", "sites.csv", "upload_encoding"),
    ("名称,住所\nA,苫小牧市\n".encode(), "sites.csv", "upload_columns"),
    (b"lat,lon\n,\n", "sites.csv", "upload_empty"),
    (b"{not json", "sites.geojson", "upload_json"),
    (b'{"type": "FeatureCollection", "features": []}', "sites.geojson", "upload_empty"),
    (b"lat,lon\n-1000,5000\n", "sites.csv", "upload_degrees"),
    (b"x" * (planner.MAX_UPLOAD_BYTES + 1), "big.csv", "upload_size"),
])
def test_bad_uploads_are_refused_with_a_reason(data, name, key):
    with pytest.raises(siting.SitingError) as err:
        planner.read_points(data, name)
    assert err.value.key == key


def test_uploaded_points_far_from_routes_are_set_aside(inputs):
    x, y = inputs.network.geometry.iloc[0].coords[0]
    lon, lat = to_wgs84(np.array([x, x + 20_000.0]), np.array([y, y]))
    near = planner.points_near_routes(inputs, np.column_stack([lon, lat]))
    assert near.tolist() == [True, False]


# --- scenarios ----------------------------------------------------------------------------
@pytest.fixture
def ws(tmp_path):
    return tmp_path / "ws.duckdb"


def test_scenario_saved_read_back_and_compared(ws, default_plan):
    workspace.save_scenario("子ども重視", default_plan, path=ws)
    saved = workspace.scenarios(ws)
    assert saved["name"].tolist() == ["子ども重視"]
    row = saved.iloc[0]
    assert row["n_new"] == 14 and row["route_after_pct"] == default_plan.route.iloc[0]["after_pct"]
    sites = workspace.scenario_sites("子ども重視", ws)
    assert sites["site_id"].tolist() == default_plan.chosen["site_id"].tolist()
    assert planner.Settings.from_json(row["settings_json"]) == default_plan.settings


def test_a_taken_name_is_refused_unless_replaced(ws, default_plan, inputs):
    workspace.save_scenario("A", default_plan, path=ws)
    other = planner.plan(inputs, replace(planner.Settings(), n_new=3))
    with pytest.raises(workspace.WorkspaceError) as err:
        workspace.save_scenario("A", other, path=ws)
    assert err.value.key == "exists"
    assert len(workspace.scenario_sites("A", ws)) == 14  # the first one is intact
    workspace.save_scenario("A", other, path=ws, replace=True)
    assert len(workspace.scenario_sites("A", ws)) == 3
    workspace.delete_scenario("A", path=ws)
    assert workspace.scenarios(ws).empty and workspace.scenario_sites("A", ws).empty


def test_two_people_saving_one_name_at_once_cannot_both_win(ws, default_plan):
    results: list = []

    def save():
        try:
            workspace.save_scenario("同時", default_plan, path=ws)
            results.append("saved")
        except workspace.WorkspaceError as err:
            results.append(err.key)

    threads = [threading.Thread(target=save) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results) == ["exists", "exists", "exists", "saved"]
    assert len(workspace.scenario_sites("同時", ws)) == 14


def test_a_failed_save_leaves_nothing_half_written(ws, default_plan):
    broken = replace(default_plan, chosen=default_plan.chosen.drop(columns="crime"))
    with pytest.raises(KeyError):
        workspace.save_scenario("壊れた", broken, path=ws)
    assert workspace.scenarios(ws).empty
    assert workspace.scenario_sites("壊れた", ws).empty


@pytest.mark.parametrize("name, key", [("", "name_empty"), ("   ", "name_empty"), ("x" * 61, "name_long"),
                                       ("a\x00b", "name_chars"), ("tab\there", "name_chars")])
def test_bad_scenario_names_are_refused(name, key):
    with pytest.raises(workspace.WorkspaceError) as err:
        workspace.check_name(name)
    assert err.value.key == key


def test_names_are_normalised():
    assert workspace.check_name("  ＡＢＣ１ ") == "ABC1"
