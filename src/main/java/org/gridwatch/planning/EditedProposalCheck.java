package org.gridwatch.planning;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.gridwatch.geo.EdgeSnapper;
import org.gridwatch.geo.GeometryIssue;
import org.gridwatch.geo.GeometryValidator;
import org.gridwatch.geo.MetricProjection;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Judges a proposal the planner edited before it is stored: every proposed grid is a valid polygon,
 * and together they tile exactly the ground of the grids they replace: no gap, no overlap, nothing
 * beyond, each above {@code toleranceM2}.
 *
 * <p>Vertices are first snapped (within the snapping tolerance, as a grid save does) onto the other
 * proposed grids and onto the outline of the replaced grids, in the order given: a shared border the
 * planner moved on one side only by a few decimetres becomes shared again, and a border vertex pulled
 * slightly off the outline goes back onto it. Snapping works in lon/lat and moves vertices onto the
 * neighbours' own coordinates, so borders with grids outside the proposal stay identical; areas are
 * measured in a transverse Mercator projection centred on the replaced ground.
 *
 * <p>Stateless and thread-safe.
 */
public final class EditedProposalCheck {

    private EditedProposalCheck() {
    }

    /** Why an edited proposal cannot be stored; {@code grid}/{@code otherGrid} index the proposed grids, -1 for none. */
    public sealed interface Problem permits Invalid, Overlap, Beyond, Gap {
    }

    /** Proposed grid {@code grid} is not a valid polygon (the rules of a grid save). */
    public record Invalid(int grid, GeometryIssue issue) implements Problem {
    }

    /** Proposed grids {@code grid} and {@code otherGrid} overlap; {@code lon, lat} is a point inside the overlap. */
    public record Overlap(int grid, int otherGrid, double areaM2, double lon, double lat) implements Problem {
    }

    /** Proposed grid {@code grid} reaches beyond the ground of the replaced grids. */
    public record Beyond(int grid, double areaM2, double lon, double lat) implements Problem {
    }

    /**
     * The proposed grids leave ground of the replaced grids uncovered: the largest such piece (its
     * area, a point in it and the proposed grids bordering it, as indexes in ascending order) and the
     * total of all pieces above the tolerance.
     */
    public record Gap(double areaM2, double totalAreaM2, double lon, double lat, List<Integer> neighbours)
            implements Problem {
    }

    /**
     * The verdict: the proposed grids after snapping (lon/lat, same order; an unsnapped grid is the very
     * object given) and the first problem found, if any.
     */
    public record Result(List<Geometry> grids, Optional<Problem> problem) {
        public boolean accepted() {
            return problem.isEmpty();
        }
    }

    /**
     * @param proposed        the edited grids, lon/lat (EPSG:4326)
     * @param replaced        the stored grids they replace, lon/lat; valid, not overlapping each other
     * @param snapToleranceM  how far snapping may move a vertex, metres; 0: no snapping
     * @param toleranceM2     a gap, overlap or excess must be larger than this to count, m²
     */
    public static Result check(List<? extends Geometry> proposed, List<? extends Geometry> replaced,
                               double snapToleranceM, double toleranceM2) {
        for (int i = 0; i < proposed.size(); i++) {
            Optional<GeometryIssue> issue = GeometryValidator.check(proposed.get(i), GeometryValidator.AREAL);
            if (issue.isPresent()) return new Result(List.copyOf(proposed), Optional.of(new Invalid(i, issue.get())));
        }
        if (replaced.isEmpty() && proposed.isEmpty()) return new Result(List.of(), Optional.empty());
        Geometry ground = replaced.isEmpty() ? Planar.FACTORY.createPolygon()
                : OverlayNGRobust.union(Planar.FACTORY.buildGeometry(new ArrayList<Geometry>(replaced)));

        List<Geometry> grids = snapped(proposed, ground, snapToleranceM);

        List<Geometry> all = new ArrayList<>(grids);
        all.add(ground);
        MetricProjection projection = MetricProjection.centredOn(
                Planar.FACTORY.buildGeometry(new ArrayList<>(all)).getEnvelopeInternal());
        List<Geometry> metric = grids.stream().map(projection::project).toList();
        Geometry groundMetric = projection.project(ground);

        Optional<Problem> problem = overlap(metric, projection, toleranceM2);
        if (problem.isEmpty()) problem = beyond(metric, groundMetric, projection, toleranceM2);
        if (problem.isEmpty()) problem = gap(metric, groundMetric, projection, toleranceM2);
        return new Result(grids, problem);
    }

