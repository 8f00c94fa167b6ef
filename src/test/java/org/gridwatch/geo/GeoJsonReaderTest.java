package org.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

class GeoJsonReaderTest {

    private static Geometry read(String json) {
        return GeoJsonReader.geometry(GeoJsonReader.parseTree(json));
    }

    @Test
    void aLineOfOnePositionIsAFormatErrorNotAJtsException() {
        // Found by GeoJsonFuzzTest (regression input regression-one-point-linestring).
        assertThatThrownBy(() -> read("{\"type\":\"MultiLineString\",\"coordinates\":[[[1,1]],[]]}"))
                .isInstanceOfSatisfying(GeoJsonFormatException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("geometry.line.tooFewPoints"));
        assertThatThrownBy(() -> read("{\"type\":\"LineString\",\"coordinates\":[[116.4,39.9]]}"))
                .isInstanceOfSatisfying(GeoJsonFormatException.class,
                        e -> assertThat(e.getMessage()).contains("116.4"));
    }

    @Test
    void aLineOfTwoPositionsIsRead() {
        Geometry line = read("{\"type\":\"LineString\",\"coordinates\":[[116.4,39.9],[116.5,39.9]]}");
        assertThat(line.getNumPoints()).isEqualTo(2);
        assertThat(line.getLength()).isEqualTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
    }
}
