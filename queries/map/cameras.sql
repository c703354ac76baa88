-- Security cameras.
-- Parameters: none.
-- Returns: camera_id, kind ('street' = the plan's count, 'school'), site_type, installed_fy, status, lat, lon.
SELECT camera_id, kind, site_type, installed_fy, status, lat, lon FROM cameras ORDER BY camera_id
