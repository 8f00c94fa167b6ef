-- The tiles of the open cases only (null for closed, rejected and merged ones), indexed: H2 has no partial
-- index, and the map's case layer (open cases of a street view) and the duplicate check at each report (open
-- cases of a class within 50 m) read every case of the year lying in the view's tiles through geom_tile: at
-- 1,000,000 cases a zoom-17 view holds ~9,000 cases of which ~100 are open (the layer took 240 ms, p50).
-- PostgreSQL has the partial GiST index of open cases instead (V150).
ALTER TABLE cases ADD COLUMN open_geom_tile BIGINT GENERATED ALWAYS AS (
    CASE WHEN status IN ('reported', 'registered', 'dispatched', 'handled', 'verified') THEN
        (CAST(FLOOR(ST_X(geom) * 500) AS BIGINT) + 90000) * 100000 + CAST(FLOOR(ST_Y(geom) * 500) AS BIGINT) + 45000
    END);
CREATE INDEX cases_open_tile_idx ON cases (open_geom_tile);
