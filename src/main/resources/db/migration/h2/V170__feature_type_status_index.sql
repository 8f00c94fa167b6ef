-- OGC API items filtered on status (as a queryable or in CQL2): a page of one type and status in id order, and
-- its count, read from this index instead of walking (type_key, id) past every feature of another status
-- (a page of 1,000 removed trash bins walked 86,000 rows, 600 ms, on the benchmark city's PostGIS).
CREATE INDEX IF NOT EXISTS feature_type_status_id_idx ON feature (type_key, status, id);
