package org.gridwatch.geo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Snaps a polygon onto its neighbours so that shared borders become identical and a small gap or
 * overlap along them disappears:
 * <ol>
 *   <li>each vertex within the tolerance of a neighbour's vertex moves onto that vertex (exactly) —
 *   a vertex already on a neighbour's edge only along that edge;</li>
 *   <li>else, each vertex within the tolerance of a neighbour's edge moves onto the nearest point of it;</li>
 *   <li>then each neighbour vertex within the tolerance of one of the polygon's edges is inserted into
 *   that edge, so both sides of a shared border carry the same vertices.</li>
 * </ol>
 * Neighbours may be polygons or lines (street centrelines, the parent grid's outline).
 *
 * <p>Works in any planar or lon/lat coordinates: distances are measured in metres through the scale
 * factors given (metres per unit of x and of y), while moved vertices keep the neighbours' own
 * coordinates. If snapping would collapse a ring or make the polygon invalid, the polygon is returned
 * unchanged (the caller's validation then judges the original).
 *
 * <p>Stateless and thread-safe.
 */
public final class EdgeSnapper {

    /**
     * A vertex or edge this close (metres) to a neighbour's edge already lies on it: such a vertex only
     * slides along that edge onto a vertex nearby, and such an edge only takes vertices lying on it, so a
     * border that is already shared never shifts.
     */
    public static final double ON_EDGE_METERS = 0.001;

    /** The default snapping tolerance on save, metres. */
    public static final double DEFAULT_TOLERANCE_METERS = 0.5;

    private EdgeSnapper() {
    }

    /** Snaps in planar metre coordinates. */
    public static Geometry snapMetric(Geometry subject, Collection<? extends Geometry> neighbours, double toleranceMeters) {
        return snap(subject, neighbours, toleranceMeters, 1, 1);
    }

    /**
     * Snaps lon/lat geometries, measuring with the local scale at the subject's centre (spherical
     * metres per degree; the error over a grid's extent is far below the tolerance's meaning).
     */
    public static Geometry snapLonLat(Geometry subject, Collection<? extends Geometry> neighbours, double toleranceMeters) {
        double lat = subject.getEnvelopeInternal().centre().y;
        double metresPerDegreeLat = 111_320.0;
        double metresPerDegreeLon = 111_320.0 * Math.cos(Math.toRadians(lat));
        return snap(subject, neighbours, toleranceMeters, metresPerDegreeLon, metresPerDegreeLat);
    }

    /**
     * @param subject         a Polygon or MultiPolygon (anything else comes back unchanged)
     * @param neighbours      geometries to snap onto
     * @param toleranceMeters how far a vertex or an edge may move, metres; 0 or less: no snapping
     * @param metresPerUnitX  metres per unit of x
     * @param metresPerUnitY  metres per unit of y
     */
    public static Geometry snap(Geometry subject, Collection<? extends Geometry> neighbours, double toleranceMeters,
                                double metresPerUnitX, double metresPerUnitY) {
        if (toleranceMeters <= 0 || neighbours.isEmpty()) return subject;
        if (!(subject instanceof Polygon) && !(subject instanceof MultiPolygon)) return subject;
        Snapper s = new Snapper(neighbours, toleranceMeters, metresPerUnitX, metresPerUnitY);
        GeometryFactory f = subject.getFactory();
        Polygon[] parts = new Polygon[subject.getNumGeometries()];
        for (int i = 0; i < parts.length; i++) {
            Polygon p = (Polygon) subject.getGeometryN(i);
            LinearRing shell = s.ring(p.getExteriorRing(), f);
            if (shell == null) return subject;
            LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
            for (int h = 0; h < holes.length; h++) {
                holes[h] = s.ring(p.getInteriorRingN(h), f);
                if (holes[h] == null) return subject;
            }
            parts[i] = f.createPolygon(shell, holes);
        }
        Geometry snapped = subject instanceof Polygon ? parts[0] : f.createMultiPolygon(parts);
        snapped.setSRID(subject.getSRID());
        return snapped.isValid() ? snapped : subject;
    }

    private static final class Snapper {
        private final STRtree vertices = new STRtree();
        private final STRtree segments = new STRtree();
        private final double tolerance, mx, my, dx, dy;

        Snapper(Collection<? extends Geometry> neighbours, double tolerance, double mx, double my) {
            this.tolerance = tolerance;
            this.mx = mx;
            this.my = my;
            this.dx = tolerance / mx;
            this.dy = tolerance / my;
            for (Geometry g : neighbours) {
                List<LineString> lines = new ArrayList<>();
                collectLines(g, lines);
                for (LineString line : lines) {
                    Coordinate[] c = line.getCoordinates();
                    for (int i = 0; i < c.length; i++) {
                        vertices.insert(new Envelope(c[i]), c[i]);
                        if (i > 0) segments.insert(new Envelope(c[i - 1], c[i]), new Coordinate[]{c[i - 1], c[i]});
                    }
                }
            }
        }

        LinearRing ring(LineString ring, GeometryFactory f) {
            Coordinate[] in = ring.getCoordinates();
            CoordinateList moved = new CoordinateList();
            for (int i = 0; i < in.length - 1; i++) moved.add(snapVertex(in[i]), false);
            if (moved.size() < 3) return null;
            CoordinateList out = new CoordinateList();
            for (int i = 0; i < moved.size(); i++) {
                Coordinate a = moved.get(i), b = moved.get((i + 1) % moved.size());
                out.add(a, false);
                for (Coordinate v : verticesAlong(a, b)) out.add(v, false);
            }
            out.closeRing();
            if (out.size() > 1 && out.get(out.size() - 2).equals2D(out.get(0))) out.remove(out.size() - 1);
            if (out.size() < 4) return null;
            return f.createLinearRing(out.toCoordinateArray());
        }

        private Coordinate snapVertex(Coordinate v) {
            Envelope near = new Envelope(v.x - dx, v.x + dx, v.y - dy, v.y + dy);
            List<Coordinate[]> under = segmentsUnder(v);
            Coordinate best = null;
            double bestDistance = tolerance;
            for (Object o : vertices.query(near)) {
                Coordinate c = (Coordinate) o;
                double d = distance(v, c);
                // A vertex lying on a neighbour's edge only slides along that edge, so the border stays put.
                if (d <= bestDistance && (under.isEmpty() || onAny(c, under))) {
                    best = c;
                    bestDistance = d;
                }
            }
            if (best != null) return new Coordinate(best);
            if (!under.isEmpty()) return new Coordinate(v);
            bestDistance = tolerance;
            for (Object o : segments.query(near)) {
                Coordinate[] s = (Coordinate[]) o;
                Coordinate p = closest(v, s[0], s[1]);
                double d = distance(v, p);
                if (d <= bestDistance) {
                    best = p;
                    bestDistance = d;
                }
            }
            return best != null ? best : new Coordinate(v);
        }

        /** The neighbour segments {@code p} lies on (within {@link #ON_EDGE_METERS}). */
        private List<Coordinate[]> segmentsUnder(Coordinate p) {
            double ex = ON_EDGE_METERS / mx, ey = ON_EDGE_METERS / my;
            List<Coordinate[]> out = new ArrayList<>();
            for (Object o : segments.query(new Envelope(p.x - ex, p.x + ex, p.y - ey, p.y + ey))) {
                Coordinate[] s = (Coordinate[]) o;
                if (distance(p, closest(p, s[0], s[1])) <= ON_EDGE_METERS) out.add(s);
            }
            return out;
        }

        private boolean onAny(Coordinate c, List<Coordinate[]> segs) {
            for (Coordinate[] s : segs) if (distance(c, closest(c, s[0], s[1])) <= ON_EDGE_METERS) return true;
            return false;
        }

        /** Neighbour vertices within the tolerance of segment a-b and strictly between its ends, in order. */
        private List<Coordinate> verticesAlong(Coordinate a, Coordinate b) {
            Coordinate middle = new Coordinate((a.x + b.x) / 2, (a.y + b.y) / 2);
            double reach = onEdge(middle) ? Math.min(ON_EDGE_METERS, tolerance) : tolerance;
            Envelope env = new Envelope(a, b);
            env.expandBy(dx, dy);
            List<double[]> found = new ArrayList<>();
            List<Coordinate> at = new ArrayList<>();
            double sx = (b.x - a.x) * mx, sy = (b.y - a.y) * my;
            double len2 = sx * sx + sy * sy;
            if (len2 == 0) return List.of();
            for (Object o : vertices.query(env)) {
                Coordinate v = (Coordinate) o;
                if (v.equals2D(a) || v.equals2D(b)) continue;
                double t = ((v.x - a.x) * mx * sx + (v.y - a.y) * my * sy) / len2;
                if (t <= 0 || t >= 1) continue;
                Coordinate p = new Coordinate(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y));
                if (distance(v, p) > reach || distance(v, a) <= tolerance * 1e-6 || distance(v, b) <= tolerance * 1e-6) continue;
                found.add(new double[]{t, at.size()});
                at.add(v);
            }
            found.sort((p, q) -> Double.compare(p[0], q[0]));
            List<Coordinate> out = new ArrayList<>(found.size());
            for (double[] e : found) {
                Coordinate v = at.get((int) e[1]);
                if (out.isEmpty() || !out.get(out.size() - 1).equals2D(v)) out.add(new Coordinate(v));
            }
            return out;
        }

        /** Whether {@code p} lies on a neighbour's edge already (within {@link #ON_EDGE_METERS}). */
        private boolean onEdge(Coordinate p) {
            return !segmentsUnder(p).isEmpty();
        }

        private Coordinate closest(Coordinate v, Coordinate a, Coordinate b) {
            double sx = (b.x - a.x) * mx, sy = (b.y - a.y) * my;
            double len2 = sx * sx + sy * sy;
            if (len2 == 0) return new Coordinate(a);
            double t = ((v.x - a.x) * mx * sx + (v.y - a.y) * my * sy) / len2;
            t = Math.max(0, Math.min(1, t));
            return new Coordinate(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y));
        }

        private double distance(Coordinate a, Coordinate b) {
            return Math.hypot((a.x - b.x) * mx, (a.y - b.y) * my);
        }
    }

    private static void collectLines(Geometry g, List<LineString> out) {
        if (g instanceof LineString l) {
            out.add(l);
        } else if (g instanceof Polygon p) {
            out.add(p.getExteriorRing());
            for (int i = 0; i < p.getNumInteriorRing(); i++) out.add(p.getInteriorRingN(i));
        } else {
            for (int i = 0; i < g.getNumGeometries(); i++) {
                Geometry part = g.getGeometryN(i);
                if (part != g) collectLines(part, out);
            }
        }
    }
}
