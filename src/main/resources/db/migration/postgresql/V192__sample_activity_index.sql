-- Whether generated sample activity is stored (the summary and the map say 示例数据) is asked on every summary
-- and map start. LIKE 'sample-…%' cannot use the client-id index under most collations, and without a match
-- PostgreSQL read every row (about a second at 1,000,000 inspections). These partial indexes hold the sample rows
-- only: empty on a real district, and the question is answered from them at once.
CREATE INDEX IF NOT EXISTS inspection_sample_idx ON inspection (id) WHERE client_id LIKE 'sample-i-%';
CREATE INDEX IF NOT EXISTS patrol_sample_idx ON patrol (id) WHERE client_id LIKE 'sample-p-%';
