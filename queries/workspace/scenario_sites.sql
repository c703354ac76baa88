-- The recommended sites of one saved scenario, best first.
-- Parameters: $scenario.
-- Returns: rank, site_id, kind, schools, lat, lon, route_m, child, crime, gain, gain_pct.
SELECT rank, site_id, kind, schools, lat, lon, route_m, child, crime, gain, gain_pct
FROM siting_scenario_sites WHERE name = $scenario ORDER BY rank
