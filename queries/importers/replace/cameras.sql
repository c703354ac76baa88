-- Import-stage SQL: an import of cameras replaces the whole layer. Keep its rows for undo, then remove them.
-- Parameters: $import_id INTEGER (the import about to be written). Returns: nothing.
INSERT INTO archive_cameras SELECT $import_id, * FROM cameras;
DELETE FROM cameras;
