-- Police boxes with their towns, for filter widgets and URL checks; boxes with the most
-- incidents first, towns in reading order.
-- Parameters: none.
-- Returns: koban VARCHAR, town VARCHAR (one row per town).
WITH box AS (
    SELECT k.koban, count(i.incident_id) AS n
    FROM koban_areas AS k LEFT JOIN incidents AS i ON i.koban = k.koban
    GROUP BY k.koban
)
SELECT b.koban, t.town
FROM box AS b
JOIN towns AS t ON t.koban = b.koban
ORDER BY b.n DESC, b.koban, t.town
