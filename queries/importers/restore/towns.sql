-- Import-stage SQL: undo an import of towns: remove its rows, put back the rows it replaced.
-- Parameters: $import_id INTEGER (the import undone). Returns: nothing.
DELETE FROM towns;
INSERT INTO towns SELECT * EXCLUDE (archived_by) FROM archive_towns WHERE archived_by = $import_id;
