-- Schools with their level.
-- Parameters: none.
-- Returns: school_id, name, level, lat, lon.
SELECT school_id, name, level, lat, lon FROM schools ORDER BY school_id
