-- The case loop's roles (issue 21): dispatcher (受理/派遣) and handler (处置部门). A handler account
-- names its department.
ALTER TABLE app_user_role DROP CONSTRAINT app_user_role_role_check;
ALTER TABLE app_user_role ADD CONSTRAINT app_user_role_role_check
    CHECK (role IN ('admin', 'planner', 'vector_control', 'grid_worker', 'viewer', 'dispatcher', 'handler'));

ALTER TABLE app_user ADD COLUMN department_code VARCHAR(32) REFERENCES departments (code);
