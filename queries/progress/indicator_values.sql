-- Each indicator's yearly actual values held in the data (staff entries are overlaid from the workspace).
-- Parameters: none.
-- Returns: indicator_id, year, year_kind, value, n (respondents, for survey shares), source.
SELECT indicator_id, year, year_kind, value, n, source FROM indicator_values ORDER BY indicator_id, year
