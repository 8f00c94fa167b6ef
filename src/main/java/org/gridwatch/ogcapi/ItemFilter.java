package org.gridwatch.ogcapi;

import org.gridwatch.ogcapi.cql2.Cql2;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Polygon;

/**
 * What an items request selects, in WGS84.
 *
 * @param envelope the lon/lat rectangle items must meet, or null for anywhere
 * @param area     the exact area when it is not that rectangle (a bbox given in a projected CRS), else null
 * @param time     creation-time window, or null
 * @param where    the rest as one CQL2 condition on the collection's queryables (the {@code filter}
 *                 parameter, {@code ?name=value} equalities, a bbox across the antimeridian), geometry
 *                 literals already in WGS84; null for none
 */
record ItemFilter(Envelope envelope, Polygon area, TimeInterval time, Cql2.Filter where) {

    static ItemFilter none() {
        return new ItemFilter(null, null, null, null);
    }
}
