-- Import-stage SQL: undo a police import: remove its data set, put back the rows of the same name it replaced (if any).
-- Parameters: $import_id INTEGER (the import undone), $source VARCHAR (data set name). Returns: nothing.
DELETE FROM incidents WHERE source = $source;
INSERT INTO incidents SELECT * EXCLUDE (archived_by) FROM archive_incidents WHERE archived_by = $import_id;
