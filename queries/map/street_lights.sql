-- Street and crime-prevention lights.
-- Parameters: none.
-- Returns: light_id, kind, lamp_type, manager, status ('lit' | 'out'), lat, lon.
SELECT light_id, kind, lamp_type, manager, status, lat, lon FROM street_lights ORDER BY light_id
