"""Camera siting as a maximal covering location problem (bohan.siting).

Small instances are laid out on a line so the optimum can be worked out on paper; random
instances (seeded) check exact against greedy, against an independent recount of the covered
weight, against brute force over every subset, and against PySAL's spopt MCLP. The city-layer
helpers get tiny hand-made EPSG:6680 layers. No database is needed.
"""
from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon

from bohan import siting as st
from bohan.geo import METRIC

METHODS = ("exact", "greedy")


def line(*xs: float, y: float = 0.0) -> np.ndarray:
    """Points along the x axis (metres)."""
    return np.column_stack([np.asarray(xs, dtype=float), np.full(len(xs), y)])


NONE = np.empty((0, 2))


def brute_covered(demand, weights, sites, radius) -> float:
    """Weight of demand within ``radius`` (inclusive) of any of ``sites``, by plain numpy."""
    demand, weights, sites = np.asarray(demand, float), np.asarray(weights, float), np.asarray(sites, float)
    if not len(sites):
        return 0.0
    d = np.sqrt(((demand[:, None, :] - sites[None, :, :]) ** 2).sum(axis=2))
    return float(weights[(d <= radius).any(axis=1)].sum())


def check_result(res, demand, weights, cand, existing, radius, n):
    """What every answer must satisfy, whatever the method."""
    assert len(np.unique(res.chosen)) == len(res.chosen) == n
    assert ((res.chosen >= 0) & (res.chosen < len(cand))).all()
    assert len(res.gains) == len(res.chosen)
    assert (np.diff(res.gains) <= 1e-9).all(), f"gains not best first: {res.gains}"
    assert (res.gains >= -1e-12).all()
    assert res.gains.sum() == pytest.approx(res.covered_weight - res.existing_weight, abs=1e-9)
    sites = np.vstack([existing.reshape(-1, 2), cand[res.chosen]])
    assert res.covered_weight == pytest.approx(brute_covered(demand, weights, sites, radius), abs=1e-9)
    assert res.existing_weight == pytest.approx(brute_covered(demand, weights, existing.reshape(-1, 2), radius),
                                                abs=1e-9)
    assert res.total_weight == pytest.approx(float(np.sum(weights)))
    assert res.existing_weight - 1e-9 <= res.covered_weight <= res.reachable_weight + 1e-9 <= res.total_weight + 2e-9
    # each gain is the weight that site adds to the existing cameras and the sites before it
    for i in range(len(res.chosen)):
        before = np.vstack([existing.reshape(-1, 2), cand[res.chosen[:i]]])
        after = np.vstack([before, cand[res.chosen[i:i + 1]]])
        added = brute_covered(demand, weights, after, radius) - brute_covered(demand, weights, before, radius)
        assert res.gains[i] == pytest.approx(added, abs=1e-9)


# --- hand-made instances --------------------------------------------------------------------
# Demand at 0, 20, 40, 60 m weighing 1, 2, 2, 1; radius 12 m. Candidate 0 at 30 m covers the
# two heavy points (4, the best single site); candidate 1 at 10 m covers 0 and 20 (3);
# candidate 2 at 50 m covers 40 and 60 (3). The best pair is {1, 2} with all 6, which does not
# contain the best single site; greedy takes 0 first and ends with 5.
CLASSIC_D = line(0, 20, 40, 60)
CLASSIC_W = np.array([1.0, 2.0, 2.0, 1.0])
CLASSIC_C = line(30, 10, 50)


def test_best_single_site_covers_the_heaviest_stretch():
    res = st.maximize_coverage(CLASSIC_D, CLASSIC_W, CLASSIC_C, NONE, 12, 1)
    assert list(res.chosen) == [0]
    assert res.covered_weight == pytest.approx(4.0)
    assert res.optimal
    check_result(res, CLASSIC_D, CLASSIC_W, CLASSIC_C, NONE, 12, 1)


def test_best_pair_does_not_contain_best_single_site_and_greedy_misses_it():
    exact = st.maximize_coverage(CLASSIC_D, CLASSIC_W, CLASSIC_C, NONE, 12, 2, method="exact")
    greedy = st.maximize_coverage(CLASSIC_D, CLASSIC_W, CLASSIC_C, NONE, 12, 2, method="greedy")
    assert sorted(exact.chosen) == [1, 2]
    assert exact.covered_weight == pytest.approx(6.0)
    assert exact.optimal and exact.bound >= exact.covered_weight - 1e-9
    assert list(exact.gains) == pytest.approx([3.0, 3.0])
    assert list(greedy.chosen) == [0, 1]  # ties go to the lower index
    assert list(greedy.gains) == pytest.approx([4.0, 1.0])
    assert greedy.covered_weight == pytest.approx(5.0)
    assert greedy.covered_weight < exact.covered_weight
    assert not greedy.optimal
    assert greedy.bound >= exact.covered_weight - 1e-9  # greedy's bound must still bound the optimum
    for res in (exact, greedy):
        check_result(res, CLASSIC_D, CLASSIC_W, CLASSIC_C, NONE, 12, 2)


