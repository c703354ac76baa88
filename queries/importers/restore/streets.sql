-- Import-stage SQL: undo an import of streets: remove its rows, put back the rows it replaced.
-- Parameters: $import_id INTEGER (the import undone). Returns: nothing.
DELETE FROM streets;
INSERT INTO streets SELECT * EXCLUDE (archived_by) FROM archive_streets WHERE archived_by = $import_id;
