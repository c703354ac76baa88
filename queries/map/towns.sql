-- Town areas (approximate) for maps.
-- Parameters: none.
-- Returns: town VARCHAR, koban VARCHAR, geometry_wkt VARCHAR (WGS84).
SELECT town, koban, geometry_wkt FROM towns ORDER BY town
