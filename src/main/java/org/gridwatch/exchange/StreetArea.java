package org.gridwatch.exchange;

import java.util.Locale;

import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The area a street import replaces: {@code mode=replace} with a {@code bbox}. Plain parameter
 * checks, no database.
 */
final class StreetArea {

    private StreetArea() {
    }

    /** The lon/lat polygon to replace, or null for {@code mode=append} (the default). */
    static Geometry parse(ExchangeLayer layer, String mode, String bbox) {
        String m = mode == null || mode.isBlank() ? "append" : mode.trim().toLowerCase(Locale.ROOT);
        if (!m.equals("append") && !m.equals("replace")) {
            throw ApiProblem.badRequest("exchange.import.modeInvalid", "mode must be append or replace, was " + mode, mode);
        }
        if (m.equals("append")) {
            if (bbox != null && !bbox.isBlank()) {
                throw ApiProblem.badRequest("exchange.import.bboxWithoutReplace",
                        "bbox names the area mode=replace replaces; give mode=replace with it");
            }
            return null;
        }
        if (layer != ExchangeLayer.STREETS) {
            throw ApiProblem.badRequest("exchange.import.replaceStreetsOnly",
                    "mode=replace is for streets only (layer " + layer.key() + ")", layer.key());
        }
        BoundingBox box = bbox == null || bbox.isBlank() ? null : BoundingBox.parse(bbox);
        if (box == null) {
            throw ApiProblem.badRequest("exchange.import.replaceNeedsArea",
                    "mode=replace needs the area it replaces: bbox=minLon,minLat,maxLon,maxLat");
        }
        return GeometryFactories.WGS84.toGeometry(new Envelope(box.minLon(), box.maxLon(), box.minLat(), box.maxLat()));
    }
}
