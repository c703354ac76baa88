-- The revision in force for one indicator and year, and who made it (0 and NULL when never edited).
-- Parameters: $indicator_id, $year.
-- Returns: revision, edited_by, edited_at (one row).
SELECT coalesce(max(revision), 0) AS revision, arg_max(edited_by, revision) AS edited_by,
       arg_max(edited_at, revision) AS edited_at
FROM indicator_edits WHERE indicator_id = $indicator_id AND year = $year
