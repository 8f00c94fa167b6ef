package org.gridwatch.inspection;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridName;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Geometry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;

import static org.gridwatch.inspection.InspectionScopes.DISTRICT;
import static org.gridwatch.inspection.InspectionScopes.checkPeriod;

/**
 * Density indicators and levels per grid and period, weekly trends and the thresholds table: sums
 * the stored counts and hands them to {@link DensityIndexCalculator}.
 */
@Service
public class DensityService {

    private final InspectionQueries queries;
    private final InspectionCountService counts;
    private final PatrolCountService patrols;
    private final InspectionScopes scopes;
    private final GridService grids;

    DensityService(InspectionQueries queries, InspectionCountService counts, PatrolCountService patrols,
                   InspectionScopes scopes, GridService grids) {
        this.queries = queries;
        this.counts = counts;
        this.patrols = patrols;
        this.scopes = scopes;
        this.grids = grids;
    }

    /** The indicators of a scope (grid codes, null for the district) over [from, to). */
    @Transactional(readOnly = true)
    public DensityIndexCalculator.Result result(List<String> gridCodes, Instant from, Instant to) {
        double metres = patrols.countAndMetres(gridCodes, from, to)[1];
        return DensityIndexCalculator.compute(counts.tally(gridCodes, from, to), metres / 1000, thresholdMap());
    }

    /**
     * The indicators of tallies counted elsewhere ({@link InspectionCountService#scopeCounts}), each with the km
     * walked with a track ({@code trackedKm[i]}), against the thresholds read once.
     */
    @Transactional(readOnly = true)
    public List<DensityIndexCalculator.Result> results(List<InspectionTally> tallies, double[] trackedKm) {
        Map<String, Threshold> thresholds = thresholdMap();
        List<DensityIndexCalculator.Result> out = new ArrayList<>(tallies.size());
        for (int i = 0; i < tallies.size(); i++) {
            out.add(DensityIndexCalculator.compute(tallies.get(i), trackedKm[i], thresholds));
        }
        return out;
    }


    /** One grid's (or the district's) indicators for a period. */
    public record GridDensity(String code, String name, Geometry geometry, DensityIndexCalculator.Result result,
                              PatrolPaths paths) {
    }

    @Transactional(readOnly = true)
    public List<Threshold> thresholds() {
        return queries.thresholds();
    }

    /** Replaces the thresholds named in the body (an array or {thresholds: [...]}); all checked before any is stored. */
    @Transactional
    public List<Threshold> updateThresholds(JsonNode body) {
        JsonNode list = body != null && body.isObject() ? body.get("thresholds") : body;
        if (list == null || !list.isArray()) {
            throw ApiProblem.badRequest("density.thresholds.body", "the body must be {\"thresholds\": [...]}");
        }
        Map<String, Threshold> known = new LinkedHashMap<>();
        for (Threshold t : queries.thresholds()) known.put(t.indicator(), t);
        List<Threshold> changed = new ArrayList<>();
        for (JsonNode n : list) {
            String key = n.path("indicator").asString("");
            Threshold old = known.get(key);
            if (old == null) {
                throw ApiProblem.badRequest("density.thresholds.unknown", "unknown indicator '" + key + "'; known: "
                        + String.join(", ", known.keySet()), key, String.join(", ", known.keySet()));
            }
            String direction = n.path("direction").asString(old.direction());
            boolean inclusive = n.has("inclusive") ? n.get("inclusive").asBoolean() : old.inclusive();
            double minSample = number(n, "minSample", old.minSample());
            if (!direction.equals("max") && !direction.equals("min")) {
                throw ApiProblem.badRequest("density.thresholds.direction", "direction must be max or min", key, direction);
            }
            if (minSample < 0) {
                throw ApiProblem.badRequest("density.thresholds.order", "thresholds of " + key + " must be ordered A to C"
                        + " (a ≤ b ≤ c for max, a ≥ b ≥ c for min) and minSample ≥ 0", key);
            }
            if (old.local()) {
                // A management figure: a district target at most, never national A/B/C levels.
                if (n.has("a") || n.has("b") || n.has("c")) {
                    throw ApiProblem.badRequest("density.thresholds.localLevels", key + " is a management figure with a "
                            + "local target only; it has no national A/B/C levels", key);
                }
                Double target = n.has("target") && n.get("target").isNull() ? null
                        : n.has("target") ? Double.valueOf(number(n, "target", 0)) : old.target();
                changed.add(new Threshold(key, old.vector(), null, null, null, direction, inclusive, minSample, old.kind(),
                        old.sampleUnit(), target));
                continue;
            }
            if (n.has("target")) {
                throw ApiProblem.badRequest("density.thresholds.nationalTarget", key + " is graded by the national A/B/C "
                        + "levels; a local target is for management figures only", key);
            }
            double a = number(n, "a", old.a());
            double b = number(n, "b", old.b());
            double c = number(n, "c", old.c());
            boolean ordered = direction.equals("max") ? a <= b && b <= c : a >= b && b >= c;
            if (!ordered) {
                throw ApiProblem.badRequest("density.thresholds.order", "thresholds of " + key + " must be ordered A to C"
                        + " (a ≤ b ≤ c for max, a ≥ b ≥ c for min) and minSample ≥ 0", key);
            }
            changed.add(new Threshold(key, old.vector(), a, b, c, direction, inclusive, minSample, old.kind(),
                    old.sampleUnit(), null));
        }
        changed.forEach(queries::updateThreshold);
        return queries.thresholds();
    }

