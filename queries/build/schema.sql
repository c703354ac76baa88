-- The database schema: every table the build writes and the app reads.
-- Build-stage SQL (run by bohan.build only). Coordinates are WGS84 degrees; geometries are
-- WKT in WGS84; lengths and areas were measured in EPSG:6680 (metres).
-- Every data table has `source`: 'plan' (the plan's own figure), 'sample' (generated) or the
-- name of a real data set.

CREATE TABLE boundary (
    name VARCHAR, city_code VARCHAR, geometry_wkt VARCHAR, source VARCHAR
);
CREATE TABLE towns (
    town VARCHAR PRIMARY KEY, town_base VARCHAR, chome INTEGER, town_police_style VARCHAR,
    koban VARCHAR, lat DOUBLE, lon DOUBLE, area_m2 DOUBLE, area_approximate BOOLEAN,
    urban BOOLEAN, geometry_wkt VARCHAR, source VARCHAR
);
CREATE TABLE koban_areas (
    koban VARCHAR PRIMARY KEY, koban_name VARCHAR, lat DOUBLE, lon DOUBLE, point_method VARCHAR,
    n_towns INTEGER, area_m2 DOUBLE, area_approximate BOOLEAN, geometry_wkt VARCHAR, source VARCHAR
);
CREATE TABLE schools (
    school_id VARCHAR PRIMARY KEY, name VARCHAR, level VARCHAR, address VARCHAR, gsi_id VARCHAR,
    lat DOUBLE, lon DOUBLE, source VARCHAR
);
CREATE TABLE streets (
    street_id VARCHAR PRIMARY KEY, kind VARCHAR, length_m DOUBLE, geometry_wkt VARCHAR, source VARCHAR
);
CREATE TABLE school_routes (
    route_id VARCHAR PRIMARY KEY, school_id VARCHAR, school_name VARCHAR, town VARCHAR,
    length_m DOUBLE, geometry_wkt VARCHAR, source VARCHAR
);
CREATE TABLE parks (
    park_id VARCHAR PRIMARY KEY, name VARCHAR, town VARCHAR, koban VARCHAR, area_m2 DOUBLE,
    lat DOUBLE, lon DOUBLE, geometry_wkt VARCHAR, source VARCHAR
);
CREATE TABLE annual_offences (
    year INTEGER PRIMARY KEY, offences INTEGER NOT NULL, source VARCHAR
);
CREATE TABLE incidents (
    incident_id VARCHAR PRIMARY KEY, data_year INTEGER NOT NULL, fiscal_year INTEGER,
    recorded_on DATE, occurred_on DATE, occurred_at TIMESTAMP, hour INTEGER,
    offence_group VARCHAR NOT NULL, offence VARCHAR NOT NULL, koban VARCHAR NOT NULL, town VARCHAR,
    place_type VARCHAR, lat DOUBLE, lon DOUBLE, source VARCHAR,
    -- derived: weekday of occurred_on (0 = Monday), filled by bohan.build.derived.refresh at build
    -- and every import (a weekday filter on 10 M incidents: 190 -> 60 ms); last, so a file made
    -- before it gets the same column order when an import adds it.
    weekday INTEGER
);
-- Derived from incidents at build and import time (bohan.build.derived.refresh): counts by every
-- filter dimension except the police box, town and exact dates. Queries with no box, town or
-- date filter read these few thousand rows instead of every incident (incident_counts()).
CREATE TABLE incident_cube (
    data_year INTEGER NOT NULL, fiscal_year INTEGER, month INTEGER, weekday INTEGER, hour INTEGER,
    offence_group VARCHAR NOT NULL, offence VARCHAR NOT NULL, place_type VARCHAR, town_known BOOLEAN NOT NULL,
    n INTEGER NOT NULL
);
-- Derived from incidents too: counts by police box and town (NULL town: its own row). Which boxes
-- a town's incidents lie in (the filter's town_boxes), and each box's total (vocab/kobans), read
-- from a few hundred thousand rows instead of every incident.
CREATE TABLE incident_towns (
    koban VARCHAR NOT NULL, town VARCHAR, n INTEGER NOT NULL
);
CREATE TABLE child_approaches (
    approach_id VARCHAR PRIMARY KEY, data_year INTEGER, fiscal_year INTEGER, occurred_at TIMESTAMP,
    hour INTEGER, place_type VARCHAR, approach_type VARCHAR, victim VARCHAR, koban VARCHAR,
    town VARCHAR, lat DOUBLE, lon DOUBLE, source VARCHAR
);
CREATE TABLE fraud_cases (
    case_id VARCHAR PRIMARY KEY, data_year INTEGER, occurred_on DATE, modus VARCHAR,
    victim_age_band VARCHAR, damage_yen BIGINT, police_district VARCHAR, source VARCHAR
);
CREATE TABLE cameras (
    camera_id VARCHAR PRIMARY KEY, kind VARCHAR, site_type VARCHAR, lat DOUBLE, lon DOUBLE,
    installed_fy INTEGER, status VARCHAR, source VARCHAR
);
CREATE TABLE street_lights (
    light_id VARCHAR PRIMARY KEY, kind VARCHAR, lamp_type VARCHAR, manager VARCHAR,
    lat DOUBLE, lon DOUBLE, status VARCHAR, source VARCHAR
);
CREATE TABLE survey_responses (
    fiscal_year INTEGER, respondent_id VARCHAR PRIMARY KEY, age_band VARCHAR, area VARCHAR,
    awareness VARCHAR, activity VARCHAR, satisfaction VARCHAR, source VARCHAR
);
CREATE TABLE plan_indicators (
    indicator_id VARCHAR PRIMARY KEY, kind VARCHAR, name_ja VARCHAR, name_en VARCHAR, unit VARCHAR,
    baseline_value DOUBLE, baseline_year INTEGER, baseline_year_kind VARCHAR,
    latest_value DOUBLE, latest_year INTEGER, latest_year_kind VARCHAR,
    target_value DOUBLE, target_year INTEGER, target_year_kind VARCHAR, direction VARCHAR,
    note_ja VARCHAR, note_en VARCHAR, source VARCHAR
);
CREATE TABLE indicator_values (
    indicator_id VARCHAR NOT NULL, year INTEGER NOT NULL, year_kind VARCHAR NOT NULL, value DOUBLE NOT NULL,
    n INTEGER, source VARCHAR, PRIMARY KEY (indicator_id, year)
);
CREATE TABLE town_population (
    town VARCHAR PRIMARY KEY, population INTEGER NOT NULL, households INTEGER NOT NULL, population_year INTEGER,
    source VARCHAR
);
CREATE TABLE plan_measures (
    measure_id VARCHAR PRIMARY KEY, viewpoint INTEGER, viewpoint_ja VARCHAR, viewpoint_en VARCHAR,
    title_ja VARCHAR, title_en VARCHAR, initiative_ja VARCHAR, initiative_en VARCHAR, source VARCHAR
);
CREATE TABLE plan_figures (
    figure_id VARCHAR PRIMARY KEY, value DOUBLE, value_text VARCHAR, unit VARCHAR, year INTEGER,
    year_kind VARCHAR, label_ja VARCHAR, label_en VARCHAR, source VARCHAR
);
CREATE TABLE data_sources (
    table_name VARCHAR PRIMARY KEY, description_ja VARCHAR, description_en VARCHAR,
    source VARCHAR, origin VARCHAR, licence VARCHAR,
    attribution VARCHAR
);
CREATE TABLE data_dictionary (
    table_name VARCHAR, column_name VARCHAR, data_type VARCHAR, description_ja VARCHAR,
    description_en VARCHAR, PRIMARY KEY (table_name, column_name)
);
