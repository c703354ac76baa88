-- Parks.
-- Parameters: none.
-- Returns: park_id, name, town, area_m2, lat, lon, geometry_wkt (Polygon, WGS84).
SELECT park_id, name, town, area_m2, lat, lon, geometry_wkt FROM parks ORDER BY park_id
