package org.gridwatch.ogcapi.tiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lines and polygon rings, as flat {@code x0, y0, x1, y1, ...} arrays, clipped to an axis-parallel box and
 * simplified: what a vector tile needs from a shape crossing its edge, without a general overlay.
 *
 * <p>Why not JTS's {@code intersection}: a tile only has to look right inside the tile, and a box clip is a
 * pass over the vertices, where the overlay nodes and labels a topology graph and the polygon simplifier then
 * checks validity; those two were a third of a tile's time. A ring is clipped edge by edge (Sutherland–Hodgman),
 * so a concave ring leaving and re-entering the box stays one ring joined by edges along the box's side. Such
 * edges lie in the tile's buffer, outside what is drawn, and the fill inside the tile is exactly the overlay's.
 * A line is cut into the pieces inside the box (Liang–Barsky per segment).
 */
public final class RectangleClip {

    private final double minX, minY, maxX, maxY;

    public RectangleClip(double minX, double minY, double maxX, double maxY) {
        if (!(minX < maxX && minY < maxY)) throw new IllegalArgumentException("the box must have an area");
        this.minX = minX;
        this.minY = minY;
        this.maxX = maxX;
        this.maxY = maxY;
    }

    /** Whether every vertex of {@code xy} lies in the box (then nothing needs clipping). */
    public boolean contains(double[] xy) {
        for (int i = 0; i < xy.length; i += 2) {
            if (xy[i] < minX || xy[i] > maxX || xy[i + 1] < minY || xy[i + 1] > maxY) return false;
        }
        return true;
    }

    /**
     * The part of a closed ring (first vertex repeated last) inside the box, closed the same way; null when
     * fewer than three distinct vertices are left (the ring misses the box or only touches it).
     */
    public double[] ring(double[] xy) {
        double[] a = xy;
        // The four sides in turn: x >= minX, x <= maxX, y >= minY, y <= maxY.
        for (int side = 0; side < 4 && a != null; side++) a = clipBySide(a, side);
        if (a == null) return null;
        return a.length >= 8 ? a : null;
    }

    /** One Sutherland–Hodgman pass of a closed ring against one side of the box. */
    private double[] clipBySide(double[] xy, int side) {
        int n = xy.length / 2 - 1; // distinct vertices; the last repeats the first
        if (n < 3) return null;
        double[] out = new double[(2 * n + 2) * 2];
        int size = 0;
        double px = xy[2 * (n - 1)], py = xy[2 * (n - 1) + 1];
        boolean pIn = inside(px, py, side);
        for (int i = 0; i < n; i++) {
            double cx = xy[2 * i], cy = xy[2 * i + 1];
            boolean cIn = inside(cx, cy, side);
            if (cIn != pIn) {
                double t = crossing(px, py, cx, cy, side);
                double ix = px + t * (cx - px), iy = py + t * (cy - py);
                // Exactly on the side: the side's own value, so that consecutive crossings line up.
                if (side < 2) ix = side == 0 ? minX : maxX;
                else iy = side == 2 ? minY : maxY;
                out[size++] = ix;
                out[size++] = iy;
            }
            if (cIn) {
                out[size++] = cx;
                out[size++] = cy;
            }
            px = cx;
            py = cy;
            pIn = cIn;
        }
        if (size < 6) return null;
        out[size++] = out[0];
        out[size++] = out[1];
        return Arrays.copyOf(out, size);
    }

    private boolean inside(double x, double y, int side) {
        return switch (side) {
            case 0 -> x >= minX;
            case 1 -> x <= maxX;
            case 2 -> y >= minY;
            default -> y <= maxY;
        };
    }

    /** Where along p→c the segment crosses the side's line (0..1); p and c lie on different sides of it. */
    private double crossing(double px, double py, double cx, double cy, int side) {
        return switch (side) {
            case 0 -> (minX - px) / (cx - px);
            case 1 -> (maxX - px) / (cx - px);
            case 2 -> (minY - py) / (cy - py);
            default -> (maxY - py) / (cy - py);
        };
    }

