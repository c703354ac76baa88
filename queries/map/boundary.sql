-- The city boundary, the base of every offline map.
-- Parameters: none.
-- Returns: geometry_wkt VARCHAR (WGS84 MultiPolygon).
SELECT geometry_wkt FROM boundary
