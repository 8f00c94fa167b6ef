-- The district outline (街道辖区边界): the street office's boundary, one per store (id is always 1).
-- Versioned like grids: every write is recorded in change_history (entity district_outline, id district).
CREATE TABLE district_outline (
    id          INT          PRIMARY KEY CHECK (id = 1),
    name        VARCHAR(200) NOT NULL,
    source      VARCHAR(16)  NOT NULL CHECK (source IN ('drawn', 'imported', 'generated', 'restored')),
    geom        geometry(Geometry, 4326) NOT NULL,
    area_m2     DOUBLE PRECISION NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT       NOT NULL
);