    /** The pieces of a line inside the box (a line leaving and re-entering it gives several); each has two vertices or more. */
    public List<double[]> line(double[] xy) {
        List<double[]> pieces = new ArrayList<>(1);
        double[] piece = new double[xy.length + 4];
        int size = 0;
        double[] t = new double[2];
        for (int i = 0; i + 3 < xy.length; i += 2) {
            double x0 = xy[i], y0 = xy[i + 1], x1 = xy[i + 2], y1 = xy[i + 3];
            if (!segment(x0, y0, x1, y1, t)) {
                size = flush(pieces, piece, size);
                continue;
            }
            // Where the segment enters and leaves, held to the box against rounding.
            double ax = t[0] == 0 ? x0 : clampX(x0 + t[0] * (x1 - x0)), ay = t[0] == 0 ? y0 : clampY(y0 + t[0] * (y1 - y0));
            double bx = t[1] == 1 ? x1 : clampX(x0 + t[1] * (x1 - x0)), by = t[1] == 1 ? y1 : clampY(y0 + t[1] * (y1 - y0));
            if (size == 0 || piece[size - 2] != ax || piece[size - 1] != ay) {
                size = flush(pieces, piece, size);
                piece[size++] = ax;
                piece[size++] = ay;
            }
            if (size + 2 > piece.length) piece = Arrays.copyOf(piece, piece.length * 2);
            piece[size++] = bx;
            piece[size++] = by;
            // The segment left the box: the piece ends here.
            if (t[1] < 1) size = flush(pieces, piece, size);
        }
        flush(pieces, piece, size);
        return pieces;
    }

    private double clampX(double x) {
        return Math.max(minX, Math.min(maxX, x));
    }

    private double clampY(double y) {
        return Math.max(minY, Math.min(maxY, y));
    }

    private static int flush(List<double[]> pieces, double[] piece, int size) {
        if (size >= 4) pieces.add(Arrays.copyOf(piece, size));
        return 0;
    }

    /**
     * Liang–Barsky: whether the segment meets the box, with the parameters where it enters and leaves it in
     * {@code t[0] <= t[1]}.
     */
    private boolean segment(double x0, double y0, double x1, double y1, double[] t) {
        double dx = x1 - x0, dy = y1 - y0;
        double t0 = 0, t1 = 1;
        double[] p = {-dx, dx, -dy, dy};
        double[] q = {x0 - minX, maxX - x0, y0 - minY, maxY - y0};
        for (int k = 0; k < 4; k++) {
            if (p[k] == 0) {
                if (q[k] < 0) return false;
            } else {
                double r = q[k] / p[k];
                if (p[k] < 0) {
                    if (r > t1) return false;
                    if (r > t0) t0 = r;
                } else {
                    if (r < t0) return false;
                    if (r < t1) t1 = r;
                }
            }
        }
        t[0] = t0;
        t[1] = t1;
        return true;
    }

    /**
     * Douglas–Peucker: the vertices of {@code xy} farther than {@code tolerance} from the simplified line, the
     * first and last always kept. For a closed ring the two ends are the same vertex and distances are to it.
     */
    public static double[] simplify(double[] xy, double tolerance) {
        int n = xy.length / 2;
        if (n < 3) return xy;
        boolean[] keep = new boolean[n];
        keep[0] = keep[n - 1] = true;
        int[] stack = new int[2 * n];
        int top = 0;
        stack[top++] = 0;
        stack[top++] = n - 1;
        double tol2 = tolerance * tolerance;
        while (top > 0) {
            int last = stack[--top], first = stack[--top];
            double worst = -1;
            int at = -1;
            for (int i = first + 1; i < last; i++) {
                double d = distance2(xy[2 * i], xy[2 * i + 1], xy[2 * first], xy[2 * first + 1], xy[2 * last], xy[2 * last + 1]);
                if (d > worst) {
                    worst = d;
                    at = i;
                }
            }
            if (at >= 0 && worst > tol2) {
                keep[at] = true;
                stack[top++] = first;
                stack[top++] = at;
                stack[top++] = at;
                stack[top++] = last;
            }
        }
        int kept = 0;
        for (boolean k : keep) if (k) kept++;
        if (kept == n) return xy;
        double[] out = new double[2 * kept];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (!keep[i]) continue;
            out[j++] = xy[2 * i];
            out[j++] = xy[2 * i + 1];
        }
        return out;
    }

    /** Squared distance from (px, py) to the segment a–b (to a itself when a and b coincide). */
    private static double distance2(double px, double py, double ax, double ay, double bx, double by) {
        double dx = bx - ax, dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        double ex = ax + t * dx - px, ey = ay + t * dy - py;
        return ex * ex + ey * ey;
    }
}
