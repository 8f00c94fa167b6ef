-- Issue 21, scale and speed.
-- The duplicate check of every report looks for open cases of its class near the point; the GiST index
-- on all cases walks a year of closed ones to find the few open ones. This one holds the open cases only
-- (the query's own condition, so the planner can use it).
CREATE INDEX cases_open_geom_idx ON cases USING GIST (geom) WHERE status NOT IN ('closed', 'rejected', 'merged');
-- The evaluation keeps its figures in memory (cases.evaluation.EvaluationIndex) and reads the cases
-- changed since its last look by updated_at.
CREATE INDEX cases_updated_at_idx ON cases (updated_at);
