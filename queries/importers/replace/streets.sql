-- Import-stage SQL: an import of streets replaces the whole layer. Keep its rows for undo, then remove them.
-- Parameters: $import_id INTEGER (the import about to be written). Returns: nothing.
INSERT INTO archive_streets SELECT $import_id, * FROM streets;
DELETE FROM streets;