    /** Each grid snapped onto the others (those before it already snapped) and onto the outline of {@code ground}. */
    private static List<Geometry> snapped(List<? extends Geometry> proposed, Geometry ground, double toleranceM) {
        List<Geometry> out = new ArrayList<>(proposed);
        if (toleranceM <= 0) return out;
        Geometry outline = ground.isEmpty() ? null : ground.getBoundary();
        STRtree index = new STRtree();
        for (int i = 0; i < out.size(); i++) index.insert(out.get(i).getEnvelopeInternal(), i);
        index.build();
        for (int i = 0; i < out.size(); i++) {
            Geometry subject = out.get(i);
            // About a metre of lon/lat margin at any latitude a city lies at.
            Envelope near = new Envelope(subject.getEnvelopeInternal());
            near.expandBy(toleranceM / 20_000.0);
            List<Geometry> neighbours = new ArrayList<>();
            for (Object o : index.query(near)) {
                int j = (Integer) o;
                if (j != i) neighbours.add(out.get(j));
            }
            if (outline != null) neighbours.add(outline);
            out.set(i, EdgeSnapper.snapLonLat(subject, neighbours, toleranceM));
        }
        return out;
    }

    private static Optional<Problem> overlap(List<Geometry> metric, MetricProjection projection, double toleranceM2) {
        STRtree index = new STRtree();
        for (int i = 0; i < metric.size(); i++) index.insert(metric.get(i).getEnvelopeInternal(), i);
        index.build();
        for (int i = 0; i < metric.size(); i++) {
            List<Integer> candidates = new ArrayList<>();
            for (Object o : index.query(metric.get(i).getEnvelopeInternal())) candidates.add((Integer) o);
            candidates.sort(null);
            for (int j : candidates) {
                if (j <= i || !metric.get(i).intersects(metric.get(j))) continue;
                Geometry common = Planar.intersection(metric.get(i), metric.get(j));
                if (common.getArea() > toleranceM2) {
                    Point at = projection.unproject(common).getInteriorPoint();
                    return Optional.of(new Overlap(i, j, common.getArea(), at.getX(), at.getY()));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> beyond(List<Geometry> metric, Geometry ground, MetricProjection projection,
                                            double toleranceM2) {
        for (int i = 0; i < metric.size(); i++) {
            Geometry excess = Planar.difference(metric.get(i), ground);
            if (excess.getArea() > toleranceM2) {
                Point at = projection.unproject(largest(excess)).getInteriorPoint();
                return Optional.of(new Beyond(i, excess.getArea(), at.getX(), at.getY()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> gap(List<Geometry> metric, Geometry ground, MetricProjection projection,
                                         double toleranceM2) {
        Geometry uncovered = Planar.difference(ground, Planar.union(metric));
        double total = 0;
        Polygon biggest = null;
        for (Polygon piece : Planar.polygons(uncovered)) {
            if (piece.getArea() <= toleranceM2) continue;
            total += piece.getArea();
            if (biggest == null || piece.getArea() > biggest.getArea()) biggest = piece;
        }
        if (biggest == null) return Optional.empty();
        Set<Integer> around = new TreeSet<>();
        // Bordering: within a few centimetres, so grids meeting the gap only at a corner count too.
        for (int i = 0; i < metric.size(); i++) {
            if (metric.get(i).isWithinDistance(biggest, 0.05)) around.add(i);
        }
        Point at = projection.unproject(biggest).getInteriorPoint();
        return Optional.of(new Gap(biggest.getArea(), total, at.getX(), at.getY(), List.copyOf(around)));
    }

    private static Geometry largest(Geometry g) {
        Geometry best = g;
        double area = -1;
        for (Polygon p : Planar.polygons(g)) {
            if (p.getArea() > area) {
                best = p;
                area = p.getArea();
            }
        }
        return best;
    }
}
