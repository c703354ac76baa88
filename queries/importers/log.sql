-- Import-stage SQL: the imports log, newest first, with whether each import is still in force
-- (not undone). Read by the staff import page and by undo.
-- Parameters: none. Returns: import_id, kind, name, files, sha256, rows_read, rows_kept, rows_skipped,
-- rows_unlocated, data_year, year_from, imported_by, imported_at, undoes, undone (BOOLEAN).
SELECT i.*, EXISTS (SELECT 1 FROM imports u WHERE u.undoes = i.import_id) AS undone
FROM imports i
ORDER BY i.import_id DESC;
