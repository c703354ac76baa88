-- Import-stage SQL: a survey import replaces the waves (fiscal years) it holds, and an earlier import of the
-- same name. Keep those rows for undo, then remove them.
-- Parameters: $import_id INTEGER, $source VARCHAR (data set name), $years INTEGER[] (fiscal years in the file).
-- Returns: nothing.
INSERT INTO archive_survey_responses SELECT $import_id, * FROM survey_responses
WHERE source = $source OR list_contains($years, fiscal_year);
DELETE FROM survey_responses WHERE source = $source OR list_contains($years, fiscal_year);
