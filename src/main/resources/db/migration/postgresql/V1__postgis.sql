-- Needs a superuser, or PostGIS created when the database was provisioned (docker-compose and
-- .ci/run do that); then this is a no-op.
CREATE EXTENSION IF NOT EXISTS postgis;