def test_cluster_beats_the_single_heaviest_point():
    # one point of weight 5 alone at 300 m; three points of weight 2 at 0, 10, 20 m
    demand = line(0, 10, 20, 300)
    weights = np.array([2.0, 2.0, 2.0, 5.0])
    cand = line(300, 10, 0, 150)  # naive "site at the heaviest point" is candidate 0
    for method in METHODS:
        res = st.maximize_coverage(demand, weights, cand, NONE, 10, 1, method=method)
        assert list(res.chosen) == [1], method
        assert res.covered_weight == pytest.approx(6.0)
        two = st.maximize_coverage(demand, weights, cand, NONE, 10, 2, method=method)
        assert list(two.chosen) == [1, 0], method  # best first: the cluster, then the heavy point
        assert list(two.gains) == pytest.approx([6.0, 5.0])
        assert two.covered_weight == pytest.approx(11.0)
        check_result(two, demand, weights, cand, NONE, 10, 2)


def test_demand_exactly_at_the_radius_is_covered_by_a_new_site():
    demand = line(0, 30, 31, 200)
    weights = np.array([1.0, 2.0, 4.0, 8.0])
    cand = line(0, 200)
    res = st.maximize_coverage(demand, weights, cand, NONE, 30, 1)
    assert list(res.chosen) == [1]
    assert res.covered_weight == pytest.approx(8.0)
    res = st.maximize_coverage(demand, weights, line(0, 500), NONE, 30, 1)
    # 0 m and 30 m are covered (30 is exactly the radius), 31 m is not
    assert res.covered_weight == pytest.approx(3.0)
    # on the diagonal too: (18, 24) is exactly 30 m from (0, 0)
    res = st.maximize_coverage([[18.0, 24.0], [300.0, 0.0]], [1.0, 0.5], [[0.0, 0.0], [400.0, 0.0]], NONE, 30, 1)
    assert list(res.chosen) == [0] and res.covered_weight == pytest.approx(1.0)


def test_demand_exactly_at_the_radius_is_covered_by_an_existing_camera():
    demand = line(0, 30, 60, 200)
    weights = np.array([1.0, 2.0, 8.0, 4.0])
    existing = line(0)
    res = st.maximize_coverage(demand, weights, line(60, 500), existing, 30, 1)
    # the existing camera at 0 covers 0 and 30 m: 3; the site at 60 m adds only 60 m: 8
    assert res.existing_weight == pytest.approx(3.0)
    assert list(res.gains) == pytest.approx([8.0])
    assert res.covered_weight == pytest.approx(11.0)
    res = st.maximize_coverage(demand, weights, line(200, 500), existing, 30, 1)
    assert res.covered_weight == pytest.approx(7.0)


# --- existing cameras --------------------------------------------------------------------
def test_demand_covered_by_existing_cameras_counts_and_is_not_chased_again():
    demand = line(0, 100, 200)
    weights = np.array([10.0, 3.0, 2.0])
    cand = line(0, 100, 200)
    alone = st.maximize_coverage(demand, weights, cand, NONE, 20, 1)
    assert list(alone.chosen) == [0] and alone.existing_weight == 0.0
    existing = line(5)  # already watches the heavy point at 0 m
    before = existing.copy()
    for method in METHODS:
        res = st.maximize_coverage(demand, weights, cand, existing, 20, 1, method=method)
        assert list(res.chosen) == [1], method
        assert res.existing_weight == pytest.approx(10.0)
        assert res.covered_weight == pytest.approx(13.0)
        assert res.added_weight == pytest.approx(3.0)
        assert list(res.gains) == pytest.approx([3.0])
        check_result(res, demand, weights, cand, existing, 20, 1)
    np.testing.assert_array_equal(existing, before)  # nothing moved the existing camera


def test_badly_placed_existing_camera_stays_where_it_is():
    # the existing camera watches a light stretch; moving it would gain more, but it is never moved
    demand = line(0, 100, 200, 300)
    weights = np.array([0.5, 4.0, 3.0, 2.0])
    existing = line(0)
    cand = line(100, 200, 300)
    arrays = [a.copy() for a in (demand, weights, cand, existing)]
    for method in METHODS:
        res = st.maximize_coverage(demand, weights, cand, existing, 20, 2, method=method)
        assert list(res.chosen) == [0, 1], method
        assert res.covered_weight == pytest.approx(7.5)  # 0.5 from the existing one + 4 + 3
        assert res.existing_weight == pytest.approx(0.5)
        check_result(res, demand, weights, cand, existing, 20, 2)
    for a, b in zip(arrays, (demand, weights, cand, existing)):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("method", METHODS)
