-- Police boxes, for filter widgets and URL checks: boxes with the most incidents first
-- (counted in incident_towns).
-- Parameters: none.
-- Returns: koban VARCHAR (every box of koban_areas, 0 incidents last).
-- Their towns are read per box when a widget needs them (vocab/towns): a national file has
-- 260,000 towns, and reading them all here took 0.33 s.
SELECT k.koban
FROM koban_areas AS k
LEFT JOIN (SELECT koban, sum(n) AS n FROM incident_towns GROUP BY koban) AS c ON c.koban = k.koban
ORDER BY coalesce(c.n, 0) DESC, k.koban
