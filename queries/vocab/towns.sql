-- Towns of police boxes, for the town filter's options and URL checks (bohan.filters.TownsByBox).
-- Parameters: $koban_list VARCHAR[] (the boxes whose towns are wanted; NULL = every box),
--   $town_list VARCHAR[] (only these towns, to check a link's towns; NULL = every town).
-- Returns: koban VARCHAR, town VARCHAR (one row per town), box by box, towns in reading order.
SELECT koban, town
FROM towns
WHERE koban IS NOT NULL
  AND ($koban_list IS NULL OR koban IN (SELECT unnest($koban_list)))
  AND ($town_list IS NULL OR list_contains($town_list, town))
ORDER BY koban, town
