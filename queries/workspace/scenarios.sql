-- Saved siting scenarios, newest first.
-- Parameters: none.
-- Returns: name, saved_at, saved_by, settings_json, n_new, radius_m, years, method, optimal, existing_pct, covered_pct,
--   route_before_pct, route_after_pct, route_added_m, child_covered, crime_covered.
SELECT * FROM siting_scenarios ORDER BY saved_at DESC, name