def test_existing_cameras_covering_everything_leave_nothing_to_add(method):
    existing = line(10, 50)
    res = st.maximize_coverage(CLASSIC_D, CLASSIC_W, CLASSIC_C, existing, 12, 2, method=method)
    assert res.existing_weight == pytest.approx(6.0)
    assert res.covered_weight == res.existing_weight == pytest.approx(res.total_weight)
    assert res.added_weight == pytest.approx(0.0)
    assert list(res.gains) == pytest.approx([0.0, 0.0])
    assert res.covered_pct == pytest.approx(100.0) and res.existing_pct == pytest.approx(100.0)
    check_result(res, CLASSIC_D, CLASSIC_W, CLASSIC_C, existing, 12, 2)


@pytest.mark.parametrize("method", METHODS)
def test_existing_camera_on_a_candidate_site_makes_that_site_worthless(method):
    existing = line(30)  # stands where candidate 0 would
    weights = np.array([1.0, 2.0, 2.0, 1.5])
    res = st.maximize_coverage(CLASSIC_D, weights, CLASSIC_C, existing, 12, 1, method=method)
    assert list(res.chosen) == [2]  # 50 m adds the 1.5 at 60 m; 10 m would add only 1
    assert res.existing_weight == pytest.approx(4.0)
    assert res.covered_weight == pytest.approx(5.5)


# --- random instances ------------------------------------------------------------------
def random_instance(seed: int, n_demand: int, n_cand: int, n_existing: int, width=1000.0, height=600.0):
    rng = np.random.default_rng(seed)
    demand = rng.uniform([0, 0], [width, height], size=(n_demand, 2))
    weights = rng.gamma(1.5, 1.0, n_demand)
    weights[rng.random(n_demand) < 0.1] = 0.0  # some zero weights
    cand = rng.uniform([0, 0], [width, height], size=(n_cand, 2))
    existing = rng.uniform([0, 0], [width, height], size=(n_existing, 2))
    return demand, weights, cand, existing


@pytest.mark.parametrize("seed,n_demand,n_cand,n_existing,radius,n", [
    (1, 300, 60, 3, 60.0, 5),
    (2, 500, 100, 6, 50.0, 8),
    (3, 800, 150, 10, 40.0, 12),
    (4, 600, 80, 0, 80.0, 6),
    (5, 400, 120, 4, 30.0, 14),
])
def test_greedy_never_beats_exact_and_both_count_correctly(seed, n_demand, n_cand, n_existing, radius, n):
    demand, weights, cand, existing = random_instance(seed, n_demand, n_cand, n_existing)
    exact = st.maximize_coverage(demand, weights, cand, existing, radius, n, method="exact")
    greedy = st.maximize_coverage(demand, weights, cand, existing, radius, n, method="greedy")
    assert exact.optimal and not exact.notes
    assert greedy.covered_weight <= exact.covered_weight + 1e-9
    assert exact.bound >= exact.covered_weight - 1e-9
    assert exact.bound <= exact.covered_weight * (1 + 1e-6) + 1e-9  # proven optimal: bound meets value
    assert greedy.covered_weight >= (1 - 1 / np.e) * exact.covered_weight  # the greedy guarantee
    for res in (exact, greedy):
        check_result(res, demand, weights, cand, existing, radius, n)
        assert res.existing_weight == exact.existing_weight


