-- Import-stage SQL: undo an import of town_population: remove its rows, put back the rows it replaced.
-- Parameters: $import_id INTEGER (the import undone). Returns: nothing.
DELETE FROM town_population;
INSERT INTO town_population SELECT * EXCLUDE (archived_by) FROM archive_town_population WHERE archived_by = $import_id;
