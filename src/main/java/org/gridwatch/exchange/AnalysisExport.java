package org.gridwatch.exchange;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.gridwatch.coverage.CoverageService;
import org.gridwatch.coverage.GridTopologyChecker;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.heatmap.HeatmapService;
import org.gridwatch.route.RouteService;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;
import org.springframework.stereotype.Component;

/**
 * The rows of the computed layers ({@link ExchangeLayer#analysis()}): coverage with each grid's
 * uncovered polygons, topology problems that have an area, each grid's planned patrol route, and the
 * heatmap's hot spots. Everything comes through the coverage, route and heatmap services' public
 * methods, so an export shows what the API and the map show for the same parameters.
 */
@Component
class AnalysisExport {

    /** Defaults match the coverage and heatmap APIs. */
    static final double DEFAULT_COVERAGE_RADIUS_METERS = 20;
    static final double DEFAULT_HOTSPOT_RADIUS_METERS = 200;
    static final String DEFAULT_COVERAGE_TYPE = "rat_bait_station";

    /** The request parameters of a computed layer, as given (null when absent). */
    record Options(String level, Double radiusMeters, String grid, Integer limit) {
        static final Options NONE = new Options(null, null, null, null);
    }

    /** Checked parameters. */
    record Settings(GridLevel level, List<String> types, double radiusMeters, String grid, int limit) {
    }

    private final CoverageService coverage;
    private final RouteService routes;
    private final HeatmapService heatmap;
    private final GridService grids;

    AnalysisExport(CoverageService coverage, RouteService routes, HeatmapService heatmap, GridService grids) {
        this.coverage = coverage;
        this.routes = routes;
        this.heatmap = heatmap;
        this.grids = grids;
    }

    /** Checks the parameters before anything is sent; a named grid must exist (404 otherwise). */
    Settings check(ExchangeLayer layer, List<String> types, Options options) {
        Options o = options == null ? Options.NONE : options;
        GridLevel level = GridLevel.SMALL;
        if (o.level() != null && !o.level().isBlank()) {
            String l = o.level().trim().toLowerCase(Locale.ROOT);
            if (!l.equals("small") && !l.equals("large")) {
                throw ApiProblem.badRequest("coverage.level.invalid", "level must be 'small' or 'large', got " + l, l);
            }
            level = l.equals("large") ? GridLevel.LARGE : GridLevel.SMALL;
        }
        double radius = o.radiusMeters() != null ? o.radiusMeters()
                : layer == ExchangeLayer.HOTSPOTS ? DEFAULT_HOTSPOT_RADIUS_METERS : DEFAULT_COVERAGE_RADIUS_METERS;
        List<String> t = layer == ExchangeLayer.COVERAGE && types.isEmpty() ? List.of(DEFAULT_COVERAGE_TYPE) : types;
        if (layer == ExchangeLayer.COVERAGE && t.size() != 1) {
            throw ApiProblem.badRequest("exchange.coverage.oneType", "coverage is measured for one feature type");
        }
        int limit = o.limit() == null ? HeatmapService.MAX_HOTSPOTS : o.limit();
        if (limit < 1 || limit > HeatmapService.MAX_HOTSPOTS) {
            throw ApiProblem.badRequest("heatmap.hotspots.limit", "limit must be 1-" + HeatmapService.MAX_HOTSPOTS,
                    HeatmapService.MAX_HOTSPOTS, limit);
        }
        if (o.grid() != null && !o.grid().isBlank()) grids.get(o.grid().trim());
        return new Settings(level, t, radius, o.grid() == null || o.grid().isBlank() ? null : o.grid().trim(), limit);
    }

    void rows(ExportService.Plan plan, Consumer<ExportService.Row> sink) {
        Settings s = plan.analysis();
        switch (plan.layer()) {
            case COVERAGE -> coverageRows(s, sink);
            case TOPOLOGY -> topologyRows(sink);
            case ROUTES -> routeRows(s, sink);
            case HOTSPOTS -> hotSpotRows(s, sink);
            default -> throw new IllegalArgumentException(plan.layer() + " is not a computed layer");
        }
    }

    private void coverageRows(Settings s, Consumer<ExportService.Row> sink) {
        String type = s.types().get(0);
        CoverageService.Table table = coverage.coverage(s.level(), type, s.radiusMeters());
        for (CoverageService.Row r : table.rows()) {
            CoverageService.Gaps gaps = coverage.gaps(r.code(), type, s.radiusMeters());
            Geometry uncovered = gaps.uncovered() == null || gaps.uncovered().isEmpty() ? null : gaps.uncovered();
            sink.accept(new ExportService.Row(uncovered, new Object[]{r.code(), r.name(), r.parentCode(), type,
                    s.radiusMeters(), round2(r.areaM2()), round2(r.coveredShare() * 100), round2(r.uncoveredAreaM2())}));
        }
    }

    private void topologyRows(Consumer<ExportService.Row> sink) {
        for (GridTopologyChecker.Problem p : coverage.topology()) {
            // Problems without an area (no responsible person, a feature in no grid) are points or whole
            // grids; the layer holds the places to redraw.
            if (!(p.geometry() instanceof Polygonal) || p.areaM2() <= 0) continue;
            sink.accept(new ExportService.Row(p.geometry(), new Object[]{p.kind().key(), p.gridCode(),
                    p.otherGridCode(), round2(p.areaM2())}));
        }
    }

    private void routeRows(Settings s, Consumer<ExportService.Row> sink) {
        List<String> codes = s.grid() != null ? List.of(s.grid())
                : grids.list(GridLevel.SMALL, null, null).stream().map(GridView::code).toList();
        for (String code : codes) {
            RouteService.GridRoute r;
            try {
                r = routes.gridRoute(code);
            } catch (ApiProblem e) {
                // A grid without streets has no route; asked for by name, that is the caller's error.
                if (s.grid() != null) throw e;
                continue;
            }
            sink.accept(new ExportService.Row(r.walk(), new Object[]{code, round1(r.lengthM()), Math.round(r.durationS()),
                    round1(r.streetLengthM()), round1(r.repeatedM()), r.components()}));
        }
    }

    private void hotSpotRows(Settings s, Consumer<ExportService.Row> sink) {
        HeatmapService.LayerRequest request = new HeatmapService.LayerRequest(s.types(), s.radiusMeters(), null, null,
                null, null);
        for (HeatmapService.HotSpot h : heatmap.hotSpots(request, s.limit())) {
            sink.accept(new ExportService.Row(org.gridwatch.geo.GeometryFactories.WGS84.createPoint(
                    new org.locationtech.jts.geom.Coordinate(h.lon(), h.lat())), new Object[]{h.rank(),
                    String.join(",", s.types()), s.radiusMeters(), round2(h.densityPerKm2()), h.gridCode()}));
        }
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