def test_exact_matches_brute_force_over_every_subset():
    rng = np.random.default_rng(11)
    for trial in range(4):
        demand = rng.uniform(0, 300, size=(60, 2))
        weights = rng.integers(0, 10, 60).astype(float)
        cand = rng.uniform(0, 300, size=(12, 2))
        existing = rng.uniform(0, 300, size=(2, 2))
        for n in (1, 2, 3, 4):
            best = max(brute_covered(demand, weights, np.vstack([existing, cand[list(s)]]), 50.0)
                       for s in itertools.combinations(range(12), n))
            res = st.maximize_coverage(demand, weights, cand, existing, 50.0, n)
            assert res.covered_weight == pytest.approx(best, abs=1e-9), (trial, n)
            greedy = st.maximize_coverage(demand, weights, cand, existing, 50.0, n, method="greedy")
            assert greedy.covered_weight <= best + 1e-9


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # PuLP's notices about its 4.0 API
def test_agrees_with_spopt_mclp():
    """Same optimum as PySAL spopt 0.7's MCLP (solved by CBC) with existing sites predefined.

    spopt counts the predefined sites in ``p_facilities`` and they must be candidate columns, so
    the existing cameras are appended as extra columns flagged predefined, and p = n_new +
    n_existing. Its ``perc_cov`` is unweighted, so the covered weight is recounted here.
    """
    import pulp
    from scipy.spatial.distance import cdist
    from spopt.locate import MCLP

    demand, weights, cand, existing = random_instance(21, 200, 40, 3, width=600.0, height=400.0)
    radius, n_new = 50.0, 5
    ours = st.maximize_coverage(demand, weights, cand, existing, radius, n_new)

    sites = np.vstack([cand, existing])
    predefined = np.r_[np.zeros(len(cand), dtype=int), np.ones(len(existing), dtype=int)]
    model = MCLP.from_cost_matrix(cdist(demand, sites), weights, service_radius=radius,
                                  p_facilities=n_new + len(existing), predefined_facilities_arr=predefined,
                                  name="mclp_test")
    model = model.solve(pulp.PULP_CBC_CMD(msg=False))
    open_ = np.array([v.value() > 0.5 for v in model.fac_vars])
    assert open_[len(cand):].all()  # the existing sites stayed
    assert open_[:len(cand)].sum() == n_new
    theirs = brute_covered(demand, weights, sites[open_], radius)
    assert theirs == pytest.approx(pulp.value(model.problem.objective), rel=1e-6)
    assert ours.covered_weight == pytest.approx(theirs, rel=1e-6)
    # and their sites, put through our count, give the same figure
    assert brute_covered(demand, weights, np.vstack([existing, cand[ours.chosen]]), radius) == pytest.approx(
        theirs, rel=1e-6)


# --- build_model / solve / coverage_curve -------------------------------------------------------
def test_build_then_solve_equals_maximize_coverage_and_curve_follows_greedy():
    demand, weights, cand, existing = random_instance(7, 500, 90, 5)
    args = st.validate(demand, weights, cand, existing, 60.0, 10)
    model = st.build_model(*args[:5])
    assert model.cover.shape[1] == len(cand)
    assert model.group_weight.sum() == pytest.approx(model.reachable_weight - model.existing_weight)
    for method in METHODS:
        a = st.solve(model, 10, method)
        b = st.maximize_coverage(demand, weights, cand, existing, 60.0, 10, method=method)
        assert a.covered_weight == pytest.approx(b.covered_weight)
    greedy = st.solve(model, 10, "greedy")
    curve = st.coverage_curve(model, 20)
    assert len(curve) == 21
    assert curve[0] == pytest.approx(model.existing_weight)
    assert curve[10] == pytest.approx(greedy.covered_weight)
    assert (np.diff(curve) >= -1e-9).all()
    assert (np.diff(np.diff(curve)) <= 1e-9).all()  # diminishing returns, as a planner reads it
    assert curve[-1] <= model.reachable_weight + 1e-9
    # a curve longer than the candidates levels off at the last value
    small = st.build_model(*st.validate(CLASSIC_D, CLASSIC_W, CLASSIC_C, NONE, 12, 0)[:5])
    assert list(st.coverage_curve(small, 5)) == pytest.approx([0.0, 4.0, 5.0, 6.0, 6.0, 6.0])


# --- min spacing -------------------------------------------------------------------------
def _pairwise_ok(points, spacing):
    if len(points) < 2:
        return True
    d = np.sqrt(((points[:, None] - points[None]) ** 2).sum(axis=2))
    return (d[np.triu_indices(len(points), 1)] >= spacing - 1e-9).all()


@pytest.mark.parametrize("method", METHODS)
def test_min_spacing_between_new_sites_and_from_existing(method):
    rng = np.random.default_rng(5)
    demand = np.column_stack([rng.uniform(0, 1000, 400), rng.uniform(0, 20, 400)])  # one long street
    weights = rng.gamma(2.0, 1.0, 400)
    cand = line(*np.arange(0, 1001, 10.0), y=10.0)  # a site every 10 m
    existing = line(400.0, y=10.0)
    spacing = 75.0
    free = st.maximize_coverage(demand, weights, cand, existing, 30, 8, method=method)
    res = st.maximize_coverage(demand, weights, cand, existing, 30, 8, method=method, min_spacing_m=spacing)
    assert not _pairwise_ok(np.vstack([existing, cand[free.chosen]]), spacing)  # the rule changes the answer
    assert len(res.chosen) == 8 and not res.notes
    assert _pairwise_ok(np.vstack([existing, cand[res.chosen]]), spacing)
    assert res.covered_weight <= free.covered_weight + 1e-9
    check_result(res, demand, weights, cand, existing, 30, 8)


