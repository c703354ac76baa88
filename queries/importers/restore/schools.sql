-- Import-stage SQL: undo an import of schools: remove its rows, put back the rows it replaced.
-- Parameters: $import_id INTEGER (the import undone). Returns: nothing.
DELETE FROM schools;
INSERT INTO schools SELECT * EXCLUDE (archived_by) FROM archive_schools WHERE archived_by = $import_id;
