package org.gridwatch.street;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.locationtech.jts.geom.LineString;

@Entity
@Table(name = "street")
class Street {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    @Column(name = "street_class")
    private String streetClass;

    @Column(nullable = false)
    private LineString geom;

    private String oneway;

    private long version;

    protected Street() {
    }

    Street(String name, String streetClass, LineString geom) {
        this.name = name;
        this.streetClass = streetClass;
        this.geom = geom;
    }

    StreetView view() {
        return new StreetView(id, name, streetClass, geom, oneway, version);
    }
}
