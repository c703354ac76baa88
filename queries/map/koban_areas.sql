-- Police-box areas (approximate) for maps.
-- Parameters: none.
-- Returns: koban VARCHAR, koban_name VARCHAR, geometry_wkt VARCHAR (WGS84).
SELECT koban, koban_name, geometry_wkt FROM koban_areas ORDER BY koban
