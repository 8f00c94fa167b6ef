-- PostgreSQL's V190 (a covering index and coordinate statistics for OGC API pages filtered by a box) has no
-- counterpart here: H2 finds a box's features through its tile index (feature.geom_tile, V87) and already
-- answers those pages in ~10 ms. This file keeps both stores' migration versions in step.
SELECT 1;
