-- Save the recommended sites of one scenario (lists of equal length, one element per site).
-- Parameters: $scenario, $ranks, $site_ids, $kinds, $schools, $lats, $lons, $route_ms, $childs, $crimes, $gains, $gain_pcts.
-- Returns: nothing.
INSERT INTO siting_scenario_sites
SELECT $scenario, unnest($ranks), unnest($site_ids), unnest($kinds), unnest($schools), unnest($lats), unnest($lons),
       unnest($route_ms), unnest($childs), unnest($crimes), unnest($gains), unnest($gain_pcts)
