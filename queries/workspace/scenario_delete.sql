-- Remove one saved scenario (its sites are removed by scenario_sites_delete in the same transaction).
-- Parameters: $scenario.
-- Returns: nothing.
DELETE FROM siting_scenarios WHERE name = $scenario
