-- Offence groups and offences present in the incidents, largest group first, then largest
-- offence first within each group.
-- Parameters: none.
-- Returns: offence_group VARCHAR, offence VARCHAR, n BIGINT.
WITH counts AS (
    SELECT offence_group, offence, count(*) AS n FROM incidents GROUP BY ALL
)
SELECT offence_group, offence, n
FROM counts
ORDER BY sum(n) OVER (PARTITION BY offence_group) DESC, offence_group, n DESC, offence
