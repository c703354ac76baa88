-- The police boxes whose incidents name any of the towns asked: bound as the filter's $town_boxes
-- (bohan.filters.CrimeFilter.params(vocab)), so a town filter reads only those boxes' stored rows.
-- Parameters: $town_list VARCHAR[] (the filter's towns).
-- Returns: koban VARCHAR (none when no incident names those towns), in name order.
SELECT DISTINCT koban
FROM incident_towns
WHERE list_contains($town_list, town)
ORDER BY koban
