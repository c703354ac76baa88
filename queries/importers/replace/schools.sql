-- Import-stage SQL: an import of schools replaces the whole layer. Keep its rows for undo, then remove them.
-- Parameters: $import_id INTEGER (the import about to be written). Returns: nothing.
INSERT INTO archive_schools SELECT $import_id, * FROM schools;
DELETE FROM schools;
