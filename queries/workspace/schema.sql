-- The workspace: what people make in the app (saved siting scenarios), kept apart from the
-- data so that rebuilding or re-importing the data never loses it.
-- Parameters: none.
-- Returns: nothing (creates the tables if they are missing).
CREATE TABLE IF NOT EXISTS siting_scenarios (
    name VARCHAR PRIMARY KEY, saved_at TIMESTAMP NOT NULL, saved_by VARCHAR, settings_json VARCHAR NOT NULL,
    n_new INTEGER, radius_m DOUBLE, years VARCHAR, method VARCHAR, optimal BOOLEAN,
    existing_pct DOUBLE, covered_pct DOUBLE, route_before_pct DOUBLE, route_after_pct DOUBLE,
    route_added_m DOUBLE, child_covered DOUBLE, crime_covered DOUBLE
);
CREATE TABLE IF NOT EXISTS siting_scenario_sites (
    name VARCHAR NOT NULL, rank INTEGER NOT NULL, site_id VARCHAR, kind VARCHAR, schools VARCHAR,
    lat DOUBLE, lon DOUBLE, route_m DOUBLE, child DOUBLE, crime DOUBLE, gain DOUBLE, gain_pct DOUBLE,
    PRIMARY KEY (name, rank)
);
-- Staff entries of yearly indicator values: an append-only log, the newest revision of each
-- (indicator, year) is in force; earlier rows are the audit trail (who changed what, when, why).
CREATE TABLE IF NOT EXISTS indicator_edits (
    indicator_id VARCHAR NOT NULL, year INTEGER NOT NULL, revision INTEGER NOT NULL, value DOUBLE NOT NULL, n INTEGER,
    previous_value DOUBLE, note VARCHAR, edited_by VARCHAR, edited_at TIMESTAMP NOT NULL,
    PRIMARY KEY (indicator_id, year, revision)
);
-- Staff status notes per measure and fiscal year, kept the same way.
CREATE TABLE IF NOT EXISTS measure_notes (
    measure_id VARCHAR NOT NULL, fiscal_year INTEGER NOT NULL, revision INTEGER NOT NULL, status VARCHAR NOT NULL,
    note VARCHAR, edited_by VARCHAR, edited_at TIMESTAMP NOT NULL,
    PRIMARY KEY (measure_id, fiscal_year, revision)
);
