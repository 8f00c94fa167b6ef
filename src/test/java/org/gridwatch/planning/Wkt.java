package org.gridwatch.planning;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** WKT fixtures in planar metres. */
final class Wkt {

    private static final WKTReader READER = new WKTReader();

    private Wkt() {
    }

    static Geometry read(String wkt) {
        try {
            return READER.read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(wkt, e);
        }
    }

    static List<Geometry> all(String... wkt) {
        List<Geometry> out = new ArrayList<>();
        for (String w : wkt) out.add(read(w));
        return out;
    }

    static List<LineString> lines(String... wkt) {
        List<LineString> out = new ArrayList<>();
        for (String w : wkt) out.add((LineString) read(w));
        return out;
    }

    /** An axis-parallel rectangle. */
    static Geometry box(double x0, double y0, double x1, double y1) {
        return read("POLYGON((" + x0 + " " + y0 + ", " + x1 + " " + y0 + ", " + x1 + " " + y1 + ", " + x0 + " " + y1
                + ", " + x0 + " " + y0 + "))");
    }

    /** True when a and b cover the same ground to within {@code toleranceM2} of symmetric difference. */
    static boolean sameGround(Geometry a, Geometry b, double toleranceM2) {
        return a.symDifference(b).getArea() <= toleranceM2;
    }
}
