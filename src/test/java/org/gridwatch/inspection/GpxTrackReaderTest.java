package org.gridwatch.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

class GpxTrackReaderTest {

    static Geometry read(String xml) {
        return GpxTrackReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<gpx version=\"1.1\" creator=\"test\" xmlns=\"http://www.topografix.com/GPX/1/1\">";

    @Test
    void oneSegmentIsALineStringInLonLatOrder() {
        Geometry g = read(HEAD + "<trk><name>巡查</name><trkseg>"
                + "<trkpt lat=\"22.54\" lon=\"114.05\"><ele>3</ele><time>2026-07-01T00:30:00Z</time></trkpt>"
                + "<trkpt lat=\"22.541\" lon=\"114.051\"/><trkpt lat=\"22.542\" lon=\"114.051\"/></trkseg></trk></gpx>");
        assertThat(g.getGeometryType()).isEqualTo("LineString");
        assertThat(g.getNumPoints()).isEqualTo(3);
        assertThat(g.getCoordinates()[0].x).isEqualTo(114.05);
        assertThat(g.getCoordinates()[0].y).isEqualTo(22.54);
        assertThat(g.getSRID()).isEqualTo(4326);
    }

    @Test
    void severalSegmentsMakeAMultiLineStringAndOnePointSegmentsAreDropped() {
        Geometry g = read(HEAD + "<trk><trkseg><trkpt lat=\"1\" lon=\"2\"/><trkpt lat=\"1.1\" lon=\"2\"/></trkseg>"
                + "<trkseg><trkpt lat=\"5\" lon=\"5\"/></trkseg></trk>"
                + "<trk><trkseg><trkpt lat=\"3\" lon=\"4\"/><trkpt lat=\"3\" lon=\"4.1\"/></trkseg></trk></gpx>");
        assertThat(g.getGeometryType()).isEqualTo("MultiLineString");
        assertThat(g.getNumGeometries()).isEqualTo(2);
    }

    @Test
    void refusesFilesWithoutTrackBadCoordinatesAndEntities() {
        assertThatThrownBy(() -> read(HEAD + "<wpt lat=\"1\" lon=\"2\"/></gpx>"))
                .isInstanceOf(GpxTrackReader.GpxException.class).hasMessageContaining("no track segment");
        assertThatThrownBy(() -> read(HEAD + "<trk><trkseg><trkpt lat=\"95\" lon=\"2\"/><trkpt lat=\"1\" lon=\"2\"/>"
                + "</trkseg></trk></gpx>")).isInstanceOf(GpxTrackReader.GpxException.class).hasMessageContaining("lat");
        assertThatThrownBy(() -> read("not xml")).isInstanceOf(GpxTrackReader.GpxException.class);
        assertThatThrownBy(() -> read("<?xml version=\"1.0\"?><!DOCTYPE gpx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\">&x;</trkpt><trkpt lat=\"1\" lon=\"3\"/></trkseg></trk></gpx>"))
                .isInstanceOf(GpxTrackReader.GpxException.class);
    }

    @Test
    void aTrackOfAMillionPointsIsRefusedAtTheCapWithoutBeingHeld(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("million.gpx");
        try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(file)) {
            w.write(HEAD + "<trk><trkseg>");
            for (int i = 0; i < 1_000_000; i++) {
                w.write("<trkpt lat=\"22." + (100000 + i) + "\" lon=\"114." + (100000 + i) + "\"/>");
            }
            w.write("</trkseg></trk></gpx>");
        }
        assertThat(java.nio.file.Files.size(file)).isGreaterThan(40_000_000L);
        long start = System.nanoTime();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            assertThatThrownBy(() -> GpxTrackReader.read(in, 100_000))
                    .isInstanceOf(GpxTrackReader.GpxException.class)
                    .satisfies(e -> assertThat(((GpxTrackReader.GpxException) e).messageKey())
                            .isEqualTo("patrol.gpx.tooManyPoints"));
        }
        assertThat((System.nanoTime() - start) / 1e9).as("stops at the cap, not at the end").isLessThan(5.0);
        // The default cap is a JSON track's.
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            assertThatThrownBy(() -> GpxTrackReader.read(in)).isInstanceOf(GpxTrackReader.GpxException.class);
        }
    }

    @Test
    void refusalsCarryOurKeysNotTheParsersWords() {
        assertThatThrownBy(() -> read("not xml")).satisfies(e -> {
            GpxTrackReader.GpxException g = (GpxTrackReader.GpxException) e;
            assertThat(g.messageKey()).isEqualTo("patrol.gpx.notXml");
            assertThat(g.arguments()).isEmpty();
        });
    }
}
