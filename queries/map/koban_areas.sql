-- Police-box areas (approximate) for maps: the boxes listed, or every box.
-- Parameters: $koban_list VARCHAR[] (NULL = every box; a national database passes the boxes
--   in view, see bohan.filters.Vocab.scope).
-- Returns: koban VARCHAR, koban_name VARCHAR, geometry_wkt VARCHAR (WGS84).
SELECT koban, koban_name, geometry_wkt FROM koban_areas
WHERE $koban_list IS NULL OR koban IN (SELECT unnest($koban_list))
ORDER BY koban
