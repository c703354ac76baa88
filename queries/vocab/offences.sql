-- Offence groups and offences present in the incidents, largest group first, then largest
-- offence first within each group. Read from incident_cube (every incident counted once in it:
-- a few thousand rows whatever the number of incidents).
-- Parameters: none.
-- Returns: offence_group VARCHAR, offence VARCHAR, n BIGINT.
WITH counts AS (
    SELECT offence_group, offence, CAST(sum(n) AS BIGINT) AS n FROM incident_cube GROUP BY ALL
)
SELECT offence_group, offence, n
FROM counts
ORDER BY sum(n) OVER (PARTITION BY offence_group) DESC, offence_group, n DESC, offence
