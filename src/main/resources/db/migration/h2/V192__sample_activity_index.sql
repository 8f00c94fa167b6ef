-- PostgreSQL's V192 (partial indexes that find generated sample activity without reading every record) has no
-- counterpart here: H2 has no partial indexes. This file keeps both stores' migration versions in step.
SELECT 1;
