package org.gridwatch.coverage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.coverage.ActiveFeatureQueries.ActiveFeatures;
import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.geo.MetricProjection;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.outline.OutlineService;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads grids and active features and hands them to {@link CoverageCalculator} and
 * {@link GridTopologyChecker}. Checks the request parameters and refuses bad ones with a problem.
 */
@Service
public class CoverageService {

    /** Radii above this are not a coverage question any more (a grid is a few hundred metres across). */
    public static final double MAX_RADIUS_METERS = 1000;

    private final GridService grids;
    private final FeatureService features;
    private final ActiveFeatureQueries queries;
    private final OutlineService outline;
    private final CoverageIndex index;
    /**
     * The last table of each (level, type, radius, types): the same object is returned while the index has not
     * changed, so that the controller can hand out the JSON it wrote for it. At most one per combination asked.
     */
    private final Map<String, Computed> lastTables = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Computed> eldest) {
            return size() > 32;
        }
    };

    CoverageService(GridService grids, FeatureService features, ActiveFeatureQueries queries, OutlineService outline,
                    CoverageIndex index) {
        this.grids = grids;
        this.index = index;
        this.outline = outline;
        this.features = features;
        this.queries = queries;
    }

    /**
     * One grid's row. {@code counts} and {@code densityPerKm2} are keyed by feature type in the
     * types' display order; the district row has code {@code null}.
     */
    public record Row(String code, String name, String parentCode, double areaM2, Map<String, Integer> counts,
                      Map<String, Double> densityPerKm2, double coveredShare, double uncoveredAreaM2) {
    }

    /**
     * The coverage table of one level. {@code district} sums the rows' areas and counts every active
     * feature inside at least one grid once; {@code featuresInNoGrid} are the active features outside
     * every grid of the level.
     */
    public record Table(GridLevel level, String type, double radiusMeters, List<String> types, List<Row> rows,
                        Row district, int featuresInNoGrid) {
    }

    /** The uncovered part of one grid, in lon/lat, with its measures. */
    public record Gaps(GridView grid, String type, double radiusMeters, double areaM2, double uncoveredAreaM2,
                       Geometry uncovered) {
    }

    /**
     * The coverage table of {@code level}, from the {@link CoverageIndex} kept in memory: the counts are the
     * index's per-grid counts, the shares are measured again only for grids an edit may have changed.
     */
    public Table coverage(GridLevel level, String type, double radiusMeters) {
        Map<String, Integer> typeIndex = typeIndex();
        checkType(type, typeIndex);
        checkRadius(radiusMeters);
        List<String> types = List.copyOf(typeIndex.keySet());
        String key = level.key() + "|" + type + "|" + radiusMeters + "|" + types;
        return index.read(view -> {
            String stamp = view.stamp();
            synchronized (lastTables) {
                Computed last = lastTables.get(key);
                if (last != null && last.stamp().equals(stamp)) return last.table();
            }
            Table table = table(view, level, type, radiusMeters, typeIndex, types);
            synchronized (lastTables) {
                lastTables.put(key, new Computed(stamp, table));
            }
            return table;
        });
    }

    /** A table and the index stamp it was computed at. */
    private record Computed(String stamp, Table table) {
    }

    private Table table(CoverageIndex.View view, GridLevel level, String type, double radiusMeters,
                        Map<String, Integer> typeIndex, List<String> types) {
        {
            List<GridView> rowsGrids = view.grids(level);
            ActiveFeatureSet features = view.features();
            int[][] perGrid = new int[rowsGrids.size()][types.size()];
            if (level == GridLevel.SMALL) {
                for (int g = 0; g < rowsGrids.size(); g++) {
                    for (int t = 0; t < types.size(); t++) perGrid[g][t] = features.count(rowsGrids.get(g).code(), types.get(t));
                }
            } else {
                countLarge(features, view.grids(GridLevel.SMALL), rowsGrids, typeIndex, perGrid);
            }
            CoverageCalculator.GridCoverage[] measured = rowsGrids.isEmpty() ? new CoverageCalculator.GridCoverage[0]
                    : view.coverage(level, type, radiusMeters);
            List<Row> rows = new ArrayList<>(rowsGrids.size());
            double totalArea = 0;
            double totalCovered = 0;
            int[] inAny = new int[types.size()];
            for (int g = 0; g < rowsGrids.size(); g++) {
                GridView grid = rowsGrids.get(g);
                CoverageCalculator.GridCoverage c = measured[g];
                rows.add(row(grid.code(), grid.name(), grid.parentCode(), c.areaM2(), perGrid[g], types,
                        c.coveredShare(), c.uncoveredM2()));
                totalArea += c.areaM2();
                totalCovered += Math.min(c.coveredM2(), c.areaM2());
                for (int t = 0; t < types.size(); t++) inAny[t] += perGrid[g][t];
            }
            int all = 0;
            int inside = 0;
            for (int t = 0; t < types.size(); t++) {
                all += features.count(types.get(t));
                inside += inAny[t];
            }
            Row district = row(null, null, null, totalArea, inAny, types,
                    totalArea <= 0 ? 0 : totalCovered / totalArea, totalArea - totalCovered);
            return new Table(level, type, radiusMeters, types, rows, district, all - inside);
        }
    }

    /**
     * Counts per large grid: a feature belongs to the parent of its small grid; one in no small grid (or in one
     * without a parent) to the large grid covering it (the smallest code where two do), so that every large row
     * is its small rows plus the features of its gaps, and the large rows add up to the district.
     */
    private static void countLarge(ActiveFeatureSet features, List<GridView> small, List<GridView> large,
                                   Map<String, Integer> typeIndex, int[][] perGrid) {
        Map<String, String> parentOfSmall = new java.util.HashMap<>();
        for (GridView s : small) {
            if (s.parentCode() != null) parentOfSmall.put(s.code(), s.parentCode());
        }
        Map<String, Integer> row = new java.util.HashMap<>();
        for (int g = 0; g < large.size(); g++) row.putIfAbsent(large.get(g).code(), g);
        List<String> types = List.copyOf(typeIndex.keySet());
        for (String code : features.gridCodes()) {
            String parent = parentOfSmall.get(code);
            Integer g = parent == null ? null : row.get(parent);
            if (g == null) continue;
            for (int t = 0; t < types.size(); t++) perGrid[g][t] += features.count(code, types.get(t));
        }
        if (large.isEmpty()) return;
        List<double[]> unowned = new ArrayList<>();
        features.forEach(code -> !parentOfSmall.containsKey(code), (id, type, lon, lat, code) -> {
            Integer t = typeIndex.get(type);
            if (t != null) unowned.add(new double[]{lon, lat, t});
        });
        if (unowned.isEmpty()) return;
        double[] lon = new double[unowned.size()];
        double[] lat = new double[unowned.size()];
        for (int k = 0; k < lon.length; k++) {
            lon[k] = unowned.get(k)[0];
            lat[k] = unowned.get(k)[1];
        }
        int[] found = CoverageCalculator.owners(large.stream().map(GridView::geometry).toList(),
                large.stream().map(GridView::code).toList(), new CoverageCalculator.Points(lon, lat, new int[lon.length], 1));
        for (int k = 0; k < found.length; k++) {
            if (found[k] >= 0) perGrid[found[k]][(int) unowned.get(k)[2]]++;
        }
    }

    @Transactional(readOnly = true)
    public Gaps gaps(String gridCode, String type, double radiusMeters) {
        Map<String, Integer> typeIndex = typeIndex();
        checkType(type, typeIndex);
        checkRadius(radiusMeters);
        GridView grid = grids.get(gridCode);
        Envelope env = grid.geometry().getEnvelopeInternal();
        // Grow the window by the radius in degrees, with 1% to spare for the ellipsoid.
        double dLat = radiusMeters / 110_574.0 * 1.01;
        double dLon = radiusMeters / (111_320.0 * Math.cos(Math.toRadians(Math.min(89, Math.abs(env.centre().y))))) * 1.01;
        Envelope window = new Envelope(env.getMinX() - dLon, env.getMaxX() + dLon, env.getMinY() - dLat, env.getMaxY() + dLat);
        ActiveFeatures near = queries.load(typeIndex, type, window);
        CoverageCalculator.Stations stations = CoverageCalculator.Stations.of(near.lon(), near.lat());
        Geometry uncovered = CoverageCalculator.uncovered(grid.geometry(), stations, radiusMeters,
                CoverageCalculator.DEFAULT_QUADRANT_SEGMENTS);
        MetricProjection projection = MetricProjection.near(env.centre().x, env.centre().y);
        double area = projection.areaM2(grid.geometry());
        return new Gaps(grid, type, radiusMeters, area, projection.areaM2(uncovered), uncovered);
    }

    @Transactional(readOnly = true)
    public List<GridTopologyChecker.Problem> topology() {
        List<GridTopologyChecker.Grid> all = new ArrayList<>();
        for (GridView g : grids.list(null, null, null)) {
            all.add(new GridTopologyChecker.Grid(g.code(), g.level() == GridLevel.LARGE, g.parentCode(),
                    g.responsiblePerson(), g.geometry()));
        }
        Map<String, Integer> typeIndex = typeIndex();
        List<String> types = List.copyOf(typeIndex.keySet());
        ActiveFeatures active = queries.load(typeIndex, null, null);
        List<GridTopologyChecker.Feature> points = new ArrayList<>(active.size());
        for (int i = 0; i < active.size(); i++) {
            points.add(new GridTopologyChecker.Feature(active.id()[i], types.get(active.typeIndex()[i]),
                    active.lon()[i], active.lat()[i]));
        }
        return GridTopologyChecker.check(outline.districtOutline().orElse(null), all, points);
    }

    private static Row row(String code, String name, String parentCode, double areaM2, int[] counts,
                           List<String> types, double coveredShare, double uncoveredM2) {
        Map<String, Integer> byType = new LinkedHashMap<>();
        Map<String, Double> density = new LinkedHashMap<>();
        for (int t = 0; t < types.size(); t++) {
            byType.put(types.get(t), counts[t]);
            density.put(types.get(t), areaM2 <= 0 ? 0 : counts[t] / (areaM2 / 1e6));
        }
        return new Row(code, name, parentCode, areaM2, byType, density, coveredShare, uncoveredM2);
    }

    private Map<String, Integer> typeIndex() {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (FeatureTypeView t : features.types()) index.put(t.key(), index.size());
        return index;
    }

    private static void checkType(String type, Map<String, Integer> typeIndex) {
        if (type == null || !typeIndex.containsKey(type)) {
            String known = String.join(", ", typeIndex.keySet());
            throw ApiProblem.badRequest("coverage.type.unknown",
                    "unknown feature type '" + type + "'; known types: " + known, String.valueOf(type), known)
                    .with("knownTypes", List.copyOf(typeIndex.keySet()));
        }
    }

    /** Refuses a radius that is not a number in (0, {@link #MAX_RADIUS_METERS}]. */
    static void checkRadius(double radiusMeters) {
        if (!(radiusMeters > 0 && radiusMeters <= MAX_RADIUS_METERS)) {
            throw radiusProblem(String.valueOf(radiusMeters));
        }
    }

    static ApiProblem radiusProblem(String given) {
        return ApiProblem.badRequest("coverage.radius.invalid",
                "radius must be a number of metres greater than 0 and at most " + (int) MAX_RADIUS_METERS
                        + ", got " + given, given, String.valueOf((int) MAX_RADIUS_METERS))
                .with("maxRadiusMeters", MAX_RADIUS_METERS);
    }
}
