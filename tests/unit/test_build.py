"""The built sample city: the plan's figures come out exactly, and the data holds together."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from bohan.build import catalogue

PLAN_BOX_ORDER_2023 = ["糸井", "美園", "木場", "駅前", "沼ノ端北"]
KOBAN_12 = {"糸井", "美園", "木場", "駅前", "沼ノ端北", "沼ノ端", "錦岡", "双葉", "弥生", "本町", "山手", "勇払"}


def q(con, sql: str, params=None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def test_annual_offences_plan_figures_exact(con):
    """The plan's four yearly figures are stored exactly and marked source = plan."""
    df = q(con, "SELECT year, offences, source FROM annual_offences ORDER BY year").set_index("year")
    assert df.loc[2003, "offences"] == 3826
    assert df.loc[2019, "offences"] == 1028
    assert df.loc[2020, "offences"] == 660
    assert df.loc[2023, "offences"] == 929
    assert set(df.index[df["source"] == "plan"]) == {2003, 2019, 2020, 2023}
    assert set(df["source"]) == {"plan", "sample"}


def test_annual_offences_shape_of_the_series(con):
    """2003 is the peak, 2020 the low point, falling until 2020 and rising from 2021 to 2023."""
    s = q(con, "SELECT year, offences FROM annual_offences ORDER BY year").set_index("year")["offences"]
    assert s.index.min() == 2003 and s.index.max() >= 2024
    assert s.idxmax() == 2003 and s.idxmin() == 2020
    falling = s.loc[2003:2020]
    assert (falling.diff().dropna() < 0).all()
    assert s[2020] < s[2021] < s[2022] < s[2023]


def test_incidents_add_up_to_yearly_totals(con):
    """Each calendar year's incident rows add up to that year's city total, 2014-2024."""
    df = q(con, """SELECT a.year, a.offences, count(i.incident_id) AS n
                   FROM annual_offences a LEFT JOIN incidents i ON i.data_year = a.year
                   WHERE a.year BETWEEN 2014 AND 2024 GROUP BY ALL ORDER BY a.year""")
    assert len(df) == 11
    assert (df["n"] == df["offences"]).all(), df[df["n"] != df["offences"]]


def test_theft_largest_group_and_bicycle_share(con):
    """Theft is the largest group every year; bicycle theft is 27-33 % of theft."""
    df = q(con, """SELECT data_year, offence_group, count(*) AS n,
                          count(*) FILTER (WHERE offence = '自転車盗') AS bikes
                   FROM incidents GROUP BY ALL""")
    for year, g in df.groupby("data_year"):
        top = g.sort_values("n", ascending=False).iloc[0]
        assert top["offence_group"] == "窃盗犯", year
        share = top["bikes"] / top["n"] * 100
        assert 27 <= share <= 33, (year, share)


def test_koban_order_2023_as_in_plan(con):
    """2023: 糸井 > 美園 > 木場 > 駅前 > 沼ノ端北, and the fifth above every other box."""
    df = q(con, "SELECT koban, count(*) AS n FROM incidents WHERE data_year = 2023 GROUP BY koban ORDER BY n DESC")
    assert df["koban"].head(5).tolist() == PLAN_BOX_ORDER_2023
    assert df["n"].is_unique or df["n"].head(6).is_unique
    assert df["n"].iloc[4] > df["n"].iloc[5]
    assert set(df["koban"]) == KOBAN_12


def test_incident_columns_and_vocabularies(con):
    """Incidents carry the contract's columns; hours are 0-23 or NULL; boxes are the 12."""
    cols = set(q(con, "SELECT * FROM incidents LIMIT 0").columns)
    assert {"incident_id", "data_year", "fiscal_year", "occurred_at", "hour", "offence_group", "offence",
            "koban", "town", "place_type", "lat", "lon", "source"} <= cols
    df = q(con, "SELECT * FROM incidents")
    assert set(df["offence_group"]) == {"凶悪犯", "粗暴犯", "窃盗犯", "知能犯", "風俗犯", "その他"}
    assert set(df["koban"]) == KOBAN_12
    assert {"道路上", "公園", "駐車（輪）場"} <= set(df["place_type"])
    hours = df["hour"].dropna()
    assert hours.between(0, 23).all()
    assert 0.02 < df["hour"].isna().mean() < 0.35  # unknown hours exist, as in police data
    assert df["occurred_at"].isna().sum() >= df["hour"].isna().sum()
    assert (df["source"] == "sample").all()
    known = df.dropna(subset=["occurred_at"])
    assert (known["occurred_at"].dt.hour == known["hour"]).all()
    # the stored weekday (what a weekday filter reads) is the occurrence date's, NULL without one
    dated = df["occurred_on"].notna()
    assert (df.loc[dated, "weekday"] == df.loc[dated, "occurred_on"].dt.day_of_week).all()
    assert df.loc[~dated, "weekday"].isna().all() and (~dated).any()


