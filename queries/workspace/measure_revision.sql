-- The revision in force for one measure's note in one fiscal year, and who made it.
-- Parameters: $measure_id, $fiscal_year.
-- Returns: revision, edited_by, edited_at (one row).
SELECT coalesce(max(revision), 0) AS revision, arg_max(edited_by, revision) AS edited_by,
       arg_max(edited_at, revision) AS edited_at
FROM measure_notes WHERE measure_id = $measure_id AND fiscal_year = $fiscal_year
