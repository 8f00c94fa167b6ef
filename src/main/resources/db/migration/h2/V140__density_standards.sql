-- Density levels by the standard (issue 17): key units (重点单位) and the room checks of the indoor
-- indicators of GB/T 27770-27773, mosquito landing and Breteau surveys, and a thresholds table that
-- tells the standard's indicators (kind national: graded A/B/C) from a district's management
-- figures (kind local: an optional local target, never a national level, never failing a vector).

INSERT INTO feature_type (type_key, label_zh, label_en, symbol, color, part_code, sort_order)
SELECT 'key_unit', '重点单位', 'Key unit', 'unit', '#5e35b1', NULL, 20
 WHERE NOT EXISTS (SELECT 1 FROM feature_type WHERE type_key = 'key_unit');
INSERT INTO feature_type (type_key, label_zh, label_en, symbol, color, part_code, sort_order)
SELECT 'landing_site', '蚊虫停落监测点', 'Mosquito landing site', 'dot', '#00838f', NULL, 21
 WHERE NOT EXISTS (SELECT 1 FROM feature_type WHERE type_key = 'landing_site');
INSERT INTO feature_type (type_key, label_zh, label_en, symbol, color, part_code, sort_order)
SELECT 'household_survey', '入户调查点（布雷图）', 'Household survey (Breteau)', 'dot', '#6d4c41', NULL, 22
 WHERE NOT EXISTS (SELECT 1 FROM feature_type WHERE type_key = 'household_survey');

-- A key unit is a feature (its point: the entrance, or the interior point of its outline, which
-- decides its grid); the outline, when the unit was given as a polygon, is kept beside it.
CREATE TABLE key_unit_outline (
    feature_id  BIGINT PRIMARY KEY,
    geom        GEOMETRY(GEOMETRY, 4326) NOT NULL
);

INSERT INTO inspection_field (type_key, field_key, label_zh, label_en, kind, min_value, max_value, options, sort_order) VALUES
  ('key_unit', 'roomsChecked',            '检查房间数',       'Rooms checked',                    'integer', 0, NULL, NULL, 1),
  ('key_unit', 'roomsWithRodentSigns',    '有鼠迹房间数',     'Rooms with rodent signs',          'integer', 0, NULL, NULL, 2),
  ('key_unit', 'ratProofingChecked',      '检查防鼠设施数',   'Rat-proofing facilities checked',  'integer', 0, NULL, NULL, 3),
  ('key_unit', 'ratProofingCompliant',    '防鼠设施合格数',   'Rat-proofing facilities compliant','integer', 0, NULL, NULL, 4),
  ('key_unit', 'roomsWithFlies',          '有蝇房间数',       'Rooms with flies',                 'integer', 0, NULL, NULL, 5),
  ('key_unit', 'flyProofingChecked',      '检查防蝇设施数',   'Fly-proofing facilities checked',  'integer', 0, NULL, NULL, 6),
  ('key_unit', 'flyProofingCompliant',    '防蝇设施合格数',   'Fly-proofing facilities compliant','integer', 0, NULL, NULL, 7),
  ('key_unit', 'roomsWithCockroaches',    '有成若虫房间数',   'Rooms with adult/nymph cockroaches','integer', 0, NULL, NULL, 8),
  ('key_unit', 'roomsWithEggCases',       '有卵鞘房间数',     'Rooms with egg cases',             'integer', 0, NULL, NULL, 9),
  ('key_unit', 'roomsWithCockroachSigns', '有蟑迹房间数',     'Rooms with cockroach signs',       'integer', 0, NULL, NULL, 10),
  ('landing_site', 'personChecks', '监测人次',   'Person-checks',       'integer', 0, NULL, NULL, 1),
  ('landing_site', 'mosquitoes',   '停落蚊虫数', 'Mosquitoes landed',   'integer', 0, NULL, NULL, 2),
  ('household_survey', 'households',         '检查户数',     'Households checked',   'integer', 0, NULL, NULL, 1),
  ('household_survey', 'positiveContainers', '阳性容器数',   'Positive containers',  'integer', 0, NULL, NULL, 2);

