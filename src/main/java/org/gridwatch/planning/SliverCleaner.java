package org.gridwatch.planning;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Finds the slivers of gap, overlap and overhang among the small grids of one large grid and
 * removes those no larger than a threshold the planner chooses:
 * <ul>
 *   <li>a piece of a grid outside the large grid is cut off;</li>
 *   <li>a piece two grids share is kept by the grid listed first and cut from the other;</li>
 *   <li>a piece of the large grid no grid covers is added to the grid that shares the longest border
 *   with it (a gap touching no grid is left).</li>
 * </ul>
 * Larger pieces are reported as kept and not touched: they are planning decisions, not slivers.
 * Pieces of at most {@link #NOISE_M2} are floating-point noise of stored borders and are ignored.
 * Grids with no sliver come back as the same object, untouched.
 *
 * <p>JTS 1.20 offers {@code CoverageValidator} and {@code CoverageGapFinder} but no coverage
 * cleaner, hence this class. Planar coordinates (metres); overlays snap-round to 1 mm.
 * Stateless and thread-safe.
 */
public final class SliverCleaner {

    /** Pieces up to this area (m²) are noise, not slivers. */
    public static final double NOISE_M2 = 0.01;

    private SliverCleaner() {
    }

    /** What a cleaning found. */
    public enum Kind {
        /** A piece of a grid outside its parent, cut off. */
        OUTSIDE_REMOVED,
        /** A shared piece, cut from {@code grid} and kept by {@code otherGrid}. */
        OVERLAP_REMOVED,
        /** An uncovered piece of the parent, added to {@code grid}. */
        GAP_FILLED,
        /** Larger than the threshold (or a gap touching no grid): left for the planner. */
        OUTSIDE_KEPT, OVERLAP_KEPT, GAP_KEPT
    }

    /**
     * One piece found. {@code grid} and {@code otherGrid} index the input list ({@code -1} when
     * there is none); {@code piece} is the sliver.
     */
    public record Change(Kind kind, int grid, int otherGrid, double areaM2, Geometry piece) {
        public boolean applied() {
            return kind == Kind.OUTSIDE_REMOVED || kind == Kind.OVERLAP_REMOVED || kind == Kind.GAP_FILLED;
        }
    }

    /** The grids after cleaning (same order as given) and what was found. */
    public record Result(List<Geometry> grids, List<Change> changes) {
    }

    /**
     * @param parent       the large grid the grids should tile, or null to look at overlaps only
     * @param grids        the small grids (valid polygons), in the order that decides who keeps an overlap
     * @param maxSliverM2  pieces up to this area are removed
     */
    public static Result clean(Geometry parent, List<? extends Geometry> grids, double maxSliverM2) {
        List<Geometry> work = new ArrayList<>(grids);
        List<Change> changes = new ArrayList<>();
        if (parent != null) {
            for (int i = 0; i < work.size(); i++) {
                Geometry g = work.get(i);
                if (parent.covers(g)) continue;
                List<Geometry> small = new ArrayList<>();
                for (Polygon piece : Planar.polygons(Planar.difference(g, parent))) {
                    double a = piece.getArea();
                    if (a <= NOISE_M2) continue;
                    boolean remove = a <= maxSliverM2;
                    changes.add(new Change(remove ? Kind.OUTSIDE_REMOVED : Kind.OUTSIDE_KEPT, i, -1, a, piece));
                    if (remove) small.add(piece);
                }
                if (!small.isEmpty()) work.set(i, Planar.polygonal(Planar.difference(g, Planar.union(small))));
            }
        }
        STRtree index = new STRtree();
        for (int i = 0; i < work.size(); i++) index.insert(work.get(i).getEnvelopeInternal(), i);
        for (int i = 0; i < work.size(); i++) {
            @SuppressWarnings("unchecked")
            List<Integer> near = index.query(work.get(i).getEnvelopeInternal());
            near.sort(null);
            for (int j : near) {
                if (j <= i) continue;
                Geometry a = work.get(i), b = work.get(j);
                if (!a.getEnvelopeInternal().intersects(b.getEnvelopeInternal()) || !a.intersects(b)) continue;
                List<Geometry> small = new ArrayList<>();
                for (Polygon piece : Planar.polygons(Planar.intersection(a, b))) {
                    double area = piece.getArea();
                    if (area <= NOISE_M2) continue;
                    boolean remove = area <= maxSliverM2;
                    changes.add(new Change(remove ? Kind.OVERLAP_REMOVED : Kind.OVERLAP_KEPT, j, i, area, piece));
                    if (remove) small.add(piece);
                }
                if (!small.isEmpty()) work.set(j, Planar.polygonal(Planar.difference(b, Planar.union(small))));
            }
        }
        if (parent != null) {
            Geometry uncovered = Planar.difference(parent, Planar.union(work));
            for (Polygon piece : Planar.polygons(uncovered)) {
                double area = piece.getArea();
                if (area <= NOISE_M2) continue;
                int owner = area <= maxSliverM2 ? longestBorder(piece, work) : -1;
                if (owner < 0) {
                    changes.add(new Change(Kind.GAP_KEPT, -1, -1, area, piece));
                    continue;
                }
                changes.add(new Change(Kind.GAP_FILLED, owner, -1, area, piece));
                work.set(owner, Planar.polygonal(Planar.union(work.get(owner), piece)));
            }
        }
        return new Result(work, changes);
    }

    /** The grid sharing the longest border with {@code piece}, or -1 when none touches it. */
    private static int longestBorder(Polygon piece, List<Geometry> grids) {
        Envelope env = piece.getEnvelopeInternal();
        // Borders computed at 1 mm precision may sit half a millimetre apart: measure within 1 mm.
        Geometry edge = piece.getBoundary();
        int best = -1;
        double bestLength = 0;
        for (int k = 0; k < grids.size(); k++) {
            Geometry g = grids.get(k);
            Envelope ge = g.getEnvelopeInternal();
            if (ge.distance(env) > 0.001) continue;
            double length = Planar.intersection(edge, g.buffer(0.001)).getLength();
            if (length > bestLength + 1e-9) {
                best = k;
                bestLength = length;
            }
        }
        return best;
    }
}
