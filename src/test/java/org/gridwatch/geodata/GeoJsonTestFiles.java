package org.gridwatch.geodata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gridwatch.geo.GeometryFactories;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads back the generator's GeoJSON files, independently of the generator's own objects. */
final class GeoJsonTestFiles {

    record Feature(JsonNode id, Geometry geometry, JsonNode properties) {
        String property(String name) {
            JsonNode value = properties.get(name);
            return value == null || value.isNull() ? null : value.asString();
        }
    }

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private GeoJsonTestFiles() {
    }

    static List<Feature> read(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(Files.readString(file));
        if (!"FeatureCollection".equals(root.get("type").asString())) {
            throw new AssertionError(file + " is not a FeatureCollection");
        }
        List<Feature> features = new ArrayList<>();
        for (JsonNode feature : root.get("features")) {
            features.add(new Feature(feature.get("id"), geometry(feature.get("geometry")), feature.get("properties")));
        }
        return features;
    }

    private static Geometry geometry(JsonNode geometry) {
        JsonNode coordinates = geometry.get("coordinates");
        return switch (geometry.get("type").asString()) {
            case "Point" -> GeometryFactories.WGS84.createPoint(coordinate(coordinates));
            case "LineString" -> GeometryFactories.WGS84.createLineString(coordinates(coordinates));
            case "Polygon" -> {
                LinearRing shell = GeometryFactories.WGS84.createLinearRing(coordinates(coordinates.get(0)));
                LinearRing[] holes = new LinearRing[coordinates.size() - 1];
                for (int k = 1; k < coordinates.size(); k++) {
                    holes[k - 1] = GeometryFactories.WGS84.createLinearRing(coordinates(coordinates.get(k)));
                }
                yield GeometryFactories.WGS84.createPolygon(shell, holes);
            }
            default -> throw new AssertionError("unexpected geometry " + geometry);
        };
    }

    private static Coordinate[] coordinates(JsonNode array) {
        Coordinate[] result = new Coordinate[array.size()];
        for (int k = 0; k < result.length; k++) {
            result[k] = coordinate(array.get(k));
        }
        return result;
    }

    private static Coordinate coordinate(JsonNode pair) {
        return new Coordinate(pair.get(0).doubleValue(), pair.get(1).doubleValue());
    }
}