def test_incident_seasonality_under_snow(con):
    """Bicycle theft nearly stops from December to February (the real Tomakomai pattern)."""
    df = q(con, """SELECT month(occurred_on) AS m, count(*) AS n FROM incidents
                   WHERE offence = '自転車盗' AND occurred_on IS NOT NULL GROUP BY m""").set_index("m")["n"]
    winter = df.reindex([12, 1, 2]).fillna(0).sum()
    autumn = df.reindex([7, 8, 9, 10]).sum()
    assert winter * 5 < autumn


def test_incident_points_inside_their_towns(con):
    """Every located incident lies inside its (approximate) town area and the city."""
    towns = q(con, "SELECT town, geometry_wkt FROM towns")
    cells = dict(zip(towns["town"], shapely.from_wkt(towns["geometry_wkt"])))
    inc = q(con, "SELECT town, lat, lon FROM incidents WHERE town IS NOT NULL")
    inside = [
        shapely.contains_xy(cells[t], g["lon"].to_numpy(), g["lat"].to_numpy()).mean() for t, g in inc.groupby("town")
    ]
    assert min(inside) > 0.98  # snapping to a street on a town edge may cross by a metre
    unlocated = q(con, "SELECT count(*) AS n FROM incidents WHERE town IS NULL").iloc[0, 0]
    assert 0 < unlocated < 0.02 * len(inc)


def test_child_approaches_as_in_plan(con):
    """Falling each year since 2022; busiest hours 15 and 16; most on roads and in parks."""
    per_year = q(con, "SELECT data_year, count(*) AS n FROM child_approaches GROUP BY 1 ORDER BY 1").set_index("data_year")["n"]
    assert per_year[2022] > per_year[2023] > per_year[2024]
    hours = q(con, "SELECT hour, count(*) AS n FROM child_approaches GROUP BY 1 ORDER BY n DESC")
    assert set(hours["hour"].head(2)) == {15, 16}
    assert hours["n"].iloc[1] > hours["n"].iloc[2]
    places = q(con, "SELECT place_type, count(*) AS n FROM child_approaches GROUP BY 1 ORDER BY n DESC")
    assert places["place_type"].head(2).tolist() == ["道路上", "公園"]
    by_year = q(con, "SELECT data_year, hour, count(*) AS n FROM child_approaches GROUP BY ALL")
    for year, g in by_year.groupby("data_year"):
        g = g.sort_values("n", ascending=False)
        assert set(g["hour"].head(2)) == {15, 16}, year


def test_fraud_2023_as_in_plan(con):
    """Special fraud 2023: 4 cases, about 12 million yen lost."""
    n, yen = con.execute("SELECT count(*), sum(damage_yen) FROM fraud_cases WHERE data_year = 2023").fetchone()
    assert n == 4
    assert round(yen / 1_000_000) == 12


def test_street_cameras_26_as_of_fy2024(con):
    """The plan's 26 street cameras by FY2024, placed near stations, parks and school routes."""
    df = q(con, "SELECT * FROM cameras WHERE kind = 'street'")
    assert len(df) == 26
    assert (df["installed_fy"] <= 2024).all() and (df["status"] == "active").all()
    assert set(df["site_type"]) == {"駅周辺", "公園", "通学路"}


def test_street_lights_thousands_some_out(con):
    """Several thousand lights, both kinds, 2-8 % out of order."""
    df = q(con, "SELECT kind, status FROM street_lights")
    assert len(df) >= 3000
    assert set(df["kind"]) == {"防犯灯", "街路灯"}
    assert set(df["status"]) == {"lit", "out"}
    assert 0.02 <= (df["status"] == "out").mean() <= 0.08


def test_towns_and_koban_areas_from_real_geography(con):
    """314 real towns, each served by one of the 12 boxes; every box serves a town."""
    towns = q(con, "SELECT * FROM towns")
    assert len(towns) == 314 and towns["town"].is_unique
    assert set(towns["koban"]) == KOBAN_12
    assert towns["area_approximate"].all()
    areas = q(con, "SELECT koban, n_towns, geometry_wkt FROM koban_areas")
    assert set(areas["koban"]) == KOBAN_12 and areas["n_towns"].sum() == 314
    assert shapely.from_wkt(areas["geometry_wkt"]).tolist()


def test_schools_real_and_each_has_routes(con):
    """The 37 real schools keep the reference's names; every school has a route."""
    schools = q(con, "SELECT * FROM schools")
    assert len(schools) == 37
    assert {"糸井小学校", "緑陵中学校", "植苗小中学校"} <= set(schools["name"])
    assert set(schools["level"]) == {"小学校", "中学校", "義務教育学校/小中併置"}
    routes = q(con, "SELECT school_id, length_m FROM school_routes")
    assert set(routes["school_id"]) == set(schools["school_id"])
    assert (routes["length_m"] > 0).all()


