-- Import-stage SQL: after cameras are imported (or an import undone), the street-camera indicator's
-- yearly values follow the cameras table again: street cameras installed by the end of each fiscal year
-- from FY2025 (the plan's first year) to the newest installation year; a camera with no year counts as
-- installed before. The plan's own figure (FY2024: 26) is kept as it is.
-- Parameters: none. Returns: nothing.
DELETE FROM indicator_values WHERE indicator_id = 'street_cameras' AND source <> 'plan';
INSERT INTO indicator_values (indicator_id, year, year_kind, value, n, source)
SELECT 'street_cameras', fy.fy, 'fiscal',
       count(c.camera_id) FILTER (WHERE c.installed_fy IS NULL OR c.installed_fy <= fy.fy), NULL,
       coalesce(any_value(c.source), 'sample')
FROM (SELECT unnest(range(2025, greatest(2025, (SELECT max(installed_fy) FROM cameras)) + 1)) AS fy) fy
LEFT JOIN cameras c ON c.kind = 'street'
WHERE fy.fy NOT IN (SELECT year FROM indicator_values WHERE indicator_id = 'street_cameras')
GROUP BY fy.fy;
