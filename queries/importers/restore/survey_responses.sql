-- Import-stage SQL: undo a survey import: remove its rows, put back the rows it replaced.
-- Parameters: $import_id INTEGER (the import undone), $source VARCHAR (data set name). Returns: nothing.
DELETE FROM survey_responses WHERE source = $source;
INSERT INTO survey_responses SELECT * EXCLUDE (archived_by) FROM archive_survey_responses WHERE archived_by = $import_id;