ALTER TABLE inspection ADD COLUMN t_key_units INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_rooms INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_rooms_rodent INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_ratproof_checked INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_ratproof_ok INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_rooms_flies INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_flyproof_checked INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_flyproof_ok INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_rooms_roach INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_rooms_eggcase INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_rooms_roach_sign INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_water_bodies INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_landing_sites INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_landing_checks INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_landing_mosquitoes INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_households INT NOT NULL DEFAULT 0;
ALTER TABLE inspection ADD COLUMN t_positive_containers INT NOT NULL DEFAULT 0;
UPDATE inspection SET t_water_bodies = 1 WHERE t_dips > 0;

-- kind national: A/B/C from a, b, c; kind local: target (null: none set) and never a level.
-- sample_unit: what min_sample counts (distinct rooms, facilities, key units, km of track, water
-- bodies, sites, households).
ALTER TABLE density_threshold ADD COLUMN kind VARCHAR(8) DEFAULT 'national' NOT NULL;
ALTER TABLE density_threshold ADD COLUMN sample_unit VARCHAR(16) DEFAULT 'checks' NOT NULL;
ALTER TABLE density_threshold ADD COLUMN target DOUBLE PRECISION;
ALTER TABLE density_threshold ALTER COLUMN a SET NULL;
ALTER TABLE density_threshold ALTER COLUMN b SET NULL;
ALTER TABLE density_threshold ALTER COLUMN c SET NULL;

-- The bait-station sign rate was graded as 鼠迹阳性率; the standard's rate is of rooms in key units.
UPDATE density_threshold SET indicator = 'bait_station_sign_rate' WHERE indicator = 'rodent_sign_rate';
UPDATE density_threshold SET kind = 'local', sample_unit = 'stations', a = NULL, b = NULL, c = NULL,
       sort_order = sort_order + 100
 WHERE indicator IN ('bait_station_sign_rate', 'bait_no_bait_rate', 'bait_ineffective_rate', 'bait_misplaced_rate',
                     'bait_no_sign_rate');
UPDATE density_threshold SET kind = 'local', sample_unit = 'wells', a = NULL, b = NULL, c = NULL, sort_order = 111
 WHERE indicator = 'mosquito_sewer_positive_rate';
UPDATE density_threshold SET kind = 'local', sample_unit = 'bins', a = NULL, b = NULL, c = NULL, sort_order = 112
 WHERE indicator = 'fly_lidded_bin_rate';
UPDATE density_threshold SET sample_unit = 'km' WHERE indicator IN ('rodent_path_index', 'mosquito_small_water_path_index');
UPDATE density_threshold SET sample_unit = 'water_bodies', min_sample = 3
 WHERE indicator IN ('mosquito_positive_dip_rate', 'mosquito_larvae_per_positive_dip');
UPDATE density_threshold SET sample_unit = 'sites' WHERE indicator = 'fly_breeding_site_positive_rate';

INSERT INTO density_threshold (indicator, vector, a, b, c, direction, inclusive, min_sample, sort_order, kind, sample_unit, target) VALUES
  ('rodent_sign_rate',             'rodent',    1,   3,   5,   'max', TRUE, 50, 2,  'national', 'rooms',      NULL),
  ('rodent_proofing_rate',         'rodent',    97,  95,  93,  'min', TRUE, 20, 3,  'national', 'facilities', NULL),
  ('mosquito_landing_index',       'mosquito',  0.5, 1.0, 1.5, 'max', TRUE, 3,  10, 'national', 'sites',      NULL),
  ('fly_room_rate',                'fly',       3,   6,   9,   'max', TRUE, 50, 12, 'national', 'rooms',      NULL),
  ('fly_proofing_rate',            'fly',       98,  95,  90,  'min', TRUE, 20, 13, 'national', 'facilities', NULL),
  ('cockroach_infestation_rate',   'cockroach', 1,   3,   5,   'max', TRUE, 50, 20, 'national', 'rooms',      NULL),
  ('cockroach_egg_case_rate',      'cockroach', 1,   2,   3,   'max', TRUE, 50, 21, 'national', 'rooms',      NULL),
  ('cockroach_sign_rate',          'cockroach', 3,   5,   7,   'max', TRUE, 50, 22, 'national', 'rooms',      NULL),
  ('mosquito_breteau_index',       'mosquito',  NULL, NULL, NULL, 'max', TRUE, 50, 110, 'local', 'households', NULL);
