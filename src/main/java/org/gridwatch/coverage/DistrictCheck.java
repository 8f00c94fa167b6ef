package org.gridwatch.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.gridwatch.coverage.GridTopologyChecker.Grid;
import org.gridwatch.coverage.GridTopologyChecker.Kind;
import org.gridwatch.coverage.GridTopologyChecker.Problem;
import org.gridwatch.geo.MetricProjection;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;

/**
 * The district level of the topology report: the large grids against each other and against the district
 * outline.
 * <ul>
 *   <li>{@link Kind#DISTRICT_UNCOVERED}: ground of the outline outside every large grid (along the district's
 *   edge, or anywhere not enclosed by large grids);</li>
 *   <li>{@link Kind#LARGE_GAP}: ground enclosed by large grids that none covers. With an outline: such ground
 *   inside the outline. Without one: holes of the large grids' union bordered by at least two large grids (a
 *   hole inside one grid is taken as drawn on purpose, an enclave of another district);</li>
 *   <li>{@link Kind#OUTSIDE_DISTRICT}: the part of a large grid outside the outline, when the grid reaches more
 *   than {@link GridTopologyChecker#CONTAINMENT_TOLERANCE_METERS} beyond it.</li>
 * </ul>
 * A finding names the large grids it touches (in code order) as grid and other grid, so the planner knows
 * whose border to move. Areas are m² in a transverse Mercator projection centred on the district (or, without
 * an outline, on each group of touching large grids), with edges densified as {@link MetricProjection} does;
 * a large grid far from the outline is measured in a projection centred on itself. Pure and stateless.
 */
final class DistrictCheck {

    private static final GeometryFactory METRIC = new GeometryFactory(new PrecisionModel());
    private static final PrecisionModel MILLIMETRE = new PrecisionModel(1000);
    /** Borders computed at 1 mm precision may sit half a millimetre apart: touching is within 1 mm. */
    private static final double TOUCH_METERS = 0.001;

    private DistrictCheck() {
    }

    static void check(Geometry outline, List<Grid> large, List<Problem> out) {
        if (outline != null && !outline.isEmpty()) {
            withOutline(outline, large, out);
        } else {
            for (List<Grid> group : touchingGroups(large)) {
                if (group.size() >= 2) holes(group, out);
            }
        }
    }

    private static void withOutline(Geometry outline, List<Grid> large, List<Problem> out) {
        Envelope district = outline.getEnvelopeInternal();
        MetricProjection projection = MetricProjection.centredOn(district);
        Geometry o = projection.projectDensified(outline);
        PreparedGeometry tolerated = PreparedGeometryFactory.prepare(
                o.buffer(GridTopologyChecker.CONTAINMENT_TOLERANCE_METERS));
        PreparedGeometry inner = PreparedGeometryFactory.prepare(o);
        List<Grid> near = new ArrayList<>();
        List<Geometry> metric = new ArrayList<>();
        for (Grid g : large) {
            if (!g.geometry().getEnvelopeInternal().intersects(district)) {
                out.add(new Problem(Kind.OUTSIDE_DISTRICT, g.code(), null, MetricProjection.areaM2Of(g.geometry()),
                        g.geometry(), null, null));
                continue;
            }
            Geometry m = projection.projectDensified(g.geometry());
            near.add(g);
            metric.add(m);
            if (tolerated.covers(m)) continue;
            Geometry excess = inner.intersects(m) ? OverlayNG.overlay(m, o, OverlayNG.DIFFERENCE, MILLIMETRE) : m;
            if (excess.isEmpty()) continue;
            out.add(new Problem(Kind.OUTSIDE_DISTRICT, g.code(), null, excess.getArea(), projection.unproject(excess),
                    null, null));
        }
        Geometry union = metric.isEmpty() ? METRIC.createPolygon()
                : UnaryUnionNG.union(METRIC.buildGeometry(metric), MILLIMETRE);
        Geometry uncovered = OverlayNG.overlay(o, union, OverlayNG.DIFFERENCE, MILLIMETRE);
        PreparedGeometry enclosed = PreparedGeometryFactory.prepare(shells(union));
        for (Polygon piece : polygons(uncovered)) {
            double area = piece.getArea();
            if (area <= GridTopologyChecker.AREA_TOLERANCE_M2) continue;
            Kind kind = enclosed.contains(piece.getInteriorPoint()) ? Kind.LARGE_GAP : Kind.DISTRICT_UNCOVERED;
            List<String> around = touching(piece, near, metric);
            out.add(new Problem(kind, around.isEmpty() ? null : around.get(0), around.size() < 2 ? null : around.get(1),
                    area, projection.unproject(piece), null, null));
        }
    }

