-- Located approaches to children (声かけ・つきまとい等) in an hour band, for weighting school routes.
-- Parameters: $hour_start, $hour_end (hours of occurrence, end exclusive; start > end wraps past midnight);
--   $koban_list VARCHAR[] (the city's police boxes in a national database, bohan.filters.home_kobans; NULL = every box).
-- Returns: data_year, hour, lat, lon (rows without a location or an hour left out).
SELECT data_year, hour, lat, lon
FROM child_approaches
WHERE lat IS NOT NULL AND lon IS NOT NULL AND hour IS NOT NULL
  AND ($koban_list IS NULL OR koban IN (SELECT unnest($koban_list)))
  AND CASE WHEN $hour_start <= $hour_end THEN hour >= $hour_start AND hour < $hour_end
           ELSE hour >= $hour_start OR hour < $hour_end END
ORDER BY approach_id
