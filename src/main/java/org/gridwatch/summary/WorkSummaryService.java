package org.gridwatch.summary;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridName;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.inspection.DensityIndexCalculator;
import org.gridwatch.inspection.DensityService;
import org.gridwatch.inspection.InspectionScopes;
import org.gridwatch.inspection.InspectionService;
import org.gridwatch.inspection.PatrolService;
import org.locationtech.jts.geom.Envelope;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The work summary (工作总结) of a period and scope: draws on grids, features, patrols, inspections
 * and density levels, then on every {@link WorkSummaryContributor} bean (cases, ...), and draws its
 * trend chart and map as pictures ({@link SummaryCharts}).
 */
@Service
public class WorkSummaryService {

    /** The positive records the map's breeding-site heatmap shows. */
    static final List<String> BREEDING_SITE_TYPES = List.of("stagnant_water", "sewer_well", "garbage_point", "rodent_sign");

    private final GridService grids;
    private final FeatureService features;
    private final InspectionService inspections;
    private final PatrolService patrols;
    private final DensityService density;
    private final InspectionScopes scopes;
    private final List<WorkSummaryContributor> contributors;
    private final SummaryFigureCounter counter;

    WorkSummaryService(GridService grids, FeatureService features, InspectionService inspections, PatrolService patrols,
                       DensityService density, InspectionScopes scopes, List<WorkSummaryContributor> contributors,
                       SummaryFigureCounter counter) {
        this.counter = counter;
        this.grids = grids;
        this.features = features;
        this.inspections = inspections;
        this.patrols = patrols;
        this.density = density;
        this.scopes = scopes;
        // Spring hands the beans over in their @Order order
        this.contributors = List.copyOf(contributors);
    }

    public ZoneId zone() {
        return scopes.zone();
    }

    @Transactional(readOnly = true)
    public WorkSummary summary(LocalDate from, LocalDate to, String gridCode) {
        SummaryScope scope = scope(from, to, gridCode);
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        SummaryScope previous = scope(from.minusDays(days), from.minusDays(1), gridCode);
        long large;
        long small;
        List<GridView> communities;
        if (scope.district()) {
            large = grids.count(GridLevel.LARGE);
            small = grids.count(GridLevel.SMALL);
            communities = grids.list(GridLevel.LARGE, null, null);
        } else {
            GridView g = scopes.grid(scope.scopeCode());
            large = g.level() == GridLevel.LARGE ? 1 : 0;
            small = scope.smallGridCodes().size();
            communities = g.level() == GridLevel.LARGE ? List.of(g) : List.of();
        }
        List<SummaryScope> all = new ArrayList<>();
        all.add(scope);
        all.addAll(communityScopes(from, to, communities));
        Optional<SummaryFigureCounter.Summary> counted = counter.count(all, previous);
        PeriodFigures current;
        PeriodFigures before;
        DensityIndexCalculator.Result levels;
        List<CommunityRow> rows = new ArrayList<>();
        if (counted.isPresent()) {
            List<SummaryFigureCounter.Counted> c = counted.get().scopes();
            current = c.get(0).figures();
            levels = c.get(0).levels();
            before = counted.get().previous();
            for (int i = 0; i < communities.size(); i++) {
                rows.add(new CommunityRow(communities.get(i).code(), communities.get(i).name(), c.get(i + 1).figures(),
                        c.get(i + 1).levels()));
            }
        } else {
            // no inspection index yet: scope by scope from SQL
            current = figures(scope);
            levels = density.result(scope.gridCodes(), scope.start(), scope.end());
            for (int i = 0; i < communities.size(); i++) {
                SummaryScope s = all.get(i + 1);
                rows.add(new CommunityRow(communities.get(i).code(), communities.get(i).name(), figures(s),
                        density.result(s.gridCodes(), s.start(), s.end())));
            }
            before = figures(previous);
        }
        rows.add(new CommunityRow(scope.scopeCode(), scope.scopeName(), current, levels));
        List<SummarySection> sections = new ArrayList<>();
        for (WorkSummaryContributor c : contributors) {
            Optional<SummarySection> s = c.section(scope);
            s.ifPresent(sections::add);
        }
        return new WorkSummary(scope, previous, large, small, current, before, rows, levels,
                density.trend(scope.scopeCode(), from, to), inspections.sampleActivityPresent(), sections);
    }

