package org.gridwatch.outline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.gridwatch.geo.GeometryFactories;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKTWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The district_outline table (one row, id 1): plain JDBC in SQL both H2GIS and PostGIS understand. */
@Repository
class OutlineStore {

    private final JdbcTemplate jdbc;

    OutlineStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<DistrictOutlineView> find() {
        return jdbc.query("SELECT name, source, ST_AsBinary(geom) AS wkb, area_m2, created_at, updated_at, version "
                + "FROM district_outline WHERE id = 1", (rs, n) -> row(rs)).stream().findFirst();
    }

    /** Writes the row: an insert when there is none, else an update. */
    void write(DistrictOutlineView o, boolean exists) {
        String wkt = new WKTWriter().write(o.geometry());
        OffsetDateTime created = o.createdAt().atOffset(ZoneOffset.UTC);
        OffsetDateTime updated = o.updatedAt().atOffset(ZoneOffset.UTC);
        if (exists) {
            jdbc.update("UPDATE district_outline SET name = ?, source = ?, geom = ST_GeomFromText(?, 4326), "
                    + "area_m2 = ?, created_at = ?, updated_at = ?, version = ? WHERE id = 1",
                    o.name(), o.source(), wkt, o.areaM2(), created, updated, o.version());
        } else {
            jdbc.update("INSERT INTO district_outline (id, name, source, geom, area_m2, created_at, updated_at, "
                    + "version) VALUES (1, ?, ?, ST_GeomFromText(?, 4326), ?, ?, ?, ?)",
                    o.name(), o.source(), wkt, o.areaM2(), created, updated, o.version());
        }
    }

    void delete() {
        jdbc.update("DELETE FROM district_outline WHERE id = 1");
    }

    private static DistrictOutlineView row(ResultSet rs) throws SQLException {
        Geometry g;
        try {
            g = new WKBReader(GeometryFactories.WGS84).read(rs.getBytes("wkb"));
        } catch (ParseException e) {
            throw new IllegalStateException("unreadable district outline: " + e.getMessage(), e);
        }
        g.setSRID(4326);
        return new DistrictOutlineView(rs.getString("name"), rs.getString("source"), g, rs.getDouble("area_m2"),
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