def test_survey_reproduces_plan_table(con):
    """Survey shares reproduce the plan's awareness table, 11.5 % and satisfaction exactly."""
    df = q(con, "SELECT * FROM survey_responses")
    share = lambda s: round(s.mean() * 100, 1)  # noqa: E731
    expected = {2024: (53.3, 39.3, 92.6), 2019: (44.8, 48.9, 93.7), 2014: (34.9, 51.9, 86.8)}
    for fy, (always, rather, subtotal) in expected.items():
        w = df[df["fiscal_year"] == fy]
        assert len(w) == 1000
        assert share(w["awareness"] == "常に意識している") == always
        assert share(w["awareness"] == "どちらかといえば意識している") == rather
        assert share(w["awareness"].isin(["常に意識している", "どちらかといえば意識している"])) == subtotal
    w24, w19 = df[df["fiscal_year"] == 2024], df[df["fiscal_year"] == 2019]
    assert share(w24["activity"].str.startswith("関心はあるし、活動に参加している")) == 11.5
    satisfied = ["満足している", "どちらかといえば満足している"]
    assert share(w19["satisfaction"].isin(satisfied)) == 14.4
    assert share(w24["satisfaction"].isin(satisfied)) == 18.6


def test_plan_indicators_table(con):
    """Indicators and activity targets carry the plan's baseline, latest and target values."""
    df = q(con, "SELECT * FROM plan_indicators").set_index("indicator_id")
    assert df.loc["offences", ["baseline_value", "latest_value", "target_value"]].tolist() == [1028, 929, 650]
    assert df.loc["satisfaction", ["baseline_value", "latest_value", "target_value"]].tolist() == [14.4, 18.6, 25]
    assert df.loc["info_activities", ["baseline_value", "target_value"]].tolist() == [220, 300]
    assert df.loc["nagara_participants", ["baseline_value", "target_value"]].tolist() == [1100, 2000]
    assert df.loc["street_cameras", ["baseline_value", "target_value"]].tolist() == [26, 40]
    assert (df["source"] == "plan").all()
    measures = q(con, "SELECT viewpoint, count(*) AS n FROM plan_measures GROUP BY 1")
    assert sorted(measures["viewpoint"]) == [1, 2, 3]


