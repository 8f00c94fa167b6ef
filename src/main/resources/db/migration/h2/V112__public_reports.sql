-- Residents' reports from the public page (org.gridwatch.cases.publicreport): the tracking number the
-- resident got, and the case it follows. The tracking number is random (not the case's day-and-sequence
-- number), so nobody can walk through other people's reports by counting.
CREATE TABLE public_report (
    tracking_code  VARCHAR(16) PRIMARY KEY,
    case_id        BIGINT NOT NULL UNIQUE REFERENCES cases (id),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
