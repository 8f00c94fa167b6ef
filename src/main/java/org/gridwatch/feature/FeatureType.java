package org.gridwatch.feature;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A kind of point feature. A table, not an enum, so a district can add its own kinds. */
@Entity
@Table(name = "feature_type")
class FeatureType {

    @Id
    @Column(name = "type_key")
    private String key;

    @Column(name = "label_zh", nullable = false)
    private String labelZh;

    @Column(name = "label_en", nullable = false)
    private String labelEn;

    @Column(nullable = false)
    private String symbol;

    @Column(nullable = false)
    private String color;

    @Column(name = "part_code")
    private String partCode;

    @Column(name = "sort_order", nullable = false)
    private int sortOrder;

    protected FeatureType() {
    }

    FeatureType(FeatureTypeView v) {
        this.key = v.key();
        this.labelZh = v.labelZh();
        this.labelEn = v.labelEn();
        this.symbol = v.symbol();
        this.color = v.color();
        this.partCode = v.partCode();
        this.sortOrder = v.sortOrder();
    }

    FeatureTypeView view() {
        return new FeatureTypeView(key, labelZh, labelEn, symbol, color, partCode, sortOrder);
    }
}
