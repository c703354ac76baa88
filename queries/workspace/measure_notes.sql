-- Every status note on a measure, newest first (the newest revision per measure and year is in force).
-- Parameters: none.
-- Returns: measure_id, fiscal_year, revision, status, note, edited_by, edited_at.
SELECT measure_id, fiscal_year, revision, status, note, edited_by, edited_at
FROM measure_notes ORDER BY edited_at DESC, measure_id, fiscal_year, revision DESC
