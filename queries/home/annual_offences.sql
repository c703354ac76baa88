-- Penal-code offences known to police in the city, by calendar year.
-- Parameters: none.
-- Returns: year INTEGER, offences INTEGER, source VARCHAR ('plan' for the plan's own figures).
SELECT year, offences, source
FROM annual_offences
ORDER BY year
