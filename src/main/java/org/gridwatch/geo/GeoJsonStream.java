package org.gridwatch.geo;

import java.io.InputStream;
import java.util.function.Consumer;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the features of a GeoJSON FeatureCollection one at a time, so a file of a million features
 * never has to fit in memory. Each feature is handed over as a JSON tree.
 */
public final class GeoJsonStream {

    /** Reads one feature at a time from inside an array, so the rest of the array is not "trailing". */
    private static final JsonMapper STREAMING = GeoJsonReader.LENIENT_JSON.rebuild()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private GeoJsonStream() {
    }

    /**
     * @return the number of features read
     * @throws GeoJsonFormatException when the input is not a FeatureCollection
     */
    public static long forEachFeature(InputStream in, Consumer<JsonNode> sink) {
        long count = 0;
        boolean sawFeatures = false;
        try (JsonParser p = STREAMING.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw notCollection();
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("features".equals(name) && value == JsonToken.START_ARRAY) {
                    sawFeatures = true;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode feature = STREAMING.readTree(p);
                        sink.accept(feature);
                        count++;
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (tools.jackson.core.JacksonException e) {
            throw new GeoJsonFormatException("geojson.syntax", "Not valid JSON: " + e.getOriginalMessage(),
                    e.getOriginalMessage());
        }
        if (!sawFeatures) {
            throw notCollection();
        }
        return count;
    }

    private static GeoJsonFormatException notCollection() {
        return new GeoJsonFormatException("geojson.notFeatureCollection",
                "expected a GeoJSON FeatureCollection with a features array");
    }
}
