-- A tiny database for query tests: loaded after queries/build/schema.sql, before macros.sql.
-- Two boxes, three towns (one with a quote in its name), eight incidents chosen so that each
-- filter dimension changes the counts in a way a test can state by hand.
INSERT INTO towns (town, town_base, koban, lat, lon, area_m2, area_approximate, urban, geometry_wkt, source) VALUES
  ('糸井一丁目', '糸井', '糸井', 42.62, 141.54, 1, true, true, 'POLYGON((141.53 42.61, 141.55 42.61, 141.55 42.63, 141.53 42.63, 141.53 42.61))', 'test'),
  ('O''Brien町', 'O''Brien町', '糸井', 42.63, 141.55, 1, true, true, 'POLYGON((141.55 42.62, 141.56 42.62, 141.56 42.64, 141.55 42.64, 141.55 42.62))', 'test'),
  ('美園町一丁目', '美園町', '美園', 42.66, 141.63, 1, true, true, 'POLYGON((141.62 42.65, 141.64 42.65, 141.64 42.67, 141.62 42.67, 141.62 42.65))', 'test');
INSERT INTO koban_areas (koban, koban_name, lat, lon, n_towns, geometry_wkt, source) VALUES
  ('糸井', '糸井交番', 42.62, 141.54, 2, 'POLYGON((141.53 42.61, 141.56 42.61, 141.56 42.64, 141.53 42.64, 141.53 42.61))', 'test'),
  ('美園', '美園交番', 42.66, 141.63, 1, 'POLYGON((141.62 42.65, 141.64 42.65, 141.64 42.67, 141.62 42.67, 141.62 42.65))', 'test');
-- 2023-01-02 is a Monday; 2023-04-01 a Saturday (fiscal year 2023 starts); 2024-03-31 a Sunday.
INSERT INTO incidents (incident_id, data_year, fiscal_year, recorded_on, occurred_on, occurred_at, hour,
                       offence_group, offence, koban, town, place_type, lat, lon, source) VALUES
  ('T1', 2023, 2022, '2023-01-02', '2023-01-02', '2023-01-02 15:00', 15, '窃盗犯', '自転車盗', '糸井', '糸井一丁目', '駐車（輪）場', 42.62, 141.54, 'test'),
  ('T2', 2023, 2022, '2023-01-02', '2023-01-02', '2023-01-02 16:00', 16, '窃盗犯', '自転車盗', '糸井', 'O''Brien町', '道路上', 42.63, 141.555, 'test'),
  ('T3', 2023, 2023, '2023-04-01', '2023-04-01', '2023-04-01 23:00', 23, '窃盗犯', '万引き', '美園', '美園町一丁目', '商業施設', 42.66, 141.63, 'test'),
  ('T4', 2023, 2023, '2023-04-02', '2023-04-02', '2023-04-02 02:00', 2, '粗暴犯', '暴行', '美園', '美園町一丁目', '道路上', 42.66, 141.63, 'test'),
  ('T5', 2023, 2023, '2023-05-10', '2023-05-10', NULL, NULL, '窃盗犯', '自転車盗', '糸井', '糸井一丁目', '駐車（輪）場', 42.62, 141.54, 'test'),
  ('T6', 2024, 2023, '2024-03-31', '2024-03-31', '2024-03-31 12:00', 12, '窃盗犯', '自転車盗', '美園', NULL, '道路上', NULL, NULL, 'test'),
  ('T7', 2024, 2024, '2024-04-01', NULL, NULL, NULL, 'その他', '器物損壊', '糸井', 'O''Brien町', 'その他', 42.63, 141.555, 'test'),
  ('T8', 2022, 2022, '2022-12-31', '2022-12-30', '2022-12-30 18:00', 18, '窃盗犯', '自転車盗', '糸井', '糸井一丁目', '道路上', 42.62, 141.54, 'test');
INSERT INTO annual_offences VALUES (2022, 1, 'test'), (2023, 5, 'test'), (2024, 2, 'test');
