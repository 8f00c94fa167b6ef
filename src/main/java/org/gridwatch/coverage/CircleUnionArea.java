package org.gridwatch.coverage;

import java.util.Arrays;

import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.algorithm.locate.PointOnGeometryLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;

/**
 * The area of (polygon ∩ union of equal regular polygons around given centres) — the covered area of
 * a grid — without building the union. By Green's theorem the area of a region is the sum of
 * (x₁y₂ − x₂y₁)/2 over its boundary, oriented counter-clockwise; the boundary of grid ∩ ⋃circles is
 * made of (a) the parts of each circle's edges that lie inside the grid and inside no other circle, and
 * (b) the parts of the grid's edges that lie inside some circle. A segment meets a convex polygon in one
 * interval (Cyrus–Beck clipping against its half-planes), so every piece is found with a few dot
 * products, orders of magnitude cheaper than a polygon overlay.
 *
 * <p>The "circles" are the regular polygons {@link CoverageCalculator} and GEOS build for a point
 * buffer (4 × quadrantSegments vertices on the circle), so the result equals the overlay's area up to
 * floating-point rounding. Centres given twice count once. Boundary contacts of measure zero (a circle
 * edge lying exactly on a grid edge) do not change the area.
 *
 * <p>Not thread-safe (scratch arrays); use one instance per thread. Planar coordinates in metres.
 */
final class CircleUnionArea {

    private final int n;
    private final double radius;
    private final double inradius;
    /** Unit outward normals of the polygon's edges, (nx, ny) pairs, edge k between vertices k and k+1. */
    private final double[] normals;
    /** Vertex offsets from the centre, (dx, dy) pairs, counter-clockwise. */
    private final double[] vertices;

    private double[] tBuf = new double[64];
    private double[] lo = new double[64];
    private double[] hi = new double[64];

    CircleUnionArea(double radius, int quadrantSegments) {
        this.n = 4 * quadrantSegments;
        this.radius = radius;
        this.inradius = radius * Math.cos(Math.PI / n);
        this.normals = new double[2 * n];
        this.vertices = new double[2 * n];
        for (int k = 0; k < n; k++) {
            double a = 2 * Math.PI * k / n;
            vertices[2 * k] = radius * Math.cos(a);
            vertices[2 * k + 1] = radius * Math.sin(a);
            double m = 2 * Math.PI * (k + 0.5) / n;
            normals[2 * k] = Math.cos(m);
            normals[2 * k + 1] = Math.sin(m);
        }
    }

