package org.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import tools.jackson.databind.JsonNode;

/**
 * Coverage-guided fuzzing of the GeoJSON readers (Jazzer). The contract under test: whatever the
 * bytes, a reader returns a result that holds together or throws {@link GeoJsonFormatException} —
 * never another exception, never a hang (libFuzzer's per-input timeout).
 *
 * <p>{@code mvn test} runs the inputs under {@code src/test/resources/org/gridwatch/geo/GeoJsonFuzzTestInputs/}
 * (seeds plus every input a fuzzing run ever failed on) and, in the {@code fuzz-short} execution, fuzzes
 * for a few seconds. A longer run: see the README's fuzzing section.
 */
class GeoJsonFuzzTest {

    private static final java.util.Set<String> ALL_TYPES = java.util.Set.of("Point", "LineString", "Polygon",
            "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection");

    @FuzzTest(maxDuration = "")
    void readersAcceptOrRefuseCleanly(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        // One feature or geometry, as the API reads a request body.
        try {
            JsonNode tree = GeoJsonReader.parseSingleGeometryDocument(text);
            if (tree != null && tree.isObject() && "Feature".equals(tree.path("type").asString(""))) {
                GeoJsonFeature f = GeoJsonFeature.of(tree);
                if (f.geometry() != null) {
                    assertThat(f.geometry().getNumPoints()).isLessThanOrEqualTo(GeoJsonReader.MAX_POSITIONS);
                    // The validator must judge anything the reader built, without throwing.
                    GeometryValidator.check(f.geometry(), ALL_TYPES);
                }
            } else if (tree != null && tree.isObject()) {
                var g = GeoJsonReader.geometry(tree);
                if (g != null) GeometryValidator.check(g, ALL_TYPES);
            }
        } catch (GeoJsonFormatException expected) {
            assertThat(expected.messageKey()).isNotBlank();
        }
        // A whole file, streamed feature by feature, as the importer reads it.
        List<JsonNode> seen = new ArrayList<>();
        try {
            long n = GeoJsonStream.forEachFeature(new ByteArrayInputStream(input), feature -> {
                seen.add(feature);
                try {
                    GeoJsonFeature.of(feature);
                } catch (GeoJsonFormatException refusedFeature) {
                    assertThat(refusedFeature.messageKey()).isNotBlank();
                }
            });
            assertThat(n).isEqualTo(seen.size());
        } catch (GeoJsonFormatException expected) {
            assertThat(expected.messageKey()).isNotBlank();
        }
        try {
            long[] spans = {0};
            long n = GeoJsonStream.scanPointSpans(new ByteArrayInputStream(input), (start, end, lon, lat) -> {
                assertThat(end).isGreaterThanOrEqualTo(start);
                assertThat(end).isLessThanOrEqualTo(input.length);
                spans[0]++;
            });
            assertThat(n).isEqualTo(spans[0]);
        } catch (GeoJsonFormatException expected) {
            assertThat(expected.messageKey()).isNotBlank();
        }
    }
}
