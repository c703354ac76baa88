-- Approaches to children (声かけ事案など) by police-recorded year: all, at 15:00-16:59, and on roads or in parks.
-- Parameters: $koban_list VARCHAR[] (the city's police boxes in a national database,
--   bohan.filters.home_kobans; NULL = every box).
-- Returns: year, n, n_15_17, n_road_park.
SELECT data_year AS year, count(*) AS n,
       count(*) FILTER (WHERE hour BETWEEN 15 AND 16) AS n_15_17,
       count(*) FILTER (WHERE place_type IN ('道路上', '公園')) AS n_road_park
FROM child_approaches
WHERE $koban_list IS NULL OR koban IN (SELECT unnest($koban_list))
GROUP BY data_year ORDER BY data_year