    /**
     * @param grid    a polygon or multipolygon in metres
     * @param locator a point locator for {@code grid}
     * @param cx      circle centres x; only the first {@code count} are read (the array is reordered)
     * @param cy      circle centres y
     * @return the area of grid ∩ ⋃ circles, m²
     */
    double coveredArea(Geometry grid, PointOnGeometryLocator locator, double[] cx, double[] cy, int count) {
        if (count == 0) return 0;
        int k = dedupe(cx, cy, count);
        // Work relative to a local origin so the shoelace products stay small (less cancellation).
        double ox = cx[0];
        double oy = cy[0];
        double twiceArea = 0;
        Coordinate probe = new Coordinate();
        double[][] gridEdges = rings(grid);
        for (int i = 0; i < k; i++) {
            for (int e = 0; e < n; e++) {
                int e1 = (e + 1) % n;
                double px = cx[i] + vertices[2 * e], py = cy[i] + vertices[2 * e + 1];
                double qx = cx[i] + vertices[2 * e1], qy = cy[i] + vertices[2 * e1 + 1];
                double sMinX = Math.min(px, qx) - radius, sMaxX = Math.max(px, qx) + radius;
                double sMinY = Math.min(py, qy) - radius, sMaxY = Math.max(py, qy) + radius;
                int intervals = 0;
                for (int j = 0; j < k; j++) {
                    // Only circles whose box meets this edge's box can cover part of it.
                    if (j == i || cx[j] < sMinX || cx[j] > sMaxX || cy[j] < sMinY || cy[j] > sMaxY) continue;
                    intervals = clip(px, py, qx, qy, cx[j], cy[j], intervals);
                }
                int breaks = 0;
                breaks = add(breaks, 0);
                breaks = add(breaks, 1);
                for (int v = 0; v < intervals; v++) {
                    breaks = add(breaks, lo[v]);
                    breaks = add(breaks, hi[v]);
                }
                breaks = crossings(gridEdges, px, py, qx, qy, breaks);
                Arrays.sort(tBuf, 0, breaks);
                for (int b = 0; b + 1 < breaks; b++) {
                    double a = tBuf[b], c = tBuf[b + 1];
                    if (c - a <= 0) continue;
                    double mid = (a + c) / 2;
                    if (inAny(mid, intervals)) continue;
                    probe.x = px + mid * (qx - px);
                    probe.y = py + mid * (qy - py);
                    if (locator.locate(probe) != Location.INTERIOR) continue;
                    twiceArea += cross(px, py, qx, qy, a, c, ox, oy);
                }
            }
        }
        for (double[] ring : gridEdges) {
            for (int v = 0; v + 3 < ring.length; v += 2) {
                double px = ring[v], py = ring[v + 1], qx = ring[v + 2], qy = ring[v + 3];
                double minX = Math.min(px, qx) - radius, maxX = Math.max(px, qx) + radius;
                double minY = Math.min(py, qy) - radius, maxY = Math.max(py, qy) + radius;
                int intervals = 0;
                for (int j = 0; j < k; j++) {
                    if (cx[j] < minX || cx[j] > maxX || cy[j] < minY || cy[j] > maxY) continue;
                    intervals = clip(px, py, qx, qy, cx[j], cy[j], intervals);
                }
                if (intervals == 0) continue;
                twiceArea += coveredLength(px, py, qx, qy, intervals, ox, oy);
            }
        }
        return Math.max(0, twiceArea / 2);
    }

    /** Shoelace term of the piece S(a)..S(c) of segment P→Q, relative to (ox, oy). */
    private static double cross(double px, double py, double qx, double qy, double a, double c, double ox, double oy) {
        double x1 = px + a * (qx - px) - ox, y1 = py + a * (qy - py) - oy;
        double x2 = px + c * (qx - px) - ox, y2 = py + c * (qy - py) - oy;
        return x1 * y2 - x2 * y1;
    }

    /** Shoelace sum over the union of the collected intervals of segment P→Q. */
    private double coveredLength(double px, double py, double qx, double qy, int intervals, double ox, double oy) {
        // Sort intervals by start (insertion sort: there are few), then walk their union.
        for (int a = 1; a < intervals; a++) {
            double l = lo[a], h = hi[a];
            int b = a - 1;
            while (b >= 0 && lo[b] > l) {
                lo[b + 1] = lo[b];
                hi[b + 1] = hi[b];
                b--;
            }
            lo[b + 1] = l;
            hi[b + 1] = h;
        }
        double sum = 0;
        double start = lo[0], end = hi[0];
        for (int a = 1; a < intervals; a++) {
            if (lo[a] <= end) {
                end = Math.max(end, hi[a]);
            } else {
                sum += cross(px, py, qx, qy, start, end, ox, oy);
                start = lo[a];
                end = hi[a];
            }
        }
        return sum + cross(px, py, qx, qy, start, end, ox, oy);
    }

    private boolean inAny(double t, int intervals) {
        for (int v = 0; v < intervals; v++) if (t > lo[v] && t < hi[v]) return true;
        return false;
    }

