package org.gridwatch.ogcapi;

import java.util.function.UnaryOperator;

import org.gridwatch.geo.GeometryFactories;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.proj4j.BasicCoordinateTransform;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * One coordinate reference system the API can answer in, named by its OGC URI, with the axis order
 * its definition prescribes: CRS84 is (longitude, latitude); EPSG:4326 and EPSG:4490 are (latitude,
 * longitude); the CGCS2000 3-degree Gauss–Krüger systems EPSG:4534–4554 are (northing X, easting Y),
 * in metres with a 500,000 m false easting and no zone prefix.
 *
 * <p>Positions are converted from and to the stored WGS84 lon/lat. The datum shift WGS84 → CGCS2000 is
 * taken as identity (the two agree within centimetres), so the projected systems use the GRS80
 * ellipsoid on both sides and only the projection itself is computed.
 *
 * <p>Immutable and thread-safe; the operators it hands out ({@link #fromWgs84()}) are not.
 */
public final class OgcCrs {

    /** How the two axes of the CRS are ordered. */
    public enum Axes {
        /** longitude, latitude in degrees (CRS84). */
        LON_LAT,
        /** latitude, longitude in degrees (EPSG:4326, EPSG:4490). */
        LAT_LON,
        /** northing, easting in metres (EPSG Gauss–Krüger definitions). */
        NORTHING_EASTING
    }

    private static final int DENSIFY_STEPS_PER_EDGE = 16;

    private final String uri;
    private final int epsg;
    private final String title;
    private final Axes axes;
    private final CoordinateReferenceSystem geographic;
    private final CoordinateReferenceSystem projected;

    OgcCrs(String uri, int epsg, String title, Axes axes, CoordinateReferenceSystem geographic,
           CoordinateReferenceSystem projected) {
        this.uri = uri;
        this.epsg = epsg;
        this.title = title;
        this.axes = axes;
        this.geographic = geographic;
        this.projected = projected;
    }

    /** The OGC URI, e.g. {@code http://www.opengis.net/def/crs/EPSG/0/4490}. */
    public String uri() {
        return uri;
    }

    /** The EPSG code, or 0 for CRS84. */
    public int epsg() {
        return epsg;
    }

    public String title() {
        return title;
    }

    public Axes axes() {
        return axes;
    }

    /** True for CRS84: coordinates are written as stored. */
    public boolean isStorageCrs() {
        return axes == Axes.LON_LAT;
    }

    /**
     * An operator that converts a WGS84 lon/lat geometry into this CRS, coordinates in this CRS's axis
     * order. The input is not modified. Not thread-safe (it holds a proj4j transform); make one per request.
     */
    public UnaryOperator<Geometry> fromWgs84() {
        return switch (axes) {
            case LON_LAT -> UnaryOperator.identity();
            case LAT_LON -> g -> map(g, (lon, lat, out) -> {
                out.x = lat;
                out.y = lon;
            });
            case NORTHING_EASTING -> {
                BasicCoordinateTransform forward = new BasicCoordinateTransform(geographic, projected);
                ProjCoordinate in = new ProjCoordinate();
                ProjCoordinate res = new ProjCoordinate();
                yield g -> map(g, (lon, lat, out) -> {
                    in.x = lon;
                    in.y = lat;
                    forward.transform(in, res);
                    out.x = res.y;
                    out.y = res.x;
                });
            }
        };
    }

    /** The WGS84 (lon, lat) of a position given in this CRS's axis order; builds its own transform. */
    public Coordinate toWgs84(double first, double second) {
        return switch (axes) {
            case LON_LAT -> new Coordinate(first, second);
            case LAT_LON -> new Coordinate(second, first);
            case NORTHING_EASTING -> {
                ProjCoordinate out = new ProjCoordinate();
                new BasicCoordinateTransform(projected, geographic).transform(new ProjCoordinate(second, first), out);
                yield new Coordinate(out.x, out.y);
            }
        };
    }

    /**
     * The WGS84 area covered by a bounding box given in this CRS ({@code lower corner, upper corner}, each
     * in this CRS's axis order). For the geographic systems this is the lon/lat rectangle; for the projected
     * ones the rectangle's edges are densified ({@value #DENSIFY_STEPS_PER_EDGE} steps each) before they
     * are converted, because a Gauss–Krüger rectangle is rotated and slightly curved in lon/lat (by the
     * meridian convergence, up to about half a degree at a zone's edge in southern China).
     */
    public Polygon bboxToWgs84(double lower1, double lower2, double upper1, double upper2) {
        if (axes != Axes.NORTHING_EASTING) {
            Coordinate a = toWgs84(lower1, lower2);
            Coordinate b = toWgs84(upper1, upper2);
            // Built corner by corner: a box of no width or height (a collection of one point has such an
            // extent, and clients send it back as bbox) is a valid request, where toGeometry would give a Point.
            org.locationtech.jts.geom.Envelope e = new org.locationtech.jts.geom.Envelope(a, b);
            return GeometryFactories.WGS84.createPolygon(new Coordinate[] {new Coordinate(e.getMinX(), e.getMinY()),
                    new Coordinate(e.getMaxX(), e.getMinY()), new Coordinate(e.getMaxX(), e.getMaxY()),
                    new Coordinate(e.getMinX(), e.getMaxY()), new Coordinate(e.getMinX(), e.getMinY())});
        }
        BasicCoordinateTransform inverse = new BasicCoordinateTransform(projected, geographic);
        int n = DENSIFY_STEPS_PER_EDGE;
        Coordinate[] ring = new Coordinate[4 * n + 1];
        // Walk the rectangle in (easting, northing) counter-clockwise: south, east, north, west edges.
        double minE = lower2, minN = lower1, maxE = upper2, maxN = upper1;
        int k = 0;
        for (int side = 0; side < 4; side++) {
            for (int i = 0; i < n; i++) {
                double t = i / (double) n;
                double e, no;
                switch (side) {
                    case 0 -> { e = minE + t * (maxE - minE); no = minN; }
                    case 1 -> { e = maxE; no = minN + t * (maxN - minN); }
                    case 2 -> { e = maxE - t * (maxE - minE); no = maxN; }
                    default -> { e = minE; no = maxN - t * (maxN - minN); }
                }
                ProjCoordinate out = new ProjCoordinate();
                inverse.transform(new ProjCoordinate(e, no), out);
                ring[k++] = new Coordinate(out.x, out.y);
            }
        }
        ring[k] = ring[0].copy();
        return GeometryFactories.WGS84.createPolygon(ring);
    }

    @FunctionalInterface
    private interface PositionMapper {
        void map(double lon, double lat, Coordinate out);
    }

    private static Geometry map(Geometry g, PositionMapper mapper) {
        Geometry copy = g.copy();
        copy.apply(new CoordinateSequenceFilter() {
            private final Coordinate scratch = new Coordinate();

            @Override
            public void filter(CoordinateSequence seq, int i) {
                mapper.map(seq.getX(i), seq.getY(i), scratch);
                seq.setOrdinate(i, 0, scratch.x);
                seq.setOrdinate(i, 1, scratch.y);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        return copy;
    }

    @Override
    public String toString() {
        return uri;
    }
}