@pytest.mark.parametrize("method", METHODS)
def test_sites_exactly_min_spacing_apart_are_allowed(method):
    demand = line(*range(0, 101, 5))
    cand = line(0, 25, 50, 75)
    res = st.maximize_coverage(demand, np.ones(21), cand, line(100), 12, 3, method=method, min_spacing_m=25)
    assert sorted(res.chosen) == [1, 2, 3] and not res.notes  # 25 m apart, and 75 is 25 m from 100


@pytest.mark.parametrize("method", METHODS)
def test_spacing_that_leaves_room_for_fewer_sites_says_so(method):
    demand = line(*range(0, 101, 5))
    # three candidates all within 25 m of each other: only one can be chosen
    res = st.maximize_coverage(demand, np.ones(21), line(0, 10, 20), NONE, 12, 2, method=method, min_spacing_m=25)
    assert list(res.chosen) == [1] and res.covered_weight == pytest.approx(5.0)
    assert "spacing" in res.notes
    # candidates blocked by an existing camera (and not by each other)
    res = st.maximize_coverage(demand, np.ones(21), line(0, 50), line(5), 12, 2, method=method, min_spacing_m=20)
    assert list(res.chosen) == [1]
    assert res.notes == ["blocked"]
    check_result(res, demand, np.ones(21), line(0, 50), line(5), 12, 1)


# --- n_new at its limits --------------------------------------------------------------------
@pytest.mark.parametrize("method", METHODS)
def test_no_new_sites_returns_existing_coverage(method):
    res = st.maximize_coverage(CLASSIC_D, CLASSIC_W, CLASSIC_C, line(30), 12, 0, method=method)
    assert len(res.chosen) == 0 and len(res.gains) == 0
    assert res.covered_weight == res.existing_weight == pytest.approx(4.0)
    res = st.maximize_coverage(CLASSIC_D, CLASSIC_W, CLASSIC_C, NONE, 12, 0, method=method)
    assert res.covered_weight == 0.0 and res.existing_weight == 0.0


@pytest.mark.parametrize("method", METHODS)
def test_every_candidate_chosen(method):
    demand, weights, cand, existing = random_instance(9, 300, 25, 2)
    res = st.maximize_coverage(demand, weights, cand, existing, 70.0, len(cand), method=method)
    assert sorted(res.chosen) == list(range(len(cand)))
    assert res.covered_weight == pytest.approx(brute_covered(demand, weights, np.vstack([existing, cand]), 70.0))
    check_result(res, demand, weights, cand, existing, 70.0, len(cand))


@pytest.mark.parametrize("method", METHODS)
def test_no_candidate_in_reach_of_any_demand(method):
    res = st.maximize_coverage(CLASSIC_D, CLASSIC_W, line(500, 600), line(0), 12, 1, method=method)
    assert len(res.chosen) == 1 and list(res.gains) == [0.0]
    assert res.covered_weight == res.existing_weight == pytest.approx(1.0)


# --- refused input -----------------------------------------------------------------------
TOMAKOMAI = np.array([[141.60, 42.63], [141.61, 42.64], [141.62, 42.635], [141.605, 42.645]])
GOOD = dict(demand_xy=CLASSIC_D, weights=CLASSIC_W, candidate_xy=CLASSIC_C, existing_xy=line(100), radius_m=12,
            n_new=2)


def refused(key: str, **changes):
    kwargs = {**GOOD, **changes}
    with pytest.raises(st.SitingError) as info:
        st.maximize_coverage(**kwargs)
    assert info.value.key == key, str(info.value)
    assert isinstance(info.value, ValueError)
    return info.value


@pytest.mark.parametrize("radius", [30, 50, 100, 500])
def test_longitude_latitude_refused(radius):
    err = refused("degrees", demand_xy=TOMAKOMAI, weights=np.ones(4), candidate_xy=TOMAKOMAI[:3] + 0.001,
                  existing_xy=TOMAKOMAI[:1] - 0.002, radius_m=radius)
    assert "EPSG:6680" in str(err)
    refused("degrees", demand_xy=TOMAKOMAI, weights=np.ones(4), candidate_xy=TOMAKOMAI[:3], existing_xy=NONE,
            radius_m=radius)


def test_longitude_latitude_refused_even_when_spread_wider_than_the_radius():
    # all of Hokkaido's south coast, 2 degrees wide, with a 1 m "radius"
    pts = np.column_stack([np.linspace(140.5, 142.5, 20), np.linspace(42.0, 42.8, 20)])
    refused("degrees", demand_xy=pts, weights=np.ones(20), candidate_xy=pts[::4], existing_xy=NONE, radius_m=1)


def test_swapped_latitude_longitude_refused():
    swapped = TOMAKOMAI[:, ::-1]
    refused("degrees", demand_xy=swapped, weights=np.ones(4), candidate_xy=swapped[:3], existing_xy=NONE, radius_m=30)


