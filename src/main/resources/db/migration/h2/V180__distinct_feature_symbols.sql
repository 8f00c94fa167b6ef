-- Feature types told apart by shape and by colour-blind users (issue 18): 窨井, 鼠洞 and 入户调查点 were
-- all brown circles. Colours from the Okabe-Ito palette, which stays distinct under protanopia,
-- deuteranopia and tritanopia; every type has its own shape (frontend/js/lib/symbols.js). Only rows
-- still holding the shipped symbol and colour change: a district's own choice is kept.
UPDATE feature_type SET color = '#009e73' WHERE type_key = 'trash_bin' AND symbol = 'bin' AND color = '#2e7d32';
UPDATE feature_type SET color = '#333333' WHERE type_key = 'sewer_well' AND symbol = 'well' AND color = '#6d4c41';
UPDATE feature_type SET color = '#d55e00' WHERE type_key = 'rat_bait_station' AND symbol = 'bait' AND color = '#c62828';
UPDATE feature_type SET color = '#0072b2' WHERE type_key = 'stagnant_water' AND symbol = 'water' AND color = '#1565c0';
UPDATE feature_type SET color = '#cc79a7' WHERE type_key = 'rodent_sign' AND symbol = 'rodent' AND color = '#8d6e63';
UPDATE feature_type SET color = '#e69f00' WHERE type_key = 'garbage_point' AND symbol = 'garbage' AND color = '#f9a825';
UPDATE feature_type SET color = '#f0e442' WHERE type_key = 'key_unit' AND symbol = 'unit' AND color = '#5e35b1';
UPDATE feature_type SET symbol = 'landing', color = '#56b4e9'
 WHERE type_key = 'landing_site' AND symbol = 'dot' AND color = '#00838f';
UPDATE feature_type SET symbol = 'household', color = '#882255'
 WHERE type_key = 'household_survey' AND symbol = 'dot' AND color = '#6d4c41';
