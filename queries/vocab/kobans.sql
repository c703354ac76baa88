-- Police boxes with their towns, for filter widgets and URL checks; boxes with the most
-- incidents first, towns in reading order.
-- Parameters: none.
-- Returns: koban VARCHAR, town VARCHAR (one row per town).
-- Incidents counted by box first, then joined to the boxes (every box listed, 0 where none).
WITH counted AS (
    SELECT koban, count(*) AS n FROM incidents GROUP BY koban
), box AS (
    SELECT k.koban, coalesce(c.n, 0) AS n
    FROM koban_areas AS k LEFT JOIN counted AS c ON c.koban = k.koban
)
SELECT b.koban, t.town
FROM box AS b
JOIN towns AS t ON t.koban = b.koban
ORDER BY b.n DESC, b.koban, t.town
