package org.gridwatch.grid;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.gridwatch.history.Snapshot;
import org.locationtech.jts.geom.Geometry;

/** A stored grid. Other packages see grids through {@link GridView}, never through this entity. */
@Entity
@Table(name = "grid")
class Grid {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true)
    private String code;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String level;

    @Column(name = "parent_code")
    private String parentCode;

    @Column(name = "responsible_person")
    private String responsiblePerson;

    private String phone;

    @Column(nullable = false)
    private Geometry geom;

    @Column(name = "area_m2", nullable = false)
    private double areaM2;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Grid() {
    }

    Grid(String code, GridLevel level) {
        this.code = code;
        this.level = level.key();
    }

    void apply(GridDraft draft, double areaM2, Instant now) {
        this.name = draft.name();
        this.parentCode = draft.parentCode();
        this.responsiblePerson = draft.responsiblePerson();
        this.phone = draft.phone();
        this.geom = draft.geometry();
        this.areaM2 = areaM2;
        if (createdAt == null) createdAt = now;
        this.updatedAt = now;
    }

    GridView view() {
        return new GridView(code, name, GridLevel.parse(level), parentCode, responsiblePerson, phone, geom, areaM2,
                createdAt, updatedAt, version);
    }

    /** The whole row as the change history keeps it (the view plus the database id). */
    Snapshot snapshot() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", id);
        p.putAll(view().properties());
        p.put("areaM2", areaM2);
        return new Snapshot(p, geom);
    }

    Long id() {
        return id;
    }

    String code() {
        return code;
    }

    GridLevel level() {
        return GridLevel.parse(level);
    }

    Geometry geometry() {
        return geom;
    }

    long version() {
        return version;
    }
}
