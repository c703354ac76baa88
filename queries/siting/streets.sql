-- Street centre lines (for the crossings of school routes with streets).
-- Parameters: none.
-- Returns: street_id, kind, geometry_wkt (WGS84 WKT).
SELECT street_id, kind, geometry_wkt FROM streets ORDER BY street_id
