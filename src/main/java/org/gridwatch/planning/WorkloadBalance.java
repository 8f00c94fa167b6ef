package org.gridwatch.planning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.distance.IndexedFacetDistance;

/**
 * The patrol workload of small grids compared with their siblings: street length to walk and stops
 * (features to check), each against the median of the grids compared. A grid is flagged when a
 * measure is at least {@code highRatio} times the median (the walk of a neighbour and a half, by
 * default) or at most {@code lowRatio} times it. A median of 0 flags nothing for that measure.
 *
 * <p>Stateless and thread-safe.
 */
public final class WorkloadBalance {

    public static final double DEFAULT_HIGH_RATIO = 1.5;
    public static final double DEFAULT_LOW_RATIO = 0.5;

    private WorkloadBalance() {
    }

    /** One grid's measures. */
    public record Measure(double areaM2, double streetLengthM, int stops) {
    }

    /** A grid's measures against the medians, and its flags ({@code streetLengthHigh}, {@code stopsLow}, ...). */
    public record Assessment(Measure measure, double streetLengthRatio, double stopsRatio, List<String> flags) {
    }

    /** The medians the assessments compare with. */
    public record Medians(double areaM2, double streetLengthM, double stops) {
    }

    public static Medians medians(List<Measure> grids) {
        return new Medians(median(grids.stream().mapToDouble(Measure::areaM2).toArray()),
                median(grids.stream().mapToDouble(Measure::streetLengthM).toArray()),
                median(grids.stream().mapToDouble(Measure::stops).toArray()));
    }

    /** Assessments in input order. */
    public static List<Assessment> assess(List<Measure> grids, double highRatio, double lowRatio) {
        Medians m = medians(grids);
        List<Assessment> out = new ArrayList<>(grids.size());
        for (Measure g : grids) {
            List<String> flags = new ArrayList<>();
            double street = ratio(g.streetLengthM(), m.streetLengthM());
            double stops = ratio(g.stops(), m.stops());
            flag("streetLength", street, highRatio, lowRatio, flags);
            flag("stops", stops, highRatio, lowRatio, flags);
            out.add(new Assessment(g, street, stops, List.copyOf(flags)));
        }
        return out;
    }

    private static void flag(String name, double ratio, double high, double low, List<String> flags) {
        if (Double.isNaN(ratio)) return;
        if (ratio >= high) flags.add(name + "High");
        else if (ratio <= low) flags.add(name + "Low");
    }

    private static double ratio(double value, double median) {
        return median > 0 ? value / median : Double.NaN;
    }

    static double median(double[] values) {
        if (values.length == 0) return 0;
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * The street length (m) a grid's responsible person walks: streets inside the grid count whole,
     * streets along its border (within {@code borderMeters}) count half, since the grid on the other
     * side walks the same street.
     *
     * @param grid    a polygon, metres
     * @param streets centrelines, metres
     */
    public static double streetLengthMeters(Geometry grid, List<? extends LineString> streets, double borderMeters) {
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(grid);
        IndexedFacetDistance border = new IndexedFacetDistance(grid.getBoundary());
        double total = 0;
        for (LineString s : streets) {
            if (!s.getEnvelopeInternal().intersects(grid.getEnvelopeInternal()) || !prepared.intersects(s)) continue;
            if (prepared.containsProperly(s)) {
                total += s.getLength();
            } else if (alongBorder(s, border, borderMeters)) {
                // Grids divided by streets have most of their streets here: no overlay needed.
                total += s.getLength() / 2;
            } else {
                Geometry inside = Planar.intersection(s, grid);
                for (int i = 0; i < inside.getNumGeometries(); i++) {
                    Geometry piece = inside.getGeometryN(i);
                    if (!(piece instanceof LineString line) || line.getNumPoints() < 2) continue;
                    double length = line.getLength();
                    total += border.distance(midpoint(line)) <= borderMeters ? length / 2 : length;
                }
            }
        }
        return total;
    }

    /** Whether every vertex and every segment's middle of {@code s} lies within {@code meters} of the border. */
    private static boolean alongBorder(LineString s, IndexedFacetDistance border, double meters) {
        GeometryFactory f = s.getFactory();
        for (int i = 0; i < s.getNumPoints(); i++) {
            Coordinate c = s.getCoordinateN(i);
            if (border.distance(f.createPoint(c)) > meters) return false;
            if (i > 0) {
                Coordinate p = s.getCoordinateN(i - 1);
                if (border.distance(f.createPoint(new Coordinate((p.x + c.x) / 2, (p.y + c.y) / 2))) > meters) return false;
            }
        }
        return true;
    }

    private static Geometry midpoint(LineString line) {
        double half = line.getLength() / 2, walked = 0;
        for (int i = 1; i < line.getNumPoints(); i++) {
            double seg = line.getCoordinateN(i - 1).distance(line.getCoordinateN(i));
            if (walked + seg >= half && seg > 0) {
                double f = (half - walked) / seg;
                Coordinate a = line.getCoordinateN(i - 1);
                Coordinate b = line.getCoordinateN(i);
                return line.getFactory().createPoint(new Coordinate(
                        a.x + f * (b.x - a.x), a.y + f * (b.y - a.y)));
            }
            walked += seg;
        }
        return line.getStartPoint();
    }
}
