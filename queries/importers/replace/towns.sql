-- Import-stage SQL: an import of towns replaces the whole layer. Keep its rows for undo, then remove them.
-- Parameters: $import_id INTEGER (the import about to be written). Returns: nothing.
INSERT INTO archive_towns SELECT $import_id, * FROM towns;
DELETE FROM towns;
