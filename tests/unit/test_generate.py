"""The national-scale generator (python -m benchmarks.generate): the app's schema, the city's patterns."""
from __future__ import annotations

import re
import subprocess
import sys

import duckdb
import pandas as pd
import pytest
import shapely

from benchmarks import generate as gen
from bohan.build import catalogue
from tests.conftest import ROOT
from tests.unit import test_build as build_checks  # its checks, called on the generated file

N = 20_000
TILES = 3
TILED_NAME = re.compile(r"^(.*) #(\d{4})$")


@pytest.fixture(scope="module")
def sample():
    """The sample city's tables, made once for every database this module generates."""
    from bohan.build.sample_city import sample_tables

    return sample_tables()


@pytest.fixture(scope="module")
def generated(sample, tmp_path_factory):
    """A generated database at 20,000 incidents and 3 tiles."""
    path = tmp_path_factory.mktemp("gen") / "bohan-20k.duckdb"
    counts = gen.generate(path, N, TILES, sample=sample)
    return path, counts


@pytest.fixture(scope="module")
def gcon(generated):
    c = duckdb.connect(str(generated[0]), read_only=True)
    yield c
    c.close()


def checksums(path) -> dict[str, tuple]:
    """Row count and an order-free sum of row hashes, table by table."""
    c = duckdb.connect(str(path), read_only=True)
    try:
        return {t: c.execute(f'SELECT count(*), sum(hash(x)::HUGEINT) FROM "{t}" AS x').fetchone()  # our tables
                for t in catalogue.SOURCES}
    finally:
        c.close()


def tile_of(name: str) -> tuple[str, int]:
    """(name in the city, tile) of a tiled police box or town name."""
    m = TILED_NAME.match(name)
    return (m.group(1), int(m.group(2))) if m else (name, 0)


def test_generate_passes_the_sample_databases_schema_checks(generated, gcon):
    """The file has the app's schema (as the app checks it) and passes the build's schema checks."""
    from bohan.cache import schema_differences

    assert schema_differences(generated[0]) == set()
    build_checks.test_every_table_and_column_is_catalogued(gcon)
    build_checks.test_every_data_table_says_its_source(gcon)
    for table in build_checks.CONTRACT:
        build_checks.test_contract_tables_and_columns(gcon, table)


def test_generate_keeps_every_key_and_not_null_rule(gcon):
    """Columns, NULL rules, defaults and constraints (primary keys) equal a fresh schema's."""
    from bohan.paths import QUERIES_DIR

    fresh = duckdb.connect()
    fresh.execute((QUERIES_DIR / "build" / "schema.sql").read_text(encoding="utf-8"))
    try:
        for table in catalogue.SOURCES:
            assert gen._shape(gcon, table) == gen._shape(fresh, table), table
    finally:
        fresh.close()


def test_generate_primary_key_refuses_a_duplicate(generated, tmp_path):
    """The incidents' primary key, added after the rows, is enforced like the schema's."""
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copy(generated[0], copy)
    c = duckdb.connect(str(copy))
    try:
        with pytest.raises(duckdb.ConstraintException):
            c.execute("INSERT INTO incidents SELECT * FROM incidents LIMIT 1")
        c.execute("INSERT INTO incidents SELECT * REPLACE ('new-1' AS incident_id) FROM incidents LIMIT 1")
    finally:
        c.close()


def test_generate_exact_row_counts(generated, gcon, sample):
    """N incidents, approaches to children in the sample's proportion, 12 boxes and 314 towns per tile."""
    _, counts = generated
    n_child = round(N * len(sample["child_approaches"]) / len(sample["incidents"]))
    assert counts == {"koban_areas": 12 * TILES, "towns": 314 * TILES, "town_population": 314 * TILES,
                      "incidents": N, "child_approaches": n_child}
    for table, n in counts.items():
        assert gcon.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == n  # our table names
    # the city's other tables are the city's
    for table in ("cameras", "street_lights", "schools", "school_routes", "survey_responses", "annual_offences"):
        assert gcon.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == len(sample[table])


def test_generate_same_seed_same_database(generated, sample, tmp_path):
    """The same arguments give the same content, table by table; another seed other incidents."""
    again = tmp_path / "again.duckdb"
    gen.generate(again, N, TILES, sample=sample)
    first = checksums(generated[0])
    assert checksums(again) == first
    other = tmp_path / "other.duckdb"
    gen.generate(other, N, TILES, seed=gen.SEED + 1, sample=sample)
    third = checksums(other)
    assert third["incidents"] != first["incidents"] and third["incidents"][0] == N
    assert third["towns"] == first["towns"] and third["cameras"] == first["cameras"]


