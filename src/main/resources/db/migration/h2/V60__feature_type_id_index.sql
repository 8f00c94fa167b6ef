-- OGC API items are keyset pages of one feature type ordered by id ("type_key = ? AND id > ? ORDER BY id
-- LIMIT n"); with this index such a page is one short range scan at any depth of a 1,000,000-row table,
-- and counting one type reads only the index.
CREATE INDEX feature_type_id_idx ON feature (type_key, id);
