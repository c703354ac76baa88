"""Gi* hotspots on H3 cells, concentration and zoom-to-resolution (bohan.hotspots)."""
from __future__ import annotations

import h3
import numpy as np
import pandas as pd
import pytest

from bohan import hotspots as hs

CENTRE = (42.64, 141.60)  # Tomakomai
CLUSTER = (42.655, 141.62)
M_PER_DEG_LAT = 111_320.0
M_PER_DEG_LON = M_PER_DEG_LAT * np.cos(np.radians(CENTRE[0]))


def uniform_points(rng, n, half_m=5_000):
    """``n`` points uniform over a square of side ``2 * half_m`` metres around CENTRE."""
    lat = CENTRE[0] + rng.uniform(-half_m, half_m, n) / M_PER_DEG_LAT
    lon = CENTRE[1] + rng.uniform(-half_m, half_m, n) / M_PER_DEG_LON
    return lat, lon


def cluster_points(rng, n, radius_m=300):
    """``n`` points uniform in a disc of ``radius_m`` around CLUSTER."""
    ang = rng.uniform(0, 2 * np.pi, n)
    r = radius_m * np.sqrt(rng.uniform(0, 1, n))
    return CLUSTER[0] + r * np.sin(ang) / M_PER_DEG_LAT, CLUSTER[1] + r * np.cos(ang) / M_PER_DEG_LON


def metres_from_cluster(cell):
    return h3.great_circle_distance(h3.cell_to_latlng(cell), CLUSTER, "m")


@pytest.fixture(scope="module")
def planted():
    """1,000 uniform points over 10 x 10 km plus 100 within 300 m of one spot (seeded)."""
    rng = np.random.default_rng(7)
    lat1, lon1 = uniform_points(rng, 1_000)
    lat2, lon2 = cluster_points(rng, 100)
    cells = hs.cells_from_points(np.r_[lat1, lat2], np.r_[lon1, lon2])
    return cells, hs.gi_star(cells)


def test_cells_from_points_counts_per_cell():
    """Points are counted per H3 cell; missing coordinates are skipped."""
    cells = hs.cells_from_points([42.64, 42.64, np.nan, 42.70], [141.60, 141.60, 141.6, 141.60], 9)
    assert list(cells.columns) == ["cell", "n"]
    assert cells["n"].sum() == 3
    assert cells.set_index("cell").loc[h3.latlng_to_cell(42.64, 141.60, 9), "n"] == 2


def test_gi_star_planted_cluster_is_hot(planted):
    """The planted cluster's cells are hot, and no cell far from it is."""
    _, result = planted
    assert result.testable
    hot = result.cells.loc[result.cells["cls"] == "hot", "cell"]
    assert len(hot) >= 3
    assert h3.latlng_to_cell(*CLUSTER, 9) in set(hot)
    assert max(metres_from_cluster(c) for c in hot) < 800
    assert set(result.cells.columns) == {"cell", "n", "z", "p", "cls", "boundary"}
    assert result.fdr_cutoff > 0


def test_gi_star_uniform_noise_has_no_hotspots():
    """Uniform noise alone gives no hot or cold cells after the FDR cut-off."""
    rng = np.random.default_rng(11)
    result = hs.gi_star(hs.cells_from_points(*uniform_points(rng, 1_500)))
    assert result.testable
    assert result.n_hot == 0 and result.n_cold == 0


def test_gi_star_same_seed_same_result(planted):
    """The same input and seed give identical z, p and classes."""
    cells, first = planted
    again = hs.gi_star(cells)
    pd.testing.assert_frame_equal(first.cells.drop(columns="boundary"), again.cells.drop(columns="boundary"))


@pytest.mark.parametrize("cells", [None, pd.DataFrame({"cell": [], "n": []})])
def test_gi_star_empty_input_is_not_testable(cells):
    """Empty input gives testable=False with a reason, and no exception."""
    result = hs.gi_star(cells)
    assert not result.testable and result.reason == "empty"
    assert "no incidents" in result.describe("en")


def test_gi_star_too_few_cells_is_all_ns():
    """One cell and its ring (7 cells) is too small: every cell 'ns'."""
    cell = h3.latlng_to_cell(*CENTRE, 9)
    result = hs.gi_star(pd.DataFrame({"cell": [cell], "n": [5]}))
    assert not result.testable and result.reason == "too_few_cells"
    assert set(result.cells["cls"]) == {"ns"}


def test_gi_star_empty_neighbourhoods_are_not_cold():
    """Sparse counts: cells whose whole neighbourhood is empty are not called cold."""
    rng = np.random.default_rng(3)
    result = hs.gi_star(hs.cells_from_points(*uniform_points(rng, 300)))
    assert result.n_cold == 0


