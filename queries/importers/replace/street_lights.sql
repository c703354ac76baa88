-- Import-stage SQL: an import of street_lights replaces the whole layer. Keep its rows for undo, then remove them.
-- Parameters: $import_id INTEGER (the import about to be written). Returns: nothing.
INSERT INTO archive_street_lights SELECT $import_id, * FROM street_lights;
DELETE FROM street_lights;