def test_generate_tiles_have_their_own_names_and_places(gcon, sample):
    """Tile 0 is the city under its real names; every other tile has suffixed names and lies
    apart from every other tile (bounding boxes of police boxes and towns do not overlap)."""
    boxes = gcon.execute("SELECT koban, koban_name, geometry_wkt FROM koban_areas").df()
    towns = gcon.execute("SELECT town, town_base, koban, geometry_wkt FROM towns").df()
    city_boxes, city_towns = set(sample["koban_areas"]["koban"]), set(sample["towns"]["town"])
    for frame, name, city in ((boxes, "koban", city_boxes), (towns, "town", city_towns)):
        split = frame[name].map(tile_of)
        frame["tile"] = [t for _, t in split]
        assert sorted(set(frame["tile"])) == list(range(TILES))
        for tile, names in pd.Series([n for n, _ in split]).groupby(frame["tile"].to_numpy()):
            assert set(names) == city, (name, tile)
        assert frame[name].is_unique
    assert set(boxes.loc[boxes["tile"] == 0, "koban"]) == city_boxes
    # a town's box and base name carry its own tile's suffix
    assert (towns["koban"].map(lambda k: tile_of(k)[1]) == towns["tile"]).all()
    assert (towns["town_base"].map(lambda k: tile_of(k)[1]) == towns["tile"]).all()
    bounds = {}
    for tile in range(TILES):
        geoms = shapely.from_wkt(pd.concat([boxes.loc[boxes["tile"] == tile, "geometry_wkt"],
                                            towns.loc[towns["tile"] == tile, "geometry_wkt"]]).to_numpy())
        assert shapely.is_valid(geoms).all()
        bounds[tile] = shapely.box(*shapely.total_bounds(geoms))
    for a in range(TILES):
        for b in range(a + 1, TILES):
            assert not bounds[a].intersects(bounds[b]), (a, b)
    # a tile is the city moved: same areas, same shape
    city_area = shapely.from_wkt(sample["koban_areas"]["geometry_wkt"].to_numpy())
    for tile in range(TILES):
        moved = boxes[boxes["tile"] == tile].assign(base=lambda d: d["koban"].map(lambda k: tile_of(k)[0]))
        areas = dict(zip(moved["base"], shapely.area(shapely.from_wkt(moved["geometry_wkt"].to_numpy()))))
        expected = dict(zip(sample["koban_areas"]["koban"], shapely.area(city_area)))
        assert areas == pytest.approx(expected, rel=1e-6)


def test_generate_incidents_name_boxes_and_towns_that_exist(gcon):
    """Every incident's box is in koban_areas; every named town is in towns, served by that box;
    every located incident lies in its town (the build's own check)."""
    assert gcon.execute("SELECT count(*) FROM incidents ANTI JOIN koban_areas USING (koban)").fetchone()[0] == 0
    assert gcon.execute("""SELECT count(*) FROM incidents i LEFT JOIN towns t USING (town)
                           WHERE i.town IS NOT NULL AND (t.town IS NULL OR t.koban <> i.koban)""").fetchone()[0] == 0
    assert gcon.execute("""SELECT count(*) FROM child_approaches c LEFT JOIN towns t USING (town)
                           WHERE t.town IS NULL OR t.koban <> c.koban""").fetchone()[0] == 0
    build_checks.test_incident_points_inside_their_towns(gcon)
    per_tile = gcon.execute("SELECT coalesce(regexp_extract(koban, ' #(\\d+)$', 1), '') AS tile, count(*) AS n "
                            "FROM incidents GROUP BY 1").df()
    assert len(per_tile) == TILES and per_tile["n"].min() > 0.8 * N / TILES


def test_generate_dates_hours_and_years_hold_together(gcon):
    """Ids unique, police years 2014-2024, fiscal year April-March of the recording date,
    occurred_at = occurred_on + hour, as in the sample (the build's own column check too)."""
    row = gcon.execute("""
        SELECT count(DISTINCT incident_id), min(data_year), max(data_year),
               count(*) FILTER (WHERE year(recorded_on) <> data_year),
               count(*) FILTER (WHERE fiscal_year <> year(recorded_on) - CASE WHEN month(recorded_on) < 4
                                                                     THEN 1 ELSE 0 END),
               count(*) FILTER (WHERE occurred_at IS NOT NULL
                                AND (occurred_at::DATE <> occurred_on OR hour(occurred_at) <> hour)),
               count(*) FILTER (WHERE occurred_on > recorded_on),
               count(*) FILTER (WHERE source <> 'generated')
        FROM incidents""").fetchone()
    assert row == (N, 2014, 2024, 0, 0, 0, 0, 0)
    df = gcon.execute("SELECT * FROM incidents").df()
    assert df["hour"].dropna().between(0, 23).all()
    assert df["occurred_at"].isna().sum() >= df["hour"].isna().sum()
    build_checks.test_incident_seasonality_under_snow(gcon)
    assert gcon.execute("SELECT count(*) FROM incidents WHERE weekday IS DISTINCT FROM isodow(occurred_on) - 1"
                        ).fetchone()[0] == 0


