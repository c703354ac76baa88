-- Import-stage SQL: undo an import of cameras: remove its rows, put back the rows it replaced.
-- Parameters: $import_id INTEGER (the import undone). Returns: nothing.
DELETE FROM cameras;
INSERT INTO cameras SELECT * EXCLUDE (archived_by) FROM archive_cameras WHERE archived_by = $import_id;
