package org.gridwatch.geo;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * The one geometry factory for stored geometries: WGS84 lon/lat, SRID 4326. H2 refuses SRID 0 in a
 * typed geometry column (PostGIS lets it pass), so every stored geometry must come from here.
 */
public final class GeometryFactories {

    public static final int WGS84_SRID = 4326;

    public static final GeometryFactory WGS84 = new GeometryFactory(new PrecisionModel(), WGS84_SRID);

    private GeometryFactories() {
    }

    /** A point at longitude {@code lon}, latitude {@code lat} (GeoJSON axis order). */
    public static Point point(double lon, double lat) {
        return WGS84.createPoint(new Coordinate(lon, lat));
    }
}
