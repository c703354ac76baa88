-- Import-stage SQL: undo an import of koban_areas: remove its rows, put back the rows it replaced.
-- Parameters: $import_id INTEGER (the import undone). Returns: nothing.
DELETE FROM koban_areas;
INSERT INTO koban_areas SELECT * EXCLUDE (archived_by) FROM archive_koban_areas WHERE archived_by = $import_id;
