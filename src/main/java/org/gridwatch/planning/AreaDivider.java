package org.gridwatch.planning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

/**
 * Divides an area into cells of about a target area (the urban-management unit grid is about
 * 10,000 m²), following streets where they exist: the area is first cut into street blocks (blocks
 * below half the target merged into a neighbour, {@link StreetBlockDivider}); then each block of
 * {@code k} ≥ 2 targets (rounded) is cut by straight lines into {@code k} cells of equal area,
 * halving along the longer side of its bounding box each time, so cells stay compact.
 *
 * <p>Cells therefore never cross a street that bounds a block; a cell is within a few percent of
 * {@code areaOf(block) / k}, and k is the block's area divided by the target, rounded, so cells lie
 * between about 2/3 and 4/3 of the target (blocks smaller than the target but above half of it stay
 * whole). A concave block may yield a cell in two pieces (a MultiPolygon).
 *
 * <p>Planar coordinates (metres). Stateless and thread-safe.
 */
public final class AreaDivider {

    /** Bisection steps of a cut position: the box side shrinks 2^-32, below a millimetre for any district. */
    private static final int CUT_SEARCH_STEPS = 32;

    private AreaDivider() {
    }

    /**
     * @param area         a valid Polygon or MultiPolygon
     * @param streets      street centrelines (may be empty: then only straight cuts)
     * @param targetAreaM2 the wished cell area, > 0
     * @return the cells, in no particular order
     */
    public static List<Geometry> divide(Geometry area, Collection<? extends LineString> streets, double targetAreaM2) {
        if (!(targetAreaM2 > 0)) throw new IllegalArgumentException("targetAreaM2 must be > 0");
        List<Geometry> cells = new ArrayList<>();
        for (Geometry block : StreetBlockDivider.divide(area, streets, targetAreaM2 / 2)) {
            int k = (int) Math.max(1, Math.round(block.getArea() / targetAreaM2));
            bisect(block, k, cells);
        }
        return cells;
    }

    private static void bisect(Geometry piece, int k, List<Geometry> out) {
        if (k <= 1) {
            out.add(Planar.polygonal(piece));
            return;
        }
        int kLow = k / 2;
        double wanted = piece.getArea() * kLow / k;
        Envelope env = piece.getEnvelopeInternal();
        boolean vertical = env.getWidth() >= env.getHeight();
        double lo = vertical ? env.getMinX() : env.getMinY();
        double hi = vertical ? env.getMaxX() : env.getMaxY();
        for (int step = 0; step < CUT_SEARCH_STEPS; step++) {
            double mid = (lo + hi) / 2;
            if (side(piece, env, vertical, mid, true).getArea() < wanted) lo = mid;
            else hi = mid;
        }
        double cut = (lo + hi) / 2;
        bisect(side(piece, env, vertical, cut, true), kLow, out);
        bisect(side(piece, env, vertical, cut, false), k - kLow, out);
    }

    /** The part of {@code piece} below/left of ({@code low}) or above/right of the cut. */
    private static Geometry side(Geometry piece, Envelope env, boolean vertical, double cut, boolean low) {
        double pad = 1 + Math.max(env.getWidth(), env.getHeight());
        Envelope box = vertical
                ? (low ? new Envelope(env.getMinX() - pad, cut, env.getMinY() - pad, env.getMaxY() + pad)
                       : new Envelope(cut, env.getMaxX() + pad, env.getMinY() - pad, env.getMaxY() + pad))
                : (low ? new Envelope(env.getMinX() - pad, env.getMaxX() + pad, env.getMinY() - pad, cut)
                       : new Envelope(env.getMinX() - pad, env.getMaxX() + pad, cut, env.getMaxY() + pad));
        return Planar.intersection(piece, Planar.FACTORY.toGeometry(box));
    }
}