@pytest.mark.parametrize("demand,cand,radius", [
    (line(*np.linspace(0, 500, 51)), line(*np.arange(25, 500, 50)), 30),           # 0..500 m on a street
    (np.array([[0, 0], [40, 10], [80, 60], [120, 90], [150, 20]]), line(0, 60, 120), 30),  # within 180 x 90 m
    (np.array([[130.0, 30.0], [160.0, 40.0], [145.0, 45.0]]), np.array([[140.0, 35.0], [155.0, 42.0]]), 5),
    (np.array([[-1500.0, 200.0], [-1480.0, 260.0]]), np.array([[-1490.0, 230.0]]), 30),  # EPSG:6680-like
])
def test_small_metre_layouts_are_not_taken_for_degrees(demand, cand, radius):
    for method in METHODS:
        res = st.maximize_coverage(demand, np.ones(len(demand)), cand, NONE, radius, 1, method=method)
        check_result(res, np.asarray(demand, float), np.ones(len(demand)), np.asarray(cand, float), NONE, radius, 1)


@pytest.mark.parametrize("changes,key", [
    (dict(n_new=4), "n_too_large"),
    (dict(n_new=1, candidate_xy=NONE), "n_too_large"),
    (dict(n_new=-1), "n_negative"),
    (dict(n_new=2.5), "n_integer"),
    (dict(n_new=True), "n_integer"),
    (dict(n_new=float("nan")), "n_integer"),
    (dict(weights=[1.0, -2.0, 2.0, 1.0]), "weights_negative"),
    (dict(weights=[1.0, np.nan, 2.0, 1.0]), "weights_finite"),
    (dict(weights=[1.0, np.inf, 2.0, 1.0]), "weights_finite"),
    (dict(weights=[1.0, 2.0, 2.0]), "weights_length"),
    (dict(weights=[1.0, 2.0, 2.0, 1.0, 1.0]), "weights_length"),
    (dict(demand_xy=line(0, np.nan, 40, 60)), "not_finite"),
    (dict(demand_xy=np.array([[0, 0], [20, np.inf], [40, 0], [60, 0]])), "not_finite"),
    (dict(candidate_xy=line(30, np.nan, 50)), "not_finite"),
    (dict(existing_xy=line(np.nan)), "not_finite"),
    (dict(demand_xy=NONE, weights=[]), "empty"),
    (dict(demand_xy=[], weights=[]), "empty"),
    (dict(demand_xy=np.zeros((4, 3))), "shape"),
    (dict(demand_xy=np.arange(4.0)), "shape"),
    (dict(candidate_xy=np.zeros((3, 3))), "shape"),
    (dict(existing_xy=[1.0, 2.0, 3.0]), "shape"),
    (dict(radius_m=0), "radius"),
    (dict(radius_m=-30), "radius"),
    (dict(radius_m=float("nan")), "radius"),
    (dict(radius_m=float("inf")), "radius"),
    (dict(radius_m="thirty"), "radius"),
    (dict(min_spacing_m=-5), "spacing"),
    (dict(min_spacing_m=float("nan")), "spacing"),
    (dict(method="optimal"), "method"),
    (dict(method="Exact"), "method"),
])
def test_bad_input_is_refused_with_its_key(changes, key):
    refused(key, **changes)


def test_unknown_method_refused_by_solve_too():
    model = st.build_model(*st.validate(CLASSIC_D, CLASSIC_W, CLASSIC_C, NONE, 12, 1)[:5])
    with pytest.raises(st.SitingError) as info:
        st.solve(model, 1, "lp")
    assert info.value.key == "method"


def test_weights_settings_checked():
    with pytest.raises(st.SitingError) as info:
        st.Weights(child=-1).check()
    assert info.value.key == "weights_negative"
    with pytest.raises(st.SitingError) as info:
        st.Weights(0, 0, 0).check()
    assert info.value.key == "weights_zero"
    st.Weights().check()


# --- city layers (EPSG:6680) ---------------------------------------------------------------
def network(*rows: tuple[str, str, list[tuple[float, float]]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"line_id": [r[0] for r in rows], "school_ids": [r[1] for r in rows]},
                            geometry=[LineString(r[2]) for r in rows], crs=METRIC)


TWO_LINES = network(("L0", "S1", [(0, 0), (100, 0)]), ("L1", "S1,S2", [(100, 0), (100, 35)]))
# three lines meeting at (100, 0): a T junction
T_NET = network(("A", "S1", [(0, 0), (100, 0)]), ("B", "S1", [(100, 0), (200, 0)]),
                ("C", "S2", [(100, 0), (100, 100)]))


