-- Remove the sites of one saved scenario.
-- Parameters: $scenario.
-- Returns: nothing.
DELETE FROM siting_scenario_sites WHERE name = $scenario
