-- Every staff entry of an indicator value, newest first (the audit trail).
-- Parameters: none.
-- Returns: indicator_id, year, revision, value, n, previous_value, note, edited_by, edited_at.
SELECT indicator_id, year, revision, value, n, previous_value, note, edited_by, edited_at
FROM indicator_edits ORDER BY edited_at DESC, indicator_id, year, revision DESC
