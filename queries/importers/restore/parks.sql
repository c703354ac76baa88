-- Import-stage SQL: undo an import of parks: remove its rows, put back the rows it replaced.
-- Parameters: $import_id INTEGER (the import undone). Returns: nothing.
DELETE FROM parks;
INSERT INTO parks SELECT * EXCLUDE (archived_by) FROM archive_parks WHERE archived_by = $import_id;
