package org.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTReader;

import tools.jackson.databind.JsonNode;

class GeoJsonWriterTest {

    private static final WKTReader WKT = new WKTReader(GeometryFactories.WGS84);

    @Test
    void geometriesSurviveARoundTripToSevenDecimals() throws Exception {
        for (String wkt : List.of("POINT (114.0581234 22.5432109)",
                "LINESTRING (114 22, 114.1 22.1, 114.2 22.05)",
                "POLYGON ((114 22, 114.01 22, 114.01 22.01, 114 22.01, 114 22), (114.002 22.002, 114.002 22.004, 114.004 22.004, 114.004 22.002, 114.002 22.002))",
                "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
                "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))", "MULTIPOINT ((0 0), (-1.5 -2.25))")) {
            Geometry g = WKT.read(wkt);
            Geometry back = GeoJsonReader.geometry(GeoJsonReader.parseTree(GeoJsonWriter.toJson(g)));
            assertThat(back.equalsExact(g, 1e-7)).as(wkt).isTrue();
            assertThat(back.getSRID()).isEqualTo(4326);
        }
    }

    @Test
    void ringsFollowTheRightHandRuleOfRfc7946() throws Exception {
        // Written clockwise in WKT; GeoJSON must carry the exterior ring counter-clockwise and holes clockwise.
        Geometry g = WKT.read("POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))");
        Polygon back = (Polygon) GeoJsonReader.geometry(GeoJsonReader.parseTree(GeoJsonWriter.toJson(g)));
        assertThat(Orientation.isCCW(back.getExteriorRing().getCoordinateSequence())).isTrue();
        assertThat(Orientation.isCCW(back.getInteriorRingN(0).getCoordinateSequence())).isFalse();
    }

    @Test
    void numbersAreWrittenPlainAndRounded() throws Exception {
        StringBuilder sb = new StringBuilder();
        GeoJsonWriter.number(1e-8, sb);
        sb.append(' ');
        GeoJsonWriter.number(-114.00000004, sb);
        sb.append(' ');
        GeoJsonWriter.number(22.5, sb);
        sb.append(' ');
        GeoJsonWriter.number(0.0000001, sb);
        assertThat(sb.toString()).isEqualTo("0 -114 22.5 0.0000001");
    }

    @Test
    void propertiesKeepChineseTextAndEscapeWhatJsonRequires() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("name", "锦绣社区 \"一\"\\网格\n");
        props.put("count", 3);
        props.put("ok", true);
        props.put("none", null);
        props.put("attributes", new GeoJsonWriter.RawJson("{\"lidded\":false}"));
        String json = GeoJsonWriter.feature(7, GeometryFactories.point(114, 22), props);
        JsonNode node = GeoJsonReader.parseTree(json);
        assertThat(node.path("id").intValue()).isEqualTo(7);
        assertThat(node.at("/properties/name").stringValue()).isEqualTo("锦绣社区 \"一\"\\网格\n");
        assertThat(node.at("/properties/count").intValue()).isEqualTo(3);
        assertThat(node.at("/properties/none").isNull()).isTrue();
        assertThat(node.at("/properties/attributes/lidded").booleanValue()).isFalse();
    }

    @Test
    void featureCollectionStreamsFeaturesThenTrailingMembers() {
        StringBuilder sb = new StringBuilder();
        GeoJsonWriter.FeatureCollectionWriter w = new GeoJsonWriter.FeatureCollectionWriter(sb).begin();
        w.feature(1, GeometryFactories.point(1, 2), Map.of());
        w.feature(2, GeometryFactories.point(3, 4), Map.of());
        w.end(Map.of("numberMatched", 2));
        JsonNode node = GeoJsonReader.parseTree(sb.toString());
        assertThat(node.path("features").size()).isEqualTo(2);
        assertThat(node.path("numberMatched").intValue()).isEqualTo(2);
        assertThat(w.written()).isEqualTo(2);
    }

    @Test
    void pointSpansCutOutEachFeatureWithItsPosition() {
        StringBuilder sb = new StringBuilder();
        GeoJsonWriter.FeatureCollectionWriter w = new GeoJsonWriter.FeatureCollectionWriter(sb).begin();
        w.feature(1, GeometryFactories.point(114.5, 22.25), Map.of("name", "甲", "nested", Map.of("coordinates", List.of(1, 2))));
        w.feature(2, GeometryFactories.point(-3.125, 51.5), Map.of("name", "乙"));
        w.end(Map.of());
        byte[] bytes = ("{\"crs\":{\"x\":[1,[2]]}," + sb.substring(1)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<double[]> seen = new java.util.ArrayList<>();
        long n = GeoJsonStream.scanPointSpans(new java.io.ByteArrayInputStream(bytes), (start, end, lon, lat) -> {
            JsonNode f = GeoJsonStream.readFeature(java.util.Arrays.copyOfRange(bytes, (int) start, (int) end));
            assertThat(f.at("/geometry/coordinates/0").doubleValue()).isEqualTo(lon);
            seen.add(new double[]{lon, lat, f.path("id").intValue()});
        });
        assertThat(n).isEqualTo(2);
        assertThat(seen.get(0)).containsExactly(114.5, 22.25, 1);
        assertThat(seen.get(1)).containsExactly(-3.125, 51.5, 2);
    }
}
