-- The range of police-recorded years held for incidents and approaches to children.
-- Parameters: none.
-- Returns: year_min, year_max (one row).
SELECT min(data_year) AS year_min, max(data_year) AS year_max
FROM (SELECT data_year FROM incidents UNION ALL SELECT data_year FROM child_approaches)
