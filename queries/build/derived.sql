-- Tables derived from others, rebuilt at build and after every import or undo
-- (bohan.build.derived.refresh), inside the writer's transaction.
DELETE FROM incident_cube;
INSERT INTO incident_cube
SELECT data_year, fiscal_year, month(occurred_on), isodow(occurred_on) - 1, hour, offence_group, offence, place_type,
       town IS NOT NULL, count(*)
FROM incidents
GROUP BY ALL;
