-- Tables derived from others, rebuilt at build and after every import or undo
-- (bohan.build.derived.refresh), inside the writer's transaction: the stored weekday of the incidents
-- (rows written without it, or with a wrong one, get it), then the counts.
UPDATE incidents SET weekday = isodow(occurred_on) - 1 WHERE weekday IS DISTINCT FROM isodow(occurred_on) - 1;
DELETE FROM incident_cube;
INSERT INTO incident_cube
SELECT data_year, fiscal_year, month(occurred_on), weekday, hour, offence_group, offence, place_type,
       town IS NOT NULL, count(*)
FROM incidents
GROUP BY ALL;
DELETE FROM incident_towns;
INSERT INTO incident_towns
SELECT koban, town, count(*)
FROM incidents
GROUP BY ALL;
