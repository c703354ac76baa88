-- Approaches to children (声かけ事案など) by police-recorded year: all, at 15:00-16:59, and on roads or in parks.
-- Parameters: none.
-- Returns: year, n, n_15_17, n_road_park.
SELECT data_year AS year, count(*) AS n,
       count(*) FILTER (WHERE hour BETWEEN 15 AND 16) AS n_15_17,
       count(*) FILTER (WHERE place_type IN ('道路上', '公園')) AS n_road_park
FROM child_approaches GROUP BY data_year ORDER BY data_year
