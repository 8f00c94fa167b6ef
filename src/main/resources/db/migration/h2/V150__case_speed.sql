-- Issue 21, scale and speed. (PostgreSQL also gets a partial index of open cases for the duplicate
-- check; H2 has no partial indexes and finds the point's tiles by cases_geom_tile_idx.)
-- The evaluation keeps its figures in memory (cases.evaluation.EvaluationIndex) and reads the cases
-- changed since its last look by updated_at.
CREATE INDEX cases_updated_at_idx ON cases (updated_at);
