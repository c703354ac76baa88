-- How many incidents match the filter, and how many of them lack an hour, a date or a town.
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to, $town_boxes; see queries/build/macros.sql; NULL = no filter).
-- Returns: one row: n, n_hour_unknown, n_date_unknown, n_town_unknown.
SELECT CAST(coalesce(sum(n), 0) AS BIGINT) AS n,
       CAST(coalesce(sum(n) FILTER (WHERE hour IS NULL), 0) AS BIGINT) AS n_hour_unknown,
       CAST(coalesce(sum(n) FILTER (WHERE month IS NULL), 0) AS BIGINT) AS n_date_unknown,
       CAST(coalesce(sum(n) FILTER (WHERE NOT town_known), 0) AS BIGINT) AS n_town_unknown
FROM incident_counts($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to, $town_boxes)
