-- Import-stage SQL: an import of parks replaces the whole layer. Keep its rows for undo, then remove them.
-- Parameters: $import_id INTEGER (the import about to be written). Returns: nothing.
INSERT INTO archive_parks SELECT $import_id, * FROM parks;
DELETE FROM parks;
