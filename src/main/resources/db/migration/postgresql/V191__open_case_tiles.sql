-- The embedded store's V191 (tiles of the open cases, standing in for a partial index) has no counterpart
-- here: PostgreSQL finds open cases by box through the partial GiST index of V150. This file keeps both
-- stores' migration versions in step.
SELECT 1;
