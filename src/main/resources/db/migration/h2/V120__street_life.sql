-- Streets get the life of grids and features: an optimistic version for edits, and the OSM one-way
-- rule (yes: only along the line, -1: only against it, null: both ways) that vehicle routes obey.
ALTER TABLE street ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE street ADD COLUMN oneway VARCHAR(8);
