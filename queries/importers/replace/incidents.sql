-- Import-stage SQL: a police import replaces its own data set (same name) only. Keep those rows for undo, then remove them.
-- Parameters: $import_id INTEGER (the import about to be written), $source VARCHAR (data set name). Returns: nothing.
INSERT INTO archive_incidents SELECT $import_id, * FROM incidents WHERE source = $source;
DELETE FROM incidents WHERE source = $source;
