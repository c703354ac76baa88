-- School routes for coverage work.
-- Parameters: none.
-- Returns: route_id, school_id, school_name, town, length_m, geometry_wkt (LineString, WGS84).
SELECT route_id, school_id, school_name, town, length_m, geometry_wkt FROM school_routes ORDER BY route_id