def _shares(df: pd.DataFrame) -> dict[str, float]:
    hours = df["hour"].dropna().astype(int)
    koban = df["koban"].map(lambda k: tile_of(k)[0])
    out = {f"group {g}": v for g, v in df["offence_group"].value_counts(normalize=True).items()}
    out |= {f"place {p}": v for p, v in df["place_type"].value_counts(normalize=True).items()}
    out |= {f"box {k}": v for k, v in koban.value_counts(normalize=True).items()}
    out |= {f"year {y}": v for y, v in df["data_year"].value_counts(normalize=True).items()}
    out["night 18-6 h"] = ((hours >= 18) | (hours < 6)).mean()
    out["hour unknown"] = df["hour"].isna().mean()
    out["date unknown"] = df["occurred_on"].isna().mean()
    out["town unknown"] = df["town"].isna().mean()
    out["bicycle theft"] = (df["offence"] == "自転車盗").mean()
    return out


def test_generate_keeps_the_sample_citys_shares(gcon, sample):
    """Offence mix, places, boxes, years, night share and unknowns within 0.5 point of the city's."""
    got = _shares(gcon.execute("SELECT * FROM incidents").df())
    want = _shares(sample["incidents"])
    assert set(got) == set(want)
    far = {k: (round(got[k], 4), round(want[k], 4)) for k in want if abs(got[k] - want[k]) > 0.005}
    assert not far, far


