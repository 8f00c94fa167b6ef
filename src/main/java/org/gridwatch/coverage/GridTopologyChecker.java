package org.gridwatch.coverage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.geo.MetricProjection;
import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;

/**
 * Finds where the grids fail "不留死角" (no ground without an owner), at every level: ground of the
 * district (its outline, when the store has one) outside every large grid, gaps between large grids
 * (ground enclosed by large grids that none of them covers), large grids reaching outside the district,
 * gaps in a large grid that no
 * small grid covers, overlaps between grids of the same level, small grids reaching outside their large
 * grid or naming no existing one, small grids without a responsible person, and active features that
 * lie in no small grid.
 *
 * <p>Areas are m², each measured in a {@link MetricProjection} centred near the ground it concerns: a
 * large grid and its small grids in one centred on the large grid, a pair of overlapping grids in one
 * centred on the pair. The figures of one corner of the store therefore never depend on where the
 * rest of it lies (a district on another continent, a stray point at 0,0). Shared borders stored in floating
 * point leave slivers of far below a square metre; a gap or overlap counts only when its area exceeds
 * {@link #AREA_TOLERANCE_M2}, and a small grid may reach {@link #CONTAINMENT_TOLERANCE_METERS} beyond
 * its large grid before it counts as outside — the same thresholds the grid editor enforces.
 *
 * <p>Overlaps are prefiltered with JTS {@link CoverageValidator} (here "coverage" in the JTS sense: a
 * set of polygons meant to meet edge to edge): only polygons it flags are intersected pairwise.
 *
 * <p>Stateless and thread-safe.
 * Problems come out sorted by kind, then grid code, then other code, so the report is deterministic.
 */
public final class GridTopologyChecker {

    public static final double AREA_TOLERANCE_M2 = 1.0;
    public static final double CONTAINMENT_TOLERANCE_METERS = 0.5;

    private static final GeometryFactory METRIC = new GeometryFactory(new PrecisionModel());
    /**
     * Overlays snap-round to 1 mm: a border shared by two grids but stored with different vertices
     * differs by nanometres after projection, and floating-point overlay would keep that as
     * zero-width spikes in the reported polygons.
     */
    private static final PrecisionModel MILLIMETRE = new PrecisionModel(1000);

    private GridTopologyChecker() {
    }

    /** The kinds of problem, in the order the report lists them. */
    public enum Kind {
        DISTRICT_UNCOVERED("districtUncovered"), LARGE_GAP("largeGap"), OUTSIDE_DISTRICT("outsideDistrict"),
        GAP("gap"), OVERLAP("overlap"), OUTSIDE_PARENT("outsideParent"), NO_PARENT("noParent"),
        NO_RESPONSIBLE_PERSON("noResponsiblePerson"), FEATURE_IN_NO_GRID("featureInNoGrid");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** A grid to check; {@code large} tells the level; geometry in lon/lat. */
    public record Grid(String code, boolean large, String parentCode, String responsiblePerson, Geometry geometry) {
    }

    /** An active feature to check: its id, type key and position (lon/lat). */
    public record Feature(long id, String type, double lon, double lat) {
    }

    /**
     * One problem. {@code geometry} is in lon/lat: the gap, the overlap, the part outside, the grid
     * itself, or the feature's point. {@code areaM2} is 0 for features.
     */
    public record Problem(Kind kind, String gridCode, String otherGridCode, double areaM2, Geometry geometry,
                          Long featureId, String featureType) {
    }

    /** Checks {@code grids} and {@code features} of a store without a district outline. */
    public static List<Problem> check(List<Grid> grids, List<Feature> features) {
        return check(null, grids, features);
    }

    /**
     * Checks {@code grids} and {@code features}; {@code districtOutline} (lon/lat polygon or multipolygon,
     * or null when the store has none) is the ground the large grids must cover exactly.
     */
    public static List<Problem> check(Geometry districtOutline, List<Grid> grids, List<Feature> features) {
        List<Grid> large = grids.stream().filter(Grid::large).toList();
        List<Grid> small = grids.stream().filter(g -> !g.large()).toList();
        Map<String, Grid> largeByCode = new HashMap<>();
        for (Grid l : large) largeByCode.put(l.code(), l);

        List<Problem> problems = new ArrayList<>();
        DistrictCheck.check(districtOutline, large, problems);
        gaps(large, small, problems);
        overlaps(large, problems);
        overlaps(small, problems);
        containment(largeByCode, small, problems);
        for (Grid g : small) {
            if (g.responsiblePerson() == null || g.responsiblePerson().isBlank()) {
                problems.add(new Problem(Kind.NO_RESPONSIBLE_PERSON, g.code(), null,
                        MetricProjection.areaM2Of(g.geometry()), g.geometry(), null, null));
            }
        }
        featuresInNoGrid(small, features, problems);
        problems.sort(Comparator.comparing(Problem::kind)
                .thenComparing(Problem::gridCode, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Problem::otherGridCode, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Problem::featureId, Comparator.nullsFirst(Comparator.naturalOrder())));
        return problems;
    }

    private static MetricProjection centredOn(Envelope lonLat) {
        return MetricProjection.centredOn(lonLat.centre().x, lonLat.centre().y);
    }

