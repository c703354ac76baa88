-- The data dictionary of one table.
-- Parameters: $table_name VARCHAR.
-- Returns: column_name, data_type, description_ja, description_en in column order.
SELECT d.column_name, d.data_type, d.description_ja, d.description_en
FROM data_dictionary AS d
LEFT JOIN information_schema.columns AS c
       ON c.table_name = d.table_name AND c.column_name = d.column_name
WHERE d.table_name = $table_name
ORDER BY c.ordinal_position
