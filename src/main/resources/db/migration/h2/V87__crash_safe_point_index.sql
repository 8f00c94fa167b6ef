-- H2 2.4.240's spatial (R-tree) indexes are not crash safe: once uncommitted changes to one have
-- reached the file (a large transaction spills them, the background writer stores them every
-- second), a process killed before the commit leaves a file H2 cannot open again: rolling the
-- leftover transaction back opens the R-tree map with the generic key type ("ValueDataType cannot be
-- cast to SpatialDataType", H2 issue #2017). B-tree maps roll back fine, so the embedded store keeps
-- no R-tree at all.
DROP INDEX IF EXISTS feature_geom_idx;
DROP INDEX IF EXISTS grid_geom_idx;
DROP INDEX IF EXISTS street_geom_idx;

-- Viewports over up to a million features instead use the point's tile of a fixed 0.002 degree
-- lattice (org.gridwatch.geo.PointTiles computes the same number), looked up in a B-tree: the
-- queries add "geom_tile IN (tiles of the box)" to "geom && box". Grids and streets are a few
-- thousand to a hundred thousand rows whose envelopes H2 keeps with the cached rows: scanned.
ALTER TABLE feature ADD COLUMN geom_tile BIGINT GENERATED ALWAYS AS (
    (CAST(FLOOR(ST_X(geom) * 500) AS BIGINT) + 90000) * 100000 + CAST(FLOOR(ST_Y(geom) * 500) AS BIGINT) + 45000);
CREATE INDEX feature_geom_tile_idx ON feature (geom_tile);
