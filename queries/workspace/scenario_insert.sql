-- Save one siting scenario (its sites are saved by scenario_sites_insert in the same transaction).
-- Parameters: $scenario, $saved_by, $settings_json, $n_new, $radius_m, $years, $method, $optimal, $existing_pct,
--   $covered_pct, $route_before_pct, $route_after_pct, $route_added_m, $child_covered, $crime_covered.
-- Returns: nothing (fails on a duplicate name: the primary key).
INSERT INTO siting_scenarios VALUES (
    $scenario, now()::TIMESTAMP, $saved_by, $settings_json, $n_new, $radius_m, $years, $method, $optimal, $existing_pct,
    $covered_pct, $route_before_pct, $route_after_pct, $route_added_m, $child_covered, $crime_covered)
