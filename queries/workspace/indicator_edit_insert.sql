-- Append one staff entry (the caller checked the revision in the same transaction).
-- Parameters: $indicator_id, $year, $revision, $value, $n, $previous_value, $note, $edited_by.
-- Returns: nothing (a duplicate revision fails on the primary key: someone else saved first).
INSERT INTO indicator_edits VALUES ($indicator_id, $year, $revision, $value, $n, $previous_value, $note, $edited_by,
                                    now()::TIMESTAMP)
