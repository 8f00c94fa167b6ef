package org.gridwatch.feature;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.locationtech.jts.geom.Point;

/** A stored point feature. Other packages see it as {@link FeatureView}. */
@Entity
@Table(name = "feature")
class Feature {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "type_key", nullable = false)
    private String type;

    @Column(nullable = false)
    private Point geom;

    private String name;
    private String code;
    private String address;

    @Column(nullable = false)
    private String status;

    private String attributes;

    @Column(name = "grid_code")
    private String gridCode;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Feature() {
    }

    void apply(FeatureDraft d, String gridCode, Instant now) {
        this.type = d.type();
        this.geom = d.point();
        this.name = d.name();
        this.code = d.code();
        this.address = d.address();
        this.status = d.status();
        this.attributes = d.attributesJson();
        this.gridCode = gridCode;
        if (createdAt == null) createdAt = d.createdAt() != null ? d.createdAt() : now;
        this.updatedAt = now;
    }

    long version() {
        return version;
    }

    FeatureView view() {
        return new FeatureView(id, type, geom.getX(), geom.getY(), name, code, address, status, attributes, gridCode,
                createdAt, updatedAt, version);
    }
}
