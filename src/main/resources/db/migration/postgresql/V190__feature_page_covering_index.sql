-- OGC API pages of one feature type filtered by a box (bbox= or CQL2 S_INTERSECTS) and status, in id order.
-- 1. The index also carries each point, so the page's ids come from the index alone: a box of a quarter of the
--    benchmark city passes ~70,000 bins in id order before its first match, and visiting the table for each took
--    50-100 ms; from the index it takes ~10-20 ms.
-- 2. Statistics on the point's coordinates: without them PostgreSQL guesses that ST_X/ST_Y BETWEEN (the exact
--    test behind the single-precision && of the spatial index) keeps 0.5 % x 0.5 % of the rows, expects one
--    match, and collects and sorts all 108,000 matches (BitmapAnd, ~350 ms) instead of walking the index.
CREATE INDEX IF NOT EXISTS feature_type_status_id_geom_idx ON feature (type_key, status, id) INCLUDE (geom);
DROP INDEX IF EXISTS feature_type_status_id_idx;
CREATE STATISTICS IF NOT EXISTS feature_point_xy_stats ON (ST_X(geom)), (ST_Y(geom)) FROM feature;
ANALYZE feature;
