-- How many incidents match the filter, and how many of them lack an hour, a date or a town.
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to; see queries/build/macros.sql; NULL = no filter).
-- Returns: one row: n, n_hour_unknown, n_date_unknown, n_town_unknown.
SELECT count(*) AS n,
       count(*) FILTER (WHERE hour IS NULL) AS n_hour_unknown,
       count(*) FILTER (WHERE occurred_on IS NULL) AS n_date_unknown,
       count(*) FILTER (WHERE town IS NULL) AS n_town_unknown
FROM filtered_incidents($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to)
