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

    /** Receives where each Point feature of a file starts and ends (byte offsets) and its position. */
    @FunctionalInterface
    public interface PointSpanSink {
        void accept(long startByte, long endByte, double lon, double lat);
    }

    /**
     * Scans a FeatureCollection of Point features without building trees, reporting each feature's
     * byte range and coordinates, so a caller can read the features again in another order
     * ({@link #readFeature(byte[])}). A feature without a point position reports NaN coordinates.
     *
     * @return the number of features
     */
    public static long scanPointSpans(InputStream in, PointSpanSink sink) {
        long count = 0;
        boolean sawFeatures = false;
        try (JsonParser p = STREAMING.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw notCollection();
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!"features".equals(name) || value != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                sawFeatures = true;
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    long start = p.currentTokenLocation().getByteOffset();
                    double lon = Double.NaN, lat = Double.NaN;
                    int depth = 1;
                    boolean inGeometry = false;
                    while (depth > 0) {
                        JsonToken t = p.nextToken();
                        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                            depth++;
                        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                            depth--;
                            if (depth == 1) inGeometry = false;
                        } else if (t == JsonToken.PROPERTY_NAME) {
                            String field = p.currentName();
                            if (depth == 1 && field.equals("geometry")) {
                                inGeometry = true;
                            } else if (inGeometry && depth == 2 && field.equals("coordinates")) {
                                if (p.nextToken() == JsonToken.START_ARRAY) {
                                    JsonToken x = p.nextToken();
                                    if (x != null && x.isNumeric()) lon = p.getDoubleValue();
                                    if (x == JsonToken.START_ARRAY || x == JsonToken.START_OBJECT) p.skipChildren();
                                    JsonToken t2 = x == JsonToken.END_ARRAY ? x : p.nextToken();
                                    if (t2 != null && t2.isNumeric()) lat = p.getDoubleValue();
                                    // Consume the rest of the position (a third ordinate, or junk the
                                    // full parse will refuse later) up to its closing bracket.
                                    while (t2 != JsonToken.END_ARRAY) {
                                        if (t2 == null) throw notCollection();
                                        if (t2 == JsonToken.START_ARRAY || t2 == JsonToken.START_OBJECT) p.skipChildren();
                                        t2 = p.nextToken();
                                    }
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else if (t == null) {
                            throw notCollection();
                        }
                    }
                    long end = p.currentLocation().getByteOffset();
                    sink.accept(start, end, lon, lat);
                    count++;
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

    /** Parses one feature's bytes, as cut out of a file with the offsets {@link #scanPointSpans} gave. */
    public static JsonNode readFeature(byte[] json) {
        try {
            return STREAMING.readTree(json);
        } catch (tools.jackson.core.JacksonException e) {
            throw new GeoJsonFormatException("geojson.syntax", "Not valid JSON: " + e.getOriginalMessage(),
                    e.getOriginalMessage());
        }
    }
}
