-- Import-stage SQL: an import of koban_areas replaces the whole layer. Keep its rows for undo, then remove them.
-- Parameters: $import_id INTEGER (the import about to be written). Returns: nothing.
INSERT INTO archive_koban_areas SELECT $import_id, * FROM koban_areas;
DELETE FROM koban_areas;
