-- Base-map settings the admin enters on the map page (issue 18): the Tianditu (天地图) key. One row
-- (id is always 1); no row or a NULL key means Tianditu is not offered.
CREATE TABLE base_map_settings (
    id             INT          PRIMARY KEY CHECK (id = 1),
    tianditu_key   VARCHAR(64),
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by     VARCHAR(100)
);