def test_generate_serves_the_trends_page(generated, gcon, sample, monkeypatch):
    """The trend page opens on the generated file (BOHAN_DB) with no exception or error and counts every incident;
    its town filter, town ranking and maps cover the city's boxes (tile 0) until the filter names others."""
    import streamlit as st

    from tests.app.conftest import as_staff, open_page
    from tests.app.test_public_view import chart_rows, deck_rows

    monkeypatch.setenv("BOHAN_DB", str(generated[0]))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = open_page("pages/1_trends.py", "ja")
        assert not at.exception, [e.message for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        shown = next(m for m in at.metric if m.label == "件数").value
        assert int(shown.replace(",", "")) == N
        # town-level views cover the city (tile 0), not every tile's towns
        city_towns = set(sample["towns"]["town"])
        as_staff(at)
        options = next(m for m in at.sidebar.multiselect if m.key == "f_town").options
        assert set(options) == city_towns
        ranked = {r["town"]: r["n"] for r in chart_rows(at, "town")}
        assert ranked and set(ranked) <= city_towns
        truth = dict(gcon.execute("SELECT town, count(*) FROM incidents WHERE town IS NOT NULL GROUP BY town").fetchall())
        assert ranked == {town: truth.get(town, 0) for town in ranked}
        assert {r["koban"] for r in deck_rows(at)} == set(sample["koban_areas"]["koban"])
        at.radio(key="map_level").set_value("town").run()
        drawn = {r["town"]: r["n"] for r in deck_rows(at)}
        assert set(drawn) == city_towns and all(drawn[tw] == truth.get(tw, 0) for tw in drawn)
        # a box of another tile chosen: its own towns
        other = next(k for k in gcon.execute("SELECT koban FROM koban_areas").df()["koban"] if tile_of(k)[1] == 1)
        at.sidebar.multiselect(key="f_koban").set_value([other]).run()
        options = next(m for m in at.sidebar.multiselect if m.key == "f_town").options
        assert options and all(tile_of(tw)[1] == 1 for tw in options)
        assert set(r["town"] for r in deck_rows(at)) == set(options)
    finally:
        st.cache_data.clear()  # the next test's database is not this one
        st.cache_resource.clear()


def test_generate_vocabulary_reads_the_towns_in_view_only(gcon, sample):
    """On a file of many areas the filter's vocabulary reads a box's towns when asked for (the city's
    for the town filter), not every tile's; a box of another tile and a link's towns are read on demand."""
    from bohan.filters import CrimeFilter, Vocab

    v = Vocab.read(gcon)
    city = sample["towns"].dropna(subset=["koban"])
    assert set(v.home) == set(sample["koban_areas"]["koban"])
    assert v.towns_in_view() == [tw for k in v.home for tw in sorted(city.loc[city["koban"] == k, "town"])]
    assert set(v.towns._held) == set(v.home)  # no other tile's towns read
    other = next(k for k in v.kobans if tile_of(k)[1] == 2)
    truth = [r[0] for r in gcon.execute("SELECT town FROM towns WHERE koban = ? ORDER BY town", [other]).fetchall()]
    assert truth and list(v.towns[other]) == truth
    f, notes = CrimeFilter.from_url({"town": f"{truth[0]},どこにもない町"}, v, "en")
    assert f.town == (truth[0],) and len(notes) == 1 and "どこにもない町" in notes[0]


def _layer(at, layer_id: str) -> list[dict]:
    import json

    decks = [json.loads(d.proto.json) for d in at.get("deck_gl_json_chart")]
    return next(layer["data"] for deck in decks for layer in deck["layers"] if layer["id"] == layer_id)


@pytest.mark.parametrize("page", ["pages/2_map.py", "pages/5_survey.py", "pages/3_siting.py", "pages/6_report.py"])
def test_generate_city_pages_show_the_city(generated, sample, page, monkeypatch):
    """The map, survey, siting and report pages open on the generated file and draw the city's areas
    (tile 0), not every tile's; the pages say the data holds other areas too."""
    import json

    import streamlit as st

    from bohan.i18n import t
    from tests.app.conftest import as_staff, open_page

    monkeypatch.setenv("BOHAN_DB", str(generated[0]))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = open_page(page, "ja")
        if page == "pages/2_map.py":
            at = as_staff(at)
        assert not at.exception, [e.message for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        city_boxes = set(sample["koban_areas"]["koban"])
        if page == "pages/2_map.py":
            assert t("scope.note", "ja", total=12 * TILES, n=12) in [c.value for c in at.caption]
            assert {r["town"] for r in _layer(at, "towns_base")} == set(sample["towns"]["town"])
            assert _layer(at, "hotspots")
        if page == "pages/5_survey.py":
            assert {r["koban"] for r in _layer(at, "areas")} == city_boxes
            # the maps open on the city's built-up area, not on the middle of every tile
            city = shapely.from_wkt(sample["boundary"]["geometry_wkt"].iloc[0])
            for d in at.get("deck_gl_json_chart"):
                view = json.loads(d.proto.json)["initialViewState"]
                assert city.contains(shapely.Point(view["longitude"], view["latitude"])), view
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


def test_generate_failure_leaves_nothing(sample, tmp_path, monkeypatch):
    """A run that fails half-way leaves an existing file untouched and no temporary files."""
    target = tmp_path / "bohan.duckdb"
    target.write_bytes(b"previous database")

    def broken(con):
        raise RuntimeError("disk full")

    monkeypatch.setattr(gen.derived, "refresh", broken)
    with pytest.raises(RuntimeError):
        gen.generate(target, 100, 1, sample=sample)
    assert target.read_bytes() == b"previous database"
    assert [p.name for p in tmp_path.iterdir()] == ["bohan.duckdb"]


@pytest.mark.parametrize("argv, says", [
    (["--incidents", "0"], "--incidents must be at least 1"),
    (["--incidents", "10", "--tiles", "0"], "--tiles must be between 1"),
    (["--incidents", "ten"], "invalid int value"),
    (["--incidents", "10", "--out", "{file}/x.duckdb"], "cannot create the folder"),
    (["--incidents", "10", "--out", "{dir}"], "is a folder"),
    (["--out", "{dir}/x.duckdb"], "required: --incidents"),
])
def test_generate_refuses_bad_arguments(tmp_path, capsys, argv, says):
    """A bad argument: one line on stderr saying what is wrong, status 2, nothing written."""
    (tmp_path / "a-file").write_text("x")
    argv = [a.format(file=tmp_path / "a-file", dir=tmp_path) for a in argv]
    if "--out" not in argv:
        argv += ["--out", str(tmp_path / "x.duckdb")]
    assert gen.main(argv) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_generate_runs_as_a_module_with_help():
    """``python -m benchmarks.generate --help`` works (benchmarks stays a namespace package) and
    explains the tiles, the seed and the output."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.generate", "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    for words in ("--incidents N", "--out PATH", "--tiles K", "--seed S", "tile", "same database"):
        assert words in done.stdout, words
    assert not (ROOT / "benchmarks" / "__init__.py").exists()