    private static void gaps(List<Grid> large, List<Grid> small, List<Problem> out) {
        Map<String, List<Geometry>> children = new HashMap<>();
        for (Grid s : small) {
            if (s.parentCode() != null) children.computeIfAbsent(s.parentCode(), k -> new ArrayList<>()).add(s.geometry());
        }
        for (Grid l : large) {
            MetricProjection projection = centredOn(l.geometry().getEnvelopeInternal());
            Geometry outline = projection.projectDensified(l.geometry());
            List<Geometry> parts = new ArrayList<>();
            for (Geometry c : children.getOrDefault(l.code(), List.of())) parts.add(projection.projectDensified(c));
            Geometry rest = parts.isEmpty() ? outline
                    : OverlayNG.overlay(outline, UnaryUnionNG.union(METRIC.buildGeometry(parts), MILLIMETRE),
                    OverlayNG.DIFFERENCE, MILLIMETRE);
            for (Geometry piece : polygons(rest)) {
                double area = piece.getArea();
                if (area > AREA_TOLERANCE_M2) {
                    out.add(new Problem(Kind.GAP, l.code(), null, area, projection.unproject(piece), null, null));
                }
            }
        }
    }

    private static void overlaps(List<Grid> level, List<Problem> out) {
        if (level.size() < 2) return;
        // The validator compares edges and their crossings, which a projection does not change: it
        // runs on lon/lat, and only the flagged pairs are projected and intersected.
        Geometry[] polygons = new Geometry[level.size()];
        for (int i = 0; i < polygons.length; i++) polygons[i] = level.get(i).geometry();
        Geometry[] invalidEdges = CoverageValidator.validate(polygons);
        STRtree tree = new STRtree();
        for (int i = 0; i < polygons.length; i++) tree.insert(polygons[i].getEnvelopeInternal(), i);
        tree.build();
        for (int i = 0; i < polygons.length; i++) {
            if (invalidEdges[i] == null) continue;
            @SuppressWarnings("unchecked")
            List<Integer> candidates = tree.query(polygons[i].getEnvelopeInternal());
            for (int j : candidates) {
                // Report each pair once; the flagged partner of a valid polygon is still found from i.
                if (j == i || (invalidEdges[j] != null && j < i)) continue;
                Envelope common = polygons[i].getEnvelopeInternal().intersection(polygons[j].getEnvelopeInternal());
                if (common.getArea() <= 0) continue;
                MetricProjection projection = centredOn(common);
                Geometry overlap = OverlayNG.overlay(projection.projectDensified(polygons[i]), projection.projectDensified(polygons[j]),
                        OverlayNG.INTERSECTION, MILLIMETRE);
                double area = overlap.getArea();
                if (area > AREA_TOLERANCE_M2) {
                    String a = level.get(i).code();
                    String b = level.get(j).code();
                    boolean aFirst = a.compareTo(b) < 0;
                    out.add(new Problem(Kind.OVERLAP, aFirst ? a : b, aFirst ? b : a, area,
                            projection.unproject(overlap), null, null));
                }
            }
        }
    }

    private static void containment(Map<String, Grid> largeByCode, List<Grid> small, List<Problem> out) {
        Map<String, MetricProjection> projections = new HashMap<>();
        Map<String, Geometry> parents = new HashMap<>();
        Map<String, PreparedGeometry> tolerated = new HashMap<>();
        for (Grid s : small) {
            Grid parent = s.parentCode() == null ? null : largeByCode.get(s.parentCode());
            if (parent == null) {
                out.add(new Problem(Kind.NO_PARENT, s.code(), s.parentCode(), MetricProjection.areaM2Of(s.geometry()),
                        s.geometry(), null, null));
                continue;
            }
            MetricProjection projection = projections.computeIfAbsent(parent.code(),
                    k -> centredOn(parent.geometry().getEnvelopeInternal()));
            Geometry outline = parents.computeIfAbsent(parent.code(), k -> projection.projectDensified(parent.geometry()));
            PreparedGeometry around = tolerated.computeIfAbsent(parent.code(),
                    k -> PreparedGeometryFactory.prepare(outline.buffer(CONTAINMENT_TOLERANCE_METERS)));
            Geometry inner = projection.projectDensified(s.geometry());
            if (around.covers(inner)) continue;
            Geometry excess = OverlayNG.overlay(inner, outline, OverlayNG.DIFFERENCE, MILLIMETRE);
            out.add(new Problem(Kind.OUTSIDE_PARENT, s.code(), s.parentCode(), excess.getArea(),
                    projection.unproject(excess), null, null));
        }
    }

    private static void featuresInNoGrid(List<Grid> small, List<Feature> features, List<Problem> out) {
        if (features.isEmpty()) return;
        double[] lon = new double[features.size()];
        double[] lat = new double[features.size()];
        int[] type = new int[features.size()];
        for (int i = 0; i < lon.length; i++) {
            lon[i] = features.get(i).lon();
            lat[i] = features.get(i).lat();
        }
        CoverageCalculator.Points points = new CoverageCalculator.Points(lon, lat, type, 1);
        List<Geometry> outlines = small.stream().map(Grid::geometry).toList();
        boolean[] inside = CoverageCalculator.count(outlines, points).inAnyGrid();
        for (int i = 0; i < inside.length; i++) {
            if (!inside[i]) {
                Feature f = features.get(i);
                out.add(new Problem(Kind.FEATURE_IN_NO_GRID, null, null, 0,
                        org.gridwatch.geo.GeometryFactories.point(f.lon(), f.lat()), f.id(), f.type()));
            }
        }
    }

    private static List<Geometry> polygons(Geometry g) {
        List<Geometry> out = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Polygonal && !part.isEmpty()) out.add(part);
        }
        return out;
    }
}
