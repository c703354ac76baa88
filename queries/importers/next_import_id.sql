-- Import-stage SQL: the next id for the imports log.
-- Parameters: none. Returns: one row, next_id INTEGER.
SELECT coalesce(max(import_id), 0) + 1 AS next_id FROM imports;
