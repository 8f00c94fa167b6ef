package org.gridwatch.summary;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.inspection.DensityIndexCalculator;
import org.gridwatch.inspection.DensityService;
import org.gridwatch.inspection.InspectionScopes;
import org.gridwatch.inspection.InspectionService;
import org.gridwatch.inspection.PatrolService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The work summary (工作总结) of a period and scope: draws on grids, features, patrols, inspections
 * and density levels, then on every {@link WorkSummaryContributor} bean (cases, ...).
 */
@Service
public class WorkSummaryService {

    private final GridService grids;
    private final FeatureService features;
    private final InspectionService inspections;
    private final PatrolService patrols;
    private final DensityService density;
    private final InspectionScopes scopes;
    private final List<WorkSummaryContributor> contributors;

    WorkSummaryService(GridService grids, FeatureService features, InspectionService inspections, PatrolService patrols,
                       DensityService density, InspectionScopes scopes, List<WorkSummaryContributor> contributors) {
        this.grids = grids;
        this.features = features;
        this.inspections = inspections;
        this.patrols = patrols;
        this.density = density;
        this.scopes = scopes;
        // Spring hands the beans over in their @Order order
        this.contributors = List.copyOf(contributors);
    }

    public java.time.ZoneId zone() {
        return scopes.zone();
    }

    @Transactional(readOnly = true)
    public WorkSummary summary(LocalDate from, LocalDate to, String gridCode) {
        SummaryScope scope = scope(from, to, gridCode);
        Instant a = scope.start();
        Instant b = scope.end();
        long large;
        long small;
        if (scope.district()) {
            large = grids.count(GridLevel.LARGE);
            small = grids.count(GridLevel.SMALL);
        } else {
            large = scopes.grid(scope.scopeCode()).level() == GridLevel.LARGE ? 1 : 0;
            small = scope.smallGridCodes().size();
        }
        Map<String, Long> byType = new LinkedHashMap<>();
        for (FeatureTypeView t : features.types()) byType.put(t.key(), 0L);
        features.countByType(scope.smallGridCodes(), null, null).forEach(byType::put);
        long baitInstalled = features.countByType(scope.smallGridCodes(), a, b).getOrDefault("rat_bait_station", 0L);
        PatrolService.PatrolTotals p = patrols.totals(scope.gridCodes(), a, b);
        WorkSummaryCalculator calc = new WorkSummaryCalculator();
        inspections.outcomes(scope.gridCodes(), a, b, calc::accept);
        DensityIndexCalculator.Result levels = density.result(scope.gridCodes(), a, b);
        List<SummarySection> sections = new ArrayList<>();
        for (WorkSummaryContributor c : contributors) {
            Optional<SummarySection> s = c.section(scope);
            s.ifPresent(sections::add);
        }
        return new WorkSummary(from, to, scope.scopeCode(), scope.scopeName(), large, small, byType,
                calc.breedingSitesHandled(), baitInstalled, p.patrols(), DensityIndexCalculator.round(p.trackedKm(), 3),
                calc.inspections(), calc.problemsFound(), calc.problemsClosed(), levels.vectors(),
                inspections.sampleActivityPresent(), sections);
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
