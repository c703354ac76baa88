-- Import-stage SQL: undo an import of school_routes: remove its rows, put back the rows it replaced.
-- Parameters: $import_id INTEGER (the import undone). Returns: nothing.
DELETE FROM school_routes;
INSERT INTO school_routes SELECT * EXCLUDE (archived_by) FROM archive_school_routes WHERE archived_by = $import_id;
