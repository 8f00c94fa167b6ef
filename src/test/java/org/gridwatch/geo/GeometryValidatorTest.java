package org.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class GeometryValidatorTest {

    private static final WKTReader WKT = new WKTReader(GeometryFactories.WGS84);

    private static Optional<GeometryIssue> check(String wkt) throws ParseException {
        return GeometryValidator.check(WKT.read(wkt), GeometryValidator.AREAL);
    }

    private static void checkIssue(String wkt, String kind, double lon, double lat) throws ParseException {
        GeometryIssue issue = check(wkt).orElseThrow();
        assertThat(issue.kind()).isEqualTo(kind);
        assertThat(issue.lon()).isCloseTo(lon, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(issue.lat()).isCloseTo(lat, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void validPolygonPasses() throws ParseException {
        assertThat(check("POLYGON ((114 22, 114.01 22, 114.01 22.01, 114 22.01, 114 22))")).isEmpty();
    }

    @Test
    void bowtieIsReportedWhereItCrossesItself() throws ParseException {
        checkIssue("POLYGON ((114 22, 114.02 22.02, 114.02 22, 114 22.02, 114 22))", "geometry.selfIntersection",
                114.01, 22.01);
    }

    @Test
    void holeOutsideShellIsReported() throws ParseException {
        assertThat(check("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (20 20, 21 20, 21 21, 20 21, 20 20))")
                .orElseThrow().kind()).isEqualTo("geometry.holeOutsideShell");
    }

    @Test
    void coordinateOutOfRangeNamesTheCoordinate() throws ParseException {
        GeometryIssue issue = check("POLYGON ((179 10, 181 10, 181 11, 179 11, 179 10))").orElseThrow();
        assertThat(issue.kind()).isEqualTo("geometry.coordinate.range");
        assertThat(issue.lon()).isEqualTo(181);
        assertThat(issue.englishDetail()).contains("181");
        assertThat(check("POLYGON ((10 -91, 11 -91, 11 -89, 10 -89, 10 -91))").orElseThrow().kind())
                .isEqualTo("geometry.coordinate.range");
    }

    @Test
    void notANumberIsRefused() {
        Geometry g = GeoJsonReader.geometry(GeoJsonReader.parseTree(
                "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[NaN,0],[1,1],[0,1],[0,0]]]}"));
        assertThat(GeometryValidator.check(g, GeometryValidator.AREAL).orElseThrow().kind())
                .isEqualTo("geometry.coordinate.nan");
    }

    @Test
    void ringWithTooFewPositionsIsRefusedWhileReading() {
        assertThatThrownBy(() -> GeoJsonReader.geometry(GeoJsonReader.parseTree(
                "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}")))
                .isInstanceOf(GeoJsonFormatException.class)
                .hasMessageContaining("at least 4 positions")
                .extracting(e -> ((GeoJsonFormatException) e).messageKey())
                .isEqualTo("geometry.ring.tooFewPoints");
    }

    @Test
    void wrongTypeIsRefused() throws ParseException {
        assertThat(GeometryValidator.check(WKT.read("POINT (1 2)"), GeometryValidator.AREAL).orElseThrow().kind())
                .isEqualTo("geometry.type");
        assertThat(GeometryValidator.check(WKT.read("POINT (1 2)"), GeometryValidator.PUNTAL)).isEmpty();
    }
}
