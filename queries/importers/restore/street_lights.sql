-- Import-stage SQL: undo an import of street_lights: remove its rows, put back the rows it replaced.
-- Parameters: $import_id INTEGER (the import undone). Returns: nothing.
DELETE FROM street_lights;
INSERT INTO street_lights SELECT * EXCLUDE (archived_by) FROM archive_street_lights WHERE archived_by = $import_id;