    /**
     * The scopes of the communities (large grids) of a period, with the small grids of each from one read of the
     * small grids (as {@link #scope} gives them one by one).
     */
    private List<SummaryScope> communityScopes(LocalDate from, LocalDate to, List<GridView> communities) {
        if (communities.isEmpty()) return List.of();
        InspectionScopes.checkPeriod(from, to);
        Map<String, List<String>> children = new LinkedHashMap<>();
        for (GridName g : grids.names(GridLevel.SMALL)) {
            if (g.parentCode() != null) children.computeIfAbsent(g.parentCode(), k -> new ArrayList<>()).add(g.code());
        }
        List<SummaryScope> out = new ArrayList<>();
        for (GridView c : communities) {
            List<String> small = children.getOrDefault(c.code(), List.of());
            List<String> codes = new ArrayList<>();
            codes.add(c.code());
            codes.addAll(small);
            out.add(new SummaryScope(from, to, scopes.start(from), scopes.start(to.plusDays(1)), scopes.zone(), c.code(),
                    c.name(), List.copyOf(codes), List.copyOf(small)));
        }
        return out;
    }

    /** The countable figures of a scope and period: flows over [start, end), stocks at end. */
    PeriodFigures figures(SummaryScope s) {
        Map<String, Long> inPlace = new LinkedHashMap<>();
        for (FeatureTypeView t : features.types()) inPlace.put(t.key(), 0L);
        // Stock: active features recorded before the period's end (a feature retired since is not known to
        // have been in place then; the figure is for features still active).
        features.countByType(s.smallGridCodes(), null, s.end()).forEach(inPlace::put);
        long baitNew = features.countByType(s.smallGridCodes(), s.start(), s.end()).getOrDefault("rat_bait_station", 0L);
        PatrolService.PatrolTotals p = patrols.totals(s.gridCodes(), s.start(), s.end());
        WorkSummaryCalculator calc = new WorkSummaryCalculator();
        inspections.outcomes(s.gridCodes(), s.start(), s.end(), calc::accept);
        return new PeriodFigures(p.patrols(), DensityIndexCalculator.round(p.trackedKm(), 3), calc.inspections(),
                calc.problemsFound(), calc.problemsClosed(), calc.breedingSitesHandled(), baitNew,
                inPlace.getOrDefault("rat_bait_station", 0L), inPlace);
    }

    /** The weekly trend chart of a summary as PNG. */
    public byte[] trendPng(WorkSummary s, Map<String, String> labels) {
        return SummaryCharts.trendPng(s.trend(), SummaryCharts.TREND_INDICATORS, labels);
    }

    /**
     * The map of a summary as PNG: the small grids of the scope coloured by their overall density
     * level in the period, and a heatmap of the positive breeding sites recorded in it.
     */
    @Transactional(readOnly = true)
    public byte[] mapPng(WorkSummary s) {
        List<SummaryCharts.GridShape> shapes = new ArrayList<>();
        java.util.Set<String> wanted = s.scope().smallGridCodes() == null ? null : new java.util.HashSet<>(s.scope().smallGridCodes());
        for (DensityService.GridDensity g : density.density("small", s.from(), s.to(), true)) {
            if (wanted != null && !wanted.contains(g.code())) continue;
            if (g.geometry() == null) continue;
            shapes.add(new SummaryCharts.GridShape(g.code(), g.geometry(), SummaryCharts.overallGrade(g.result())));
        }
        Envelope area = new Envelope();
        shapes.forEach(g -> area.expandToInclude(g.geometry().getEnvelopeInternal()));
        List<double[]> sites = new ArrayList<>();
        inspections.positivePoints(BREEDING_SITE_TYPES, s.scope().start(), s.scope().end(), p -> {
            if (!area.isNull() && area.contains(p[0], p[1])) sites.add(new double[]{p[0], p[1]});
        });
        return SummaryCharts.mapPng(shapes, sites);
    }

    /** The scope of a request: checks the period and the grid (blank: the district). */
    SummaryScope scope(LocalDate from, LocalDate to, String gridCode) {
        InspectionScopes.checkPeriod(from, to);
        Instant a = scopes.start(from);
        Instant b = scopes.start(to.plusDays(1));
        if (gridCode == null || gridCode.isBlank()) {
            return new SummaryScope(from, to, a, b, scopes.zone(), null, null, null, null);
        }
        GridView g = scopes.grid(gridCode.trim());
        List<String> codes = scopes.codes(g);
        List<String> smallCodes = g.level() == GridLevel.SMALL ? List.of(g.code()) : codes.subList(1, codes.size());
        return new SummaryScope(from, to, a, b, scopes.zone(), g.code(), g.name(), List.copyOf(codes),
                List.copyOf(smallCodes));
    }
}
