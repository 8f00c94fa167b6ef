package org.gridwatch.history;

import java.util.Map;

import org.locationtech.jts.geom.Geometry;

/**
 * An object's state as the history keeps it: its properties (every column a restore needs, including
 * the stored id and version; values are strings, numbers, booleans, {@code Instant}s or
 * {@code GeoJsonWriter.RawJson}) and its geometry in WGS84 lon/lat.
 */
public record Snapshot(Map<String, Object> properties, Geometry geometry) {
}