def test_every_table_and_column_is_catalogued(con):
    """The data page can describe every table (source, licence) and every column."""
    tables = set(q(con, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")["table_name"])
    sources = q(con, "SELECT * FROM data_sources")
    assert set(sources["table_name"]) == tables
    assert sources["description_ja"].str.len().gt(0).all() and sources["description_en"].str.len().gt(0).all()
    dictionary = q(con, "SELECT * FROM data_dictionary")
    columns = q(con, "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'")
    assert len(dictionary) == len(columns)
    missing = dictionary[(dictionary["description_ja"] == "") | (dictionary["description_en"] == "")]
    assert missing.empty, missing[["table_name", "column_name"]].values.tolist()
    assert set(catalogue.SOURCES) == tables


def test_every_data_table_says_its_source(con):
    """Every data table has a ``source`` column, and its values are plan, sample or a data set
    (derived tables, made from those, excepted)."""
    from bohan.build import derived

    for table in catalogue.SOURCES:
        if table in ("data_sources", "data_dictionary", *derived.TABLES):
            continue
        values = set(q(con, f'SELECT DISTINCT source FROM "{table}"')["source"])  # our own table names
        assert values and None not in values, table


def test_build_is_deterministic(built_db, tmp_path):
    """Two builds give the same content, table by table."""
    from bohan import db
    from bohan.build.sample_city import build_database

    again = build_database(tmp_path / "again.duckdb")
    a, b = db.connect(built_db), db.connect(again)
    try:
        for table in catalogue.SOURCES:
            left = a.execute(f'SELECT * FROM "{table}" ORDER BY ALL').df()
            right = b.execute(f'SELECT * FROM "{table}" ORDER BY ALL').df()
            pd.testing.assert_frame_equal(left, right, obj=table)
    finally:
        a.close()
        b.close()


def test_failed_build_leaves_existing_database(tmp_path, monkeypatch):
    """A build that fails half-way leaves the previous file untouched and no temporary files."""
    from bohan.build import sample_city

    target = tmp_path / "bohan.duckdb"
    target.write_bytes(b"previous database")

    def broken(tables, out):
        out.write_bytes(b"half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(sample_city, "write_database", broken)
    monkeypatch.setattr(sample_city, "sample_tables", lambda progress=None: {})
    with pytest.raises(RuntimeError):
        sample_city.build_database(target)
    assert target.read_bytes() == b"previous database"
    assert [p.name for p in tmp_path.iterdir()] == ["bohan.duckdb"]


def test_apportion_keeps_total():
    """Largest-remainder apportionment always sums to the total and follows the weights."""
    from bohan.build.crime import apportion

    out = apportion(929, [0.16, 0.14, 0.121, 0.106, 0.094])
    assert out.sum() == 929
    assert list(out) == sorted(out, reverse=True)
    assert apportion(5, [1, 1, 1]).tolist() == [2, 2, 1]
    assert np.all(apportion(0, [1, 2]) == 0)


CONTRACT = {
    "incidents": ["incident_id", "data_year", "fiscal_year", "occurred_at", "hour", "offence_group", "offence",
                  "koban", "town", "place_type", "lat", "lon", "source"],
    "annual_offences": ["year", "offences", "source"],
    "child_approaches": ["occurred_at", "hour", "place_type", "koban", "town", "lat", "lon", "source"],
    "fraud_cases": ["data_year", "damage_yen", "source"],
    "survey_responses": ["fiscal_year", "respondent_id", "age_band", "area"],
    "cameras": ["camera_id", "kind", "lat", "lon", "installed_fy", "status"],
    "street_lights": ["light_id", "kind", "lat", "lon", "status"],
    "schools": ["school_id", "name", "level", "lat", "lon"],
    "school_routes": [], "towns": [], "koban_areas": [], "plan_indicators": [],
}


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_contract_tables_and_columns(con, table):
    """The tables and columns that other tools read exist under their agreed names."""
    cols = set(q(con, f'SELECT * FROM "{table}" LIMIT 0').columns)  # table names from CONTRACT
    assert set(CONTRACT[table]) <= cols
    assert q(con, f'SELECT count(*) AS n FROM "{table}"')["n"].iloc[0] > 0
    types = dict(con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]
    ).fetchall())
    if "occurred_at" in types:
        assert types["occurred_at"] == "TIMESTAMP"


def test_indicator_values_carry_the_plans_figures_exactly(con):
    """Progress tracking starts from the plan's own numbers, each marked as the plan's."""
    v = con.execute("SELECT indicator_id, year, value, n, source FROM indicator_values").df()
    got = {(r.indicator_id, r.year): (r.value, r.source) for r in v.itertuples()}
    for key, value in {("offences", 2019): 1028, ("offences", 2020): 660, ("offences", 2023): 929,
                       ("satisfaction", 2019): 14.4, ("satisfaction", 2024): 18.6, ("info_activities", 2024): 220,
                       ("nagara_participants", 2024): 1100, ("street_cameras", 2024): 26}.items():
        assert got[key] == (value, "plan"), key
    # the other offence years are the yearly totals the trend page shows
    annual = dict(con.execute("SELECT year, offences FROM annual_offences WHERE year >= 2019").fetchall())
    assert {y: got[("offences", y)][0] for y in annual} == annual
    # survey shares are the sample respondents' own share
    n = con.execute("SELECT count(*) FROM survey_responses WHERE fiscal_year = 2024").fetchone()[0]
    sat = con.execute("SELECT count(*) FROM survey_responses WHERE fiscal_year = 2024 AND satisfaction IN "
                      "('満足している', 'どちらかといえば満足している')").fetchone()[0]
    assert round(100 * sat / n, 1) == 18.6 and set(v.loc[v["indicator_id"] == "satisfaction", "n"]) == {n}
    # street cameras counted from the cameras table
    cams = con.execute("SELECT count(*) FROM cameras WHERE kind = 'street' AND installed_fy <= 2025").fetchone()[0]
    assert got[("street_cameras", 2025)][0] == cams


def test_town_population_covers_every_town_and_the_city_total(con):
    row = con.execute("SELECT count(*), sum(population), min(population), count(DISTINCT town) FROM town_population").fetchone()
    towns = con.execute("SELECT count(*) FROM towns").fetchone()[0]
    assert row[0] == row[3] == towns
    assert row[1] == 170_000 and row[2] > 0
    per_box = con.execute("SELECT min(p) FROM (SELECT sum(population) p FROM town_population JOIN towns USING (town) "
                          "GROUP BY koban)").fetchone()[0]
    assert per_box >= 500  # rates per 1,000 residents are published only for areas of 500 or more


def test_incidents_are_stored_box_by_box(con):
    """The built incidents are written in the storage order (police box, town, date), so that a
    box or town filter reads only that box's rows (bohan.build.derived.INCIDENT_ORDER)."""
    from bohan.build import derived

    order = ", ".join(derived.INCIDENT_ORDER)
    stored = con.execute(f"SELECT {order} FROM incidents ORDER BY rowid").fetchall()  # our own column names
    assert stored == con.execute(f"SELECT {order} FROM incidents ORDER BY {order} NULLS LAST, rowid").fetchall()