def test_describe_names_the_method_in_both_languages(planted):
    """describe() says what was computed, in Japanese and English."""
    _, result = planted
    assert "Getis-Ord Gi*" in result.describe("ja") and "解像度9" in result.describe("ja")
    assert "false discovery rate 5 %" in result.describe("en")


def test_concentration_one_cell_of_twenty_is_100():
    """All incidents in one cell of 20 (top 5 % = 1 cell) gives 100.0."""
    ids = sorted(h3.grid_disk(h3.latlng_to_cell(*CENTRE, 9), 3))[:20]
    cells = pd.DataFrame({"cell": ids, "n": [50] + [0] * 19})
    assert hs.concentration(cells) == 100.0


def test_concentration_uniform_is_about_5():
    """Equal counts in every cell give about 5 % in the top 5 % of cells."""
    ids = list(h3.grid_disk(h3.latlng_to_cell(*CENTRE, 9), 10))  # 331 cells -> top 17
    assert hs.concentration(pd.DataFrame({"cell": ids, "n": 4})) == pytest.approx(5.1, abs=0.1)


def test_concentration_area_cells_add_empty_area():
    """area_cells widens the denominator: 10 busy cells among 200 city cells -> 100 %."""
    ids = sorted(h3.grid_disk(h3.latlng_to_cell(*CENTRE, 9), 8))[:200]
    cells = pd.DataFrame({"cell": ids[:10], "n": 1})
    assert hs.concentration(cells) == 10.0
    assert hs.concentration(cells, area_cells=ids) == 100.0
    assert np.isnan(hs.concentration(cells.iloc[:0]))


@pytest.mark.parametrize(("zoom", "expected"), [(0, 6), (10, 7), (13, 9), (15, 10), (22, 10), (None, 9)])
def test_resolution_for_zoom_maps_and_bounds(zoom, expected):
    """Zoom 10 -> 7, 13 -> 9, 15 -> 10, bounded to 6-10."""
    assert hs.resolution_for_zoom(zoom) == expected


def test_parent_sql_matches_h3():
    """The SQL parent expression gives h3's cell_to_parent, in DuckDB without an extension."""
    import duckdb

    cell = h3.latlng_to_cell(*CENTRE, 10)
    con = duckdb.connect()
    sql = f"SELECT {hs.parent_sql('c', 8)} FROM (SELECT $c::UBIGINT AS c)"
    got = con.execute(sql, {"c": h3.str_to_int(cell)}).fetchone()[0]
    assert h3.int_to_str(got) == h3.cell_to_parent(cell, 8)


def _sorted_reference_p(y, adjacency, z, permutations, seed):
    """The permutation p-values computed the plain way (each (k, own count) pair's pool built and its
    simulated sums sorted), to check the counting shortcut in hotspots._permutation_p against."""
    adj = adjacency.tocsr()
    card = np.diff(adj.indptr)
    observed = np.asarray(adj @ y).ravel().astype(np.int64)
    draws = hs._distinct_draws(np.random.default_rng(seed), len(y) - 1, int(card.max()), permutations)
    y_sorted = np.sort(y)
    upper, lower = np.empty(len(y)), np.empty(len(y))
    for (k, v), members in pd.DataFrame({"k": card, "v": y}).groupby(["k", "v"]).indices.items():
        if k == 0:
            upper[members] = lower[members] = permutations
            continue
        sims = np.sort(np.delete(y_sorted, np.searchsorted(y_sorted, v))[draws[:, :k]].sum(axis=1))
        upper[members] = permutations - np.searchsorted(sims, observed[members], side="left")
        lower[members] = np.searchsorted(sims, observed[members], side="right")
    p = np.where(z > 0, upper + 1.0, np.where(z < 0, lower + 1.0, permutations + 1.0))
    return np.minimum(p / (permutations + 1.0), 1.0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_permutation_p_equals_sorting_every_simulated_distribution(seed):
    """The p-values (what decides hot and cold cells) are exactly those of simulating each
    neighbourhood and sorting it: sparse counts with ties, cells of 0-18 neighbours, both signs."""
    import scipy.sparse as sp

    rng = np.random.default_rng(seed)
    n = 400
    y = np.where(rng.random(n) < 0.6, 0, rng.poisson(3, n) + rng.integers(0, 40, n) * (rng.random(n) < 0.1))
    rows, cols = [], []
    for i in range(n):
        k = int(rng.choice([0, 6, 6, 18, 3]))
        nb = rng.choice(np.delete(np.arange(n), i), size=k, replace=False)
        rows += [i] * k
        cols += list(nb)
    adjacency = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    z = rng.normal(size=n)
    z[::7] = 0
    got = hs._permutation_p(y, adjacency, z, 2_999, seed)
    np.testing.assert_array_equal(got, _sorted_reference_p(y, adjacency, z, 2_999, seed))
    assert got.min() < 0.05 < got.max()  # both ends occur: the comparison is not vacuous
