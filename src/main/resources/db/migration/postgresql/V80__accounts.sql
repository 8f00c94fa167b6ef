-- Accounts of the people who sign in. The password is stored as Spring Security's delegating
-- encoder writes it ("{bcrypt}$2a$..."), so the algorithm can change later without a migration.
CREATE TABLE app_user (
    username       VARCHAR(64)  PRIMARY KEY,
    password_hash  VARCHAR(500) NOT NULL,
    enabled        BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE app_user_role (
    username  VARCHAR(64) NOT NULL REFERENCES app_user (username) ON DELETE CASCADE,
    role      VARCHAR(32) NOT NULL CHECK (role IN ('admin', 'planner', 'vector_control', 'grid_worker', 'viewer')),
    PRIMARY KEY (username, role)
);

-- The small grids a grid worker is responsible for. No foreign key to grid: a grid that is deleted or
-- renumbered must not be blocked by an account; a link to a missing grid simply grants nothing.
CREATE TABLE app_user_grid (
    username   VARCHAR(64) NOT NULL REFERENCES app_user (username) ON DELETE CASCADE,
    grid_code  VARCHAR(64) NOT NULL,
    PRIMARY KEY (username, grid_code)
);
CREATE INDEX app_user_grid_code_idx ON app_user_grid (grid_code);
