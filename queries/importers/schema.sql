-- Import-stage SQL (run by bohan.importers.store only, never by pages): the imports log and
-- the archive tables that make each import undoable. Created on first import with IF NOT
-- EXISTS, so a freshly built database works unchanged.
-- Parameters: none. Returns: nothing.
--   imports.kind: 'police', 'cameras', 'lights', 'schools', 'routes', 'parks', 'streets', 'towns',
--   'koban_areas' or 'survey'; an undo is logged with kind '<kind> undo' and undoes = the import undone.
--   files and sha256 are comma-separated, one per file; year_from: 'option', 'file name' or 'latest occurrence'.
--   tables: the tables the import wrote, comma-separated (undo restores those).
--   archive_<table>: the rows an import replaced, archived_by = its import_id (restored by an undo).
CREATE TABLE IF NOT EXISTS imports (
    import_id INTEGER PRIMARY KEY, kind VARCHAR NOT NULL, name VARCHAR NOT NULL, files VARCHAR,
    sha256 VARCHAR, rows_read BIGINT, rows_kept BIGINT, rows_skipped BIGINT, rows_unlocated BIGINT,
    data_year INTEGER, year_from VARCHAR, imported_by VARCHAR, imported_at TIMESTAMP
);
ALTER TABLE imports ADD COLUMN IF NOT EXISTS undoes INTEGER;
ALTER TABLE imports ADD COLUMN IF NOT EXISTS tables VARCHAR;
-- A file made before incidents.weekday existed gets it (last, as the schema has it; filled by the
-- import's bohan.build.derived.refresh), and so does its archive.
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS weekday INTEGER;
CREATE TABLE IF NOT EXISTS archive_incidents AS SELECT 0::INTEGER AS archived_by, * FROM incidents LIMIT 0;
ALTER TABLE archive_incidents ADD COLUMN IF NOT EXISTS weekday INTEGER;
CREATE TABLE IF NOT EXISTS archive_survey_responses AS SELECT 0::INTEGER AS archived_by, * FROM survey_responses LIMIT 0;
CREATE TABLE IF NOT EXISTS archive_cameras AS SELECT 0::INTEGER AS archived_by, * FROM cameras LIMIT 0;
CREATE TABLE IF NOT EXISTS archive_street_lights AS SELECT 0::INTEGER AS archived_by, * FROM street_lights LIMIT 0;
CREATE TABLE IF NOT EXISTS archive_schools AS SELECT 0::INTEGER AS archived_by, * FROM schools LIMIT 0;
CREATE TABLE IF NOT EXISTS archive_school_routes AS SELECT 0::INTEGER AS archived_by, * FROM school_routes LIMIT 0;
CREATE TABLE IF NOT EXISTS archive_parks AS SELECT 0::INTEGER AS archived_by, * FROM parks LIMIT 0;
CREATE TABLE IF NOT EXISTS archive_streets AS SELECT 0::INTEGER AS archived_by, * FROM streets LIMIT 0;
CREATE TABLE IF NOT EXISTS archive_towns AS SELECT 0::INTEGER AS archived_by, * FROM towns LIMIT 0;
CREATE TABLE IF NOT EXISTS archive_town_population AS SELECT 0::INTEGER AS archived_by, * FROM town_population LIMIT 0;
CREATE TABLE IF NOT EXISTS archive_koban_areas AS SELECT 0::INTEGER AS archived_by, * FROM koban_areas LIMIT 0;