    /**
     * Cyrus–Beck: the interval of P→Q inside the circle polygon centred at (cx, cy), appended to
     * lo/hi when not empty.
     */
    private int clip(double px, double py, double qx, double qy, double cx, double cy, int intervals) {
        double dx = qx - px, dy = qy - py;
        double rx = px - cx, ry = py - cy;
        double tEnter = 0, tLeave = 1;
        for (int e = 0; e < n; e++) {
            double nx = normals[2 * e], ny = normals[2 * e + 1];
            double num = nx * rx + ny * ry - inradius;
            double den = nx * dx + ny * dy;
            if (den == 0) {
                if (num > 0) return intervals;
                continue;
            }
            double t = -num / den;
            if (den < 0) {
                if (t > tEnter) tEnter = t;
            } else if (t < tLeave) {
                tLeave = t;
            }
            if (tEnter >= tLeave) return intervals;
        }
        if (intervals == lo.length) {
            lo = Arrays.copyOf(lo, intervals * 2);
            hi = Arrays.copyOf(hi, intervals * 2);
        }
        lo[intervals] = tEnter;
        hi[intervals] = tLeave;
        return intervals + 1;
    }

    /** Appends the parameters where P→Q crosses a grid edge. */
    private int crossings(double[][] rings, double px, double py, double qx, double qy, int breaks) {
        double minX = Math.min(px, qx), maxX = Math.max(px, qx), minY = Math.min(py, qy), maxY = Math.max(py, qy);
        double dx = qx - px, dy = qy - py;
        for (double[] ring : rings) {
            for (int v = 0; v + 3 < ring.length; v += 2) {
                double ax = ring[v], ay = ring[v + 1], bx = ring[v + 2], by = ring[v + 3];
                if (Math.max(ax, bx) < minX || Math.min(ax, bx) > maxX || Math.max(ay, by) < minY || Math.min(ay, by) > maxY) {
                    continue;
                }
                double ex = bx - ax, ey = by - ay;
                double den = dx * ey - dy * ex;
                if (den == 0) continue;
                double wx = ax - px, wy = ay - py;
                double t = (wx * ey - wy * ex) / den;
                double u = (wx * dy - wy * dx) / den;
                if (t > 0 && t < 1 && u >= 0 && u <= 1) breaks = add(breaks, t);
            }
        }
        return breaks;
    }

    private int add(int breaks, double t) {
        if (breaks == tBuf.length) tBuf = Arrays.copyOf(tBuf, breaks * 2);
        tBuf[breaks] = Math.max(0, Math.min(1, t));
        return breaks + 1;
    }

    /** Removes exact duplicate centres; returns the new count. */
    private static int dedupe(double[] cx, double[] cy, int count) {
        int k = 0;
        outer:
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < k; j++) {
                if (cx[j] == cx[i] && cy[j] == cy[i]) continue outer;
            }
            cx[k] = cx[i];
            cy[k] = cy[i];
            k++;
        }
        return k;
    }

    /** The grid's rings as flat x,y arrays: shells counter-clockwise, holes clockwise. */
    static double[][] rings(Geometry grid) {
        int count = 0;
        for (int p = 0; p < grid.getNumGeometries(); p++) {
            count += 1 + ((Polygon) grid.getGeometryN(p)).getNumInteriorRing();
        }
        double[][] out = new double[count][];
        int r = 0;
        for (int p = 0; p < grid.getNumGeometries(); p++) {
            Polygon poly = (Polygon) grid.getGeometryN(p);
            out[r++] = flat(poly.getExteriorRing(), true);
            for (int h = 0; h < poly.getNumInteriorRing(); h++) out[r++] = flat(poly.getInteriorRingN(h), false);
        }
        return out;
    }

    private static double[] flat(LinearRing ring, boolean counterClockwise) {
        CoordinateSequence seq = ring.getCoordinateSequence();
        boolean reverse = Orientation.isCCW(seq) != counterClockwise;
        int size = seq.size();
        double[] out = new double[2 * size];
        for (int i = 0; i < size; i++) {
            int s = reverse ? size - 1 - i : i;
            out[2 * i] = seq.getX(s);
            out[2 * i + 1] = seq.getY(s);
        }
        return out;
    }
}
