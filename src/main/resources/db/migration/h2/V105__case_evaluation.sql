-- Evaluation of the case loop (docs/evaluation.md). The handling time in working minutes needs the
-- working calendar, which SQL does not know: the evaluation computes it in Java once per handling and
-- keeps it here, with who handled the case (the actor of its last handle transition), so one GROUP BY
-- answers every figure without loading cases.
ALTER TABLE cases ADD COLUMN handling_work_minutes INT;
ALTER TABLE cases ADD COLUMN handled_by VARCHAR(64);

-- Each flow figure selects the cases whose step instant lies in the period.
CREATE INDEX cases_registered_at_idx ON cases (registered_at);
CREATE INDEX cases_dispatched_at_idx ON cases (dispatched_at);
CREATE INDEX cases_handled_at_idx ON cases (handled_at);
CREATE INDEX cases_verified_at_idx ON cases (verified_at);
CREATE INDEX cases_closed_at_idx ON cases (closed_at);

-- The watermark of the incremental computation: cases handled after it (less a margin) are (re)computed.
CREATE TABLE case_evaluation_state (
    id              INT PRIMARY KEY CHECK (id = 1),
    handled_through TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO case_evaluation_state (id, handled_through) VALUES (1, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');
