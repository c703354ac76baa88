-- Import-stage SQL: an import of town_population replaces the whole layer. Keep its rows for undo, then remove them.
-- Parameters: $import_id INTEGER (the import about to be written). Returns: nothing.
INSERT INTO archive_town_population SELECT $import_id, * FROM town_population;
DELETE FROM town_population;