    /** Holes of the union of one group of touching large grids, bordered by two grids or more. */
    private static void holes(List<Grid> group, List<Problem> out) {
        Envelope env = new Envelope();
        group.forEach(g -> env.expandToInclude(g.geometry().getEnvelopeInternal()));
        MetricProjection projection = MetricProjection.centredOn(env);
        List<Geometry> metric = group.stream().map(g -> projection.projectDensified(g.geometry())).toList();
        Geometry union = UnaryUnionNG.union(METRIC.buildGeometry(metric), MILLIMETRE);
        for (Polygon p : polygons(union)) {
            for (int r = 0; r < p.getNumInteriorRing(); r++) {
                Polygon hole = METRIC.createPolygon(p.getInteriorRingN(r).getCoordinates());
                double area = hole.getArea();
                if (area <= GridTopologyChecker.AREA_TOLERANCE_M2) continue;
                List<String> around = touching(hole, group, metric);
                if (around.size() < 2) continue;
                out.add(new Problem(Kind.LARGE_GAP, around.get(0), around.get(1), area, projection.unproject(hole),
                        null, null));
            }
        }
    }

    /** The codes, sorted, of the grids whose border comes within {@link #TOUCH_METERS} of {@code piece}. */
    private static List<String> touching(Geometry piece, List<Grid> grids, List<Geometry> metric) {
        Envelope env = new Envelope(piece.getEnvelopeInternal());
        env.expandBy(TOUCH_METERS);
        TreeSet<String> codes = new TreeSet<>();
        for (int i = 0; i < grids.size(); i++) {
            Geometry m = metric.get(i);
            if (m.getEnvelopeInternal().intersects(env) && m.isWithinDistance(piece, TOUCH_METERS)) {
                codes.add(grids.get(i).code());
            }
        }
        return List.copyOf(codes);
    }

    /** The union's polygons with their holes filled: the ground the large grids enclose. */
    private static Geometry shells(Geometry union) {
        List<Geometry> filled = new ArrayList<>();
        for (Polygon p : polygons(union)) filled.add(METRIC.createPolygon(p.getExteriorRing().getCoordinates()));
        return filled.isEmpty() ? METRIC.createPolygon() : UnaryUnionNG.union(METRIC.buildGeometry(filled), MILLIMETRE);
    }

    /**
     * Large grids in groups whose members touch or overlap (by bounding box, a little grown): each group is
     * measured in its own projection, so districts on different continents in one store never share one.
     */
    private static List<List<Grid>> touchingGroups(List<Grid> large) {
        int n = large.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        Envelope[] env = new Envelope[n];
        for (int i = 0; i < n; i++) {
            env[i] = new Envelope(large.get(i).geometry().getEnvelopeInternal());
            env[i].expandBy(1e-7);
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (env[i].intersects(env[j])) parent[find(parent, i)] = find(parent, j);
            }
        }
        java.util.Map<Integer, List<Grid>> groups = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(large.get(i));
        return List.copyOf(groups.values());
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static List<Polygon> polygons(Geometry g) {
        List<Polygon> out = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            if (g.getGeometryN(i) instanceof Polygon p && !p.isEmpty()) out.add(p);
        }
        return out;
    }
}
