-- The case loop's roles (issue 21): dispatcher (受理/派遣) and handler (处置部门). A handler account
-- names its department. H2 names an inline CHECK constraint itself, so the role table is rebuilt
-- with the wider list rather than altered by constraint name.
CREATE TABLE app_user_role_v101 (
    username  VARCHAR(64) NOT NULL REFERENCES app_user (username) ON DELETE CASCADE,
    role      VARCHAR(32) NOT NULL CHECK (role IN ('admin', 'planner', 'vector_control', 'grid_worker', 'viewer',
                                                   'dispatcher', 'handler')),
    PRIMARY KEY (username, role)
);
INSERT INTO app_user_role_v101 (username, role) SELECT username, role FROM app_user_role;
DROP TABLE app_user_role;
ALTER TABLE app_user_role_v101 RENAME TO app_user_role;

ALTER TABLE app_user ADD COLUMN department_code VARCHAR(32) REFERENCES departments (code);
