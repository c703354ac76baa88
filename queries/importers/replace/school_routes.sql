-- Import-stage SQL: an import of school_routes replaces the whole layer. Keep its rows for undo, then remove them.
-- Parameters: $import_id INTEGER (the import about to be written). Returns: nothing.
INSERT INTO archive_school_routes SELECT $import_id, * FROM school_routes;
DELETE FROM school_routes;
