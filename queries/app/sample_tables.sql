-- Tables whose rows are (wholly or partly) generated sample data.
-- Parameters: none.
-- Returns: table_name for every table with a 'sample' source.
SELECT table_name
FROM data_sources
WHERE source = 'sample' OR source LIKE '%sample%'
ORDER BY table_name