def test_demand_pieces_cut_the_network_into_short_pieces():
    pieces = st.demand_pieces(TWO_LINES)
    assert list(pieces.columns[:5]) == ["x", "y", "length_m", "line_id", "school_ids"]
    assert pieces["length_m"].sum() == pytest.approx(135.0)
    assert (pieces["length_m"] <= st.PIECE_M + 1e-9).all()
    assert (pieces["line_id"] == "L0").sum() == 10 and (pieces["line_id"] == "L1").sum() == 4
    assert pieces.loc[pieces["line_id"] == "L1", "length_m"].tolist() == pytest.approx([8.75] * 4)
    assert set(pieces.loc[pieces["line_id"] == "L1", "school_ids"]) == {"S1,S2"}
    # midpoints lie on their line
    l0 = pieces[pieces["line_id"] == "L0"]
    assert l0["x"].tolist() == pytest.approx([5, 15, 25, 35, 45, 55, 65, 75, 85, 95])
    assert (l0["y"] == 0).all()
    mids = shapely.points(pieces[["x", "y"]].to_numpy())
    on_line = shapely.distance(mids, shapely.union_all(TWO_LINES.geometry.values))
    assert (on_line < 1e-9).all()
    # coarser pieces still add up
    coarse = st.demand_pieces(T_NET, piece_m=30.0)
    assert coarse["length_m"].sum() == pytest.approx(300.0)
    assert (coarse["length_m"] <= 30.0 + 1e-9).all()


def test_spread_events_share_one_unit_per_event_near_a_route():
    xy = st.demand_pieces(TWO_LINES)[["x", "y"]].to_numpy()
    events = np.array([[50.0, 0.0], [100.0, 20.0], [1000.0, 1000.0], [np.nan, 0.0], [50.0, np.nan]])
    w, n_near = st.spread_events(xy, events, near_m=50.0)
    assert n_near == 2
    assert w.sum() == pytest.approx(2.0)
    # the event at (50, 0) reaches the ten pieces of L0 (5 .. 95 m) equally
    first = st.spread_events(xy, events[:1], near_m=50.0)[0]
    assert first[:10] == pytest.approx([0.1] * 10) and first[10:].sum() == 0
    # far away: counts nowhere
    far, k = st.spread_events(xy, np.array([[1000.0, 1000.0]]), near_m=50.0)
    assert k == 0 and far.sum() == 0
    empty, k = st.spread_events(xy, np.empty((0, 2)))
    assert k == 0 and empty.sum() == 0


def test_demand_weights_adds_length_child_and_crime_parts():
    pieces = st.demand_pieces(TWO_LINES)
    parts, counts = st.demand_weights(pieces, child_xy=[[50.0, 0.0]], crime_xy=[[100.0, 20.0], [900.0, 900.0]],
                                      weights=st.Weights(length=1.0, child=10.0, crime=2.0))
    assert counts == {"child": 1, "crime": 1}
    assert parts["w_length"].sum() == pytest.approx(1.35)  # 135 m of route at 1 per 100 m
    assert parts["w_child"].sum() == pytest.approx(10.0)
    assert parts["w_crime"].sum() == pytest.approx(2.0)
    parts_sum = (parts["w_length"] + parts["w_child"] + parts["w_crime"]).to_numpy()
    assert parts["weight"].to_numpy() == pytest.approx(parts_sum)


def test_candidate_sites_route_points_crossings_gates_and_parks():
    parks = gpd.GeoDataFrame({"park_id": ["P1", "P2"]},
                             geometry=[Polygon([(20, 30), (60, 30), (60, 70), (20, 70)]),    # 30 m from route A
                                       Polygon([(0, 500), (10, 500), (10, 510), (0, 510)])],  # far from any route
                             crs=METRIC)
    schools = gpd.GeoDataFrame({"school_id": ["S1", "S9"]}, geometry=[Point(160, -20), Point(150, 900)], crs=METRIC)
    sites = st.candidate_sites(T_NET, parks=parks, schools=schools, spacing_m=50.0)
    assert list(sites.columns) == ["site_id", "kind", "x", "y", "ref", "school_ids"]
    assert sites["site_id"].is_unique
    route = sites[sites["kind"] == "route"]
    pts = sorted(map(tuple, route[["x", "y"]].to_numpy().round(6)))
    assert pts == sorted([(25.0, 0.0), (75.0, 0.0), (125.0, 0.0), (175.0, 0.0), (100.0, 25.0), (100.0, 75.0)])
    crossing = sites[sites["kind"] == "crossing"]
    assert crossing[["x", "y"]].to_numpy().tolist() == [[100.0, 0.0]]
    gate = sites[sites["kind"] == "gate"]
    assert gate["ref"].tolist() == ["S1"]  # S9 is 900 m from any route
    assert gate[["x", "y"]].to_numpy().tolist() == [[160.0, 0.0]]
    park = sites[sites["kind"] == "park"]
    assert park["ref"].tolist() == ["P1"]
    px, py = park[["x", "y"]].to_numpy()[0]
    assert py == pytest.approx(30.0) and 20.0 <= px <= 60.0  # on the park's edge facing the route
    assert shapely.distance(Point(px, py), parks.geometry.iloc[0].boundary) < 1e-9
    # the schools of the nearest route line
    assert sites.set_index("kind").loc["gate", "school_ids"] == "S1"
    assert sites.loc[(sites["x"] == 100.0) & (sites["y"] == 75.0), "school_ids"].tolist() == ["S2"]


