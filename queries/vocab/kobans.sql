-- Police boxes, for filter widgets and URL checks: boxes with the most incidents first.
-- Parameters: none.
-- Returns: koban VARCHAR (every box of koban_areas, 0 incidents last).
-- Their towns are read per box when a widget needs them (vocab/towns): a national file has
-- 260,000 towns, and reading them all here took 0.33 s.
SELECT k.koban
FROM koban_areas AS k
LEFT JOIN (SELECT koban, count(*) AS n FROM incidents GROUP BY koban) AS c ON c.koban = k.koban
ORDER BY coalesce(c.n, 0) DESC, k.koban
