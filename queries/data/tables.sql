-- Every table in the database with its source, origin, licence, attribution and row count.
-- Parameters: none.
-- Returns: table_name, description_ja, description_en, source, origin, licence, attribution, n_rows (estimated by DuckDB's
-- catalogue, exact for a freshly built file).
SELECT s.table_name, s.description_ja, s.description_en, s.source, s.origin, s.licence, s.attribution, t.estimated_size AS n_rows
FROM data_sources AS s
LEFT JOIN duckdb_tables() AS t ON t.table_name = s.table_name AND t.schema_name = 'main'
ORDER BY s.table_name