def test_two_lines_meeting_are_no_crossing_but_a_street_junction_on_the_route_is():
    sites = st.candidate_sites(TWO_LINES)
    assert set(sites["kind"]) == {"route"}
    assert sorted(map(tuple, sites[["x", "y"]].to_numpy())) == [(25.0, 0.0), (75.0, 0.0), (100.0, 25.0)]
    streets = network(("s1", "", [(60, 0), (60, -50)]), ("s2", "", [(60, 0), (10, -40)]),
                      ("s3", "", [(60, 0), (110, -40)]),                                     # meets at (60, 0), on L0
                      ("s4", "", [(300, 300), (300, 350)]), ("s5", "", [(300, 300), (350, 300)]),
                      ("s6", "", [(300, 300), (250, 300)]))                                  # far from the route
    sites = st.candidate_sites(TWO_LINES, streets=streets)
    assert sites.loc[sites["kind"] == "crossing", ["x", "y"]].to_numpy().tolist() == [[60.0, 0.0]]


def test_sites_within_merge_distance_become_one_by_kind_priority():
    schools = gpd.GeoDataFrame({"school_id": ["S1", "S2"]}, geometry=[Point(127, -30), Point(30, 40)], crs=METRIC)
    sites = st.candidate_sites(T_NET, schools=schools)
    # the gate at (127, 0) is 2 m from the route point at (125, 0): one site, the gate
    near = sites[np.hypot(sites["x"] - 126, sites["y"]) < 5]
    assert near["kind"].tolist() == ["gate"] and near["ref"].tolist() == ["S1"]
    assert near[["x", "y"]].to_numpy().tolist() == [[127.0, 0.0]]
    # the gate at (30, 0) is 5 m from the route point at (25, 0): within MERGE_M, one site
    near = sites[np.hypot(sites["x"] - 27.5, sites["y"]) < 5]
    assert near["kind"].tolist() == ["gate"]
    xy = sites[["x", "y"]].to_numpy()
    d = np.hypot(*(xy[:, None] - xy[None]).transpose(2, 0, 1))
    assert (d[np.triu_indices(len(xy), 1)] > st.MERGE_M).all()
    # a route point at a junction merges into the crossing
    sites = st.candidate_sites(T_NET, spacing_m=200.0)
    at = sites[(sites["x"] == 100.0) & (sites["y"] == 0.0)]
    assert at["kind"].tolist() == ["crossing"]



def test_user_sites_are_appended_and_generated_ids_kept():
    sites = st.candidate_sites(T_NET)
    mine = st.add_user_sites(sites, np.array([[101.0, 1.0], [100.0, 60.0]]), T_NET)
    assert len(mine) == len(sites) + 2
    # exclusions made before (by site_id) still point at the same places
    pd.testing.assert_frame_equal(mine.iloc[:len(sites)].reset_index(drop=True), sites.reset_index(drop=True),
                                  check_dtype=False)
    user = mine.iloc[len(sites):]
    assert user["kind"].tolist() == ["user", "user"]
    assert user[["x", "y"]].to_numpy().tolist() == [[101.0, 1.0], [100.0, 60.0]]
    assert user["school_ids"].tolist()[1] == "S2"  # on line C
    assert mine["site_id"].is_unique
    assert len(st.add_user_sites(sites, np.empty((0, 2)), T_NET)) == len(sites)


def test_near_sites_returns_indices_within_distance():
    sites = pd.DataFrame({"x": [0.0, 10.0, 20.0, 100.0], "y": [0.0, 0.0, 0.0, 0.0]})
    assert st.near_sites(sites, np.array([[0.0, 0.0]]), within_m=10.0).tolist() == [0, 1]  # 10 m is within
    assert st.near_sites(sites, np.array([[0.0, 0.0], [95.0, 0.0]]), within_m=5.0).tolist() == [0, 3]
    assert st.near_sites(sites, np.array([[500.0, 500.0]])).tolist() == []
    assert st.near_sites(sites, np.empty((0, 2))).tolist() == []
    assert st.near_sites(sites.iloc[:0], np.array([[0.0, 0.0]])).tolist() == []
