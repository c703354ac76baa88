-- Append one status note on a measure (the caller checked the revision in the same transaction).
-- Parameters: $measure_id, $fiscal_year, $revision, $status, $note, $edited_by.
-- Returns: nothing (a duplicate revision fails on the primary key: someone else saved first).
INSERT INTO measure_notes VALUES ($measure_id, $fiscal_year, $revision, $status, $note, $edited_by, now()::TIMESTAMP)