    private static double number(JsonNode n, String field, double fallback) {
        if (!n.has(field)) return fallback;
        JsonNode v = n.get(field);
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw ApiProblem.badRequest("density.thresholds.number", field + " must be a number, got " + v, field, v.toString());
        }
        return v.doubleValue();
    }

    /**
     * Indicators per grid of a level ("small", "large" or "district") for the days from..to. Grids
     * without records are listed too (every indicator INSUFFICIENT).
     */
    @Transactional(readOnly = true)
    public List<GridDensity> density(String level, LocalDate from, LocalDate to, boolean withGeometry) {
        checkPeriod(from, to);
        Map<String, Threshold> thresholds = thresholdMap();
        Instant a = scopes.start(from);
        Instant b = scopes.start(to.plusDays(1));
        Map<String, InspectionTally> tallies = counts.talliesByGrid(a, b);
        Map<String, PatrolPaths> paths = patrols.pathsByGrid(a, b);
        List<GridDensity> out = new ArrayList<>();
        switch (level == null ? "" : level) {
            case "small" -> {
                for (GridRow g : gridRows(GridLevel.SMALL, withGeometry)) {
                    InspectionTally t = tallies.getOrDefault(g.code(), new InspectionTally());
                    PatrolPaths p = paths.getOrDefault(g.code(), PatrolPaths.NONE);
                    out.add(new GridDensity(g.code(), g.name(), withGeometry ? g.geometry() : null,
                            DensityIndexCalculator.compute(t, p.trackedKm(), thresholds), p));
                }
            }
            case "large" -> {
                Map<String, List<String>> children = new HashMap<>();
                for (GridName g : grids.names(GridLevel.SMALL)) {
                    if (g.parentCode() != null) children.computeIfAbsent(g.parentCode(), k -> new ArrayList<>()).add(g.code());
                }
                for (GridRow g : gridRows(GridLevel.LARGE, withGeometry)) {
                    InspectionTally t = new InspectionTally();
                    PatrolPaths p = paths.getOrDefault(g.code(), PatrolPaths.NONE);
                    InspectionTally own = tallies.get(g.code());
                    if (own != null) t.add(own);
                    for (String child : children.getOrDefault(g.code(), List.of())) {
                        InspectionTally c = tallies.get(child);
                        if (c != null) t.add(c);
                        p = p.plus(paths.getOrDefault(child, PatrolPaths.NONE));
                    }
                    out.add(new GridDensity(g.code(), g.name(), withGeometry ? g.geometry() : null,
                            DensityIndexCalculator.compute(t, p.trackedKm(), thresholds), p));
                }
            }
            case DISTRICT -> {
                InspectionTally t = new InspectionTally();
                tallies.values().forEach(t::add);
                PatrolPaths p = paths.values().stream().reduce(PatrolPaths.NONE, PatrolPaths::plus);
                Geometry area = null;
                if (withGeometry) {
                    List<Geometry> large = grids.list(GridLevel.LARGE, null, null).stream().map(GridView::geometry).toList();
                    area = large.isEmpty() ? null : org.locationtech.jts.operation.union.UnaryUnionOp.union(large);
                }
                out.add(new GridDensity(DISTRICT, null, area, DensityIndexCalculator.compute(t, p.trackedKm(), thresholds), p));
            }
            default -> throw ApiProblem.badRequest("density.level.invalid", "level must be small, large or district, got "
                    + level, String.valueOf(level));
        }
        return out;
    }

    /** A grid as a density table lists it; the shape only when asked for. */
    private record GridRow(String code, String name, Geometry geometry) {
    }

    /** The grids of a level by code; their shapes are read only when wanted (20,000 shapes take seconds). */
    private List<GridRow> gridRows(GridLevel level, boolean withGeometry) {
        if (withGeometry) {
            return grids.list(level, null, null).stream().map(g -> new GridRow(g.code(), g.name(), g.geometry())).toList();
        }
        return grids.names(level).stream().map(g -> new GridRow(g.code(), g.name(), null)).toList();
    }

    /** One week of a trend: its Monday and the grid's indicators over the part of it inside the period. */
    public record TrendWeek(LocalDate weekStart, DensityIndexCalculator.Result result) {
    }

    @Transactional(readOnly = true)
    public List<TrendWeek> trend(String grid, LocalDate from, LocalDate to) {
        checkPeriod(from, to);
        List<String> codes = scopes.codesOrDistrict(grid);
        Map<String, Threshold> thresholds = thresholdMap();
        List<LocalDate> mondays = new ArrayList<>();
        List<Instant> bounds = new ArrayList<>();
        for (LocalDate monday = from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)); !monday.isAfter(to);
             monday = monday.plusWeeks(1)) {
            mondays.add(monday);
            bounds.add(scopes.start(monday.isBefore(from) ? from : monday));
        }
        bounds.add(scopes.start(to.plusDays(1)));
        // every week's tally from one read of the inspection index, every week's km from one of the patrol index
        List<InspectionTally> tallies = counts.tallies(codes, bounds);
        double[] metres = patrols.trackedMetres(codes, bounds);
        List<TrendWeek> weeks = new ArrayList<>();
        for (int w = 0; w < mondays.size(); w++) {
            weeks.add(new TrendWeek(mondays.get(w), DensityIndexCalculator.compute(tallies.get(w), metres[w] / 1000, thresholds)));
        }
        return weeks;
    }

    private Map<String, Threshold> thresholdMap() {
        Map<String, Threshold> m = new LinkedHashMap<>();
        for (Threshold t : queries.thresholds()) m.put(t.indicator(), t);
        return m;
    }
}
