package org.gridwatch.ogcapi;

import java.util.Map;

import org.locationtech.jts.geom.Geometry;

/**
 * One item of a collection as the API writes it.
 *
 * @param id         the feature id written to GeoJSON: the grid code, or the street/feature number
 * @param cursor     the internal row id; pages are ordered by it and {@code next} links carry it
 * @param geometry   WGS84 lon/lat
 * @param properties the GeoJSON properties (the same names as the rest of the API)
 */
record OgcItem(Object id, long cursor, Geometry geometry, Map<String, Object> properties) {
}
