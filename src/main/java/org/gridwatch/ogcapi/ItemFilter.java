package org.gridwatch.ogcapi;

import java.util.Map;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Polygon;

/**
 * What an items request selects, in WGS84.
 *
 * @param envelope     the lon/lat rectangle items must meet, or null for anywhere
 * @param area         the exact area when it is not that rectangle (a bbox given in a projected CRS), else null
 * @param time         creation-time window, or null
 * @param propertyEquals property name → value that must match exactly (only queryable properties)
 */
record ItemFilter(Envelope envelope, Polygon area, TimeInterval time, Map<String, String> propertyEquals) {

    ItemFilter {
        propertyEquals = propertyEquals == null ? Map.of() : Map.copyOf(propertyEquals);
    }

    static ItemFilter none() {
        return new ItemFilter(null, null, null, Map.of());
    }
}
