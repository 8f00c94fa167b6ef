-- The four types every district starts with; districts add their own through the API.
-- part_code: the national urban-management part classification (sewer-well cover is 01-02).
INSERT INTO feature_type (type_key, label_zh, label_en, symbol, color, part_code, sort_order) VALUES
  ('trash_bin',        '垃圾桶', 'Trash bin',          'bin',    '#2e7d32', NULL,   1),
  ('sewer_well',       '窨井',   'Sewer well',         'well',   '#6d4c41', '0102', 2),
  ('rat_bait_station', '毒饵站', 'Rat-bait station',   'bait',   '#c62828', NULL,   3),
  ('stagnant_water',   '积水点', 'Stagnant water site', 'water', '#1565c0', NULL,   4);
