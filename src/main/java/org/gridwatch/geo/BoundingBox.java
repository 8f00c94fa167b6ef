package org.gridwatch.geo;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Polygon;

/**
 * A lon/lat rectangle as given in {@code bbox=minLon,minLat,maxLon,maxLat} query parameters
 * (GeoJSON axis order). Rectangles crossing the antimeridian are not supported.
 */
public record BoundingBox(double minLon, double minLat, double maxLon, double maxLat) {

    public BoundingBox {
        if (!(minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90)) {
            throw new GeoJsonFormatException("bbox.range",
                    "bbox must lie within lon [-180,180] and lat [-90,90]");
        }
        if (!(minLon <= maxLon && minLat <= maxLat)) {
            throw new GeoJsonFormatException("bbox.order",
                    "bbox must be minLon,minLat,maxLon,maxLat with min <= max");
        }
    }

    /** Parses {@code "minLon,minLat,maxLon,maxLat"}; {@code null} or blank gives {@code null}. */
    public static BoundingBox parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.split(",");
        if (parts.length != 4) {
            throw new GeoJsonFormatException("bbox.format",
                    "bbox must be four numbers: minLon,minLat,maxLon,maxLat", text);
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new GeoJsonFormatException("bbox.format",
                        "bbox must be four numbers: minLon,minLat,maxLon,maxLat", text);
            }
            if (!Double.isFinite(v[i])) {
                throw new GeoJsonFormatException("bbox.format",
                        "bbox must be four numbers: minLon,minLat,maxLon,maxLat", text);
            }
        }
        return new BoundingBox(v[0], v[1], v[2], v[3]);
    }

    public Envelope envelope() {
        return new Envelope(minLon, maxLon, minLat, maxLat);
    }

    public Polygon toPolygon() {
        return (Polygon) GeometryFactories.WGS84.toGeometry(envelope());
    }
}
