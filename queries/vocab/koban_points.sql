-- Police boxes with the point that stands for each (its station or its area's centre), to tell
-- which boxes lie in the city (bohan.filters.home_kobans).
-- Parameters: none.
-- Returns: koban VARCHAR, lat DOUBLE, lon DOUBLE.
SELECT koban, lat, lon FROM koban_areas ORDER BY koban
