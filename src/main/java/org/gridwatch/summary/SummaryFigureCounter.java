package org.gridwatch.summary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gridwatch.coverage.CoverageIndex;
import org.gridwatch.feature.FeatureCreationCounts;
import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.inspection.DensityIndexCalculator;
import org.gridwatch.inspection.DensityService;
import org.gridwatch.inspection.InspectionCountService;
import org.gridwatch.inspection.PatrolService;
import org.gridwatch.inspection.ScopeCounts;
import org.springframework.stereotype.Component;

/**
 * The figures and density levels of many scopes of a work summary at once: the inspections of every scope of both
 * periods from one look at the inspection index (one pass per period), the patrols from one grouped query per
 * period, the features from the coverage index's active features (with their creation times), instead of
 * reading the records once per scope. The same figures as
 * {@link WorkSummaryService#figures} and {@link DensityService#result(List, Instant, Instant)} give scope by
 * scope.
 */
@Component
class SummaryFigureCounter {

    private final FeatureService features;
    private final PatrolService patrols;
    private final DensityService density;
    private final InspectionCountService inspections;
    private final CoverageIndex coverage;

    SummaryFigureCounter(FeatureService features, PatrolService patrols, DensityService density,
                         InspectionCountService inspections, CoverageIndex coverage) {
        this.coverage = coverage;
        this.features = features;
        this.patrols = patrols;
        this.density = density;
        this.inspections = inspections;
    }

    /** One scope's figures and levels. */
    record Counted(PeriodFigures figures, DensityIndexCalculator.Result levels) {
    }

    /** What a summary needs: every scope of the period, and the previous period of the first. */
    record Summary(List<Counted> scopes, PeriodFigures previous) {
    }

    /**
     * The figures of {@code scopes} (all over one period) and of {@code previous} (the first scope's previous
     * period); empty while the inspection index cannot be had (the caller counts scope by scope from SQL).
     */
    Optional<Summary> count(List<SummaryScope> scopes, SummaryScope previous) {
        Instant start = scopes.get(0).start(), end = scopes.get(0).end();
        List<List<String>> codes = new ArrayList<>();
        scopes.forEach(s -> codes.add(s.gridCodes()));
        Optional<List<List<ScopeCounts>>> counted = inspections.scopeCounts(List.of(
                new InspectionCountService.PeriodScopes(codes, start, end),
                new InspectionCountService.PeriodScopes(java.util.Collections.singletonList(previous.gridCodes()),
                        previous.start(), previous.end())), WorkSummaryCalculator.SITE_KINDS);
        if (counted.isEmpty()) return Optional.empty();
        List<ScopeCounts> now = counted.get().get(0);
        ScopeCounts before = counted.get().get(1).get(0);
        List<String> types = features.types().stream().map(FeatureTypeView::key).toList();
        FeatureCreationCounts created = coverage.countByGridAndCreation(List.of(previous.start(), start, end));
        Map<String, PatrolService.PatrolTotals> patrolsNow = patrols.totalsByGrid(start, end);
        List<PatrolService.PatrolTotals> walked = new ArrayList<>();
        double[] km = new double[scopes.size()];
        for (int i = 0; i < scopes.size(); i++) {
            walked.add(PatrolService.sum(patrolsNow, scopes.get(i).gridCodes()));
            km[i] = walked.get(i).trackedKm();
        }
        List<DensityIndexCalculator.Result> levels = density.results(now.stream().map(ScopeCounts::tally).toList(), km);
        List<Counted> out = new ArrayList<>();
        for (int i = 0; i < scopes.size(); i++) {
            out.add(new Counted(figures(scopes.get(i), now.get(i), walked.get(i), types, created), levels.get(i)));
        }
        PatrolService.PatrolTotals p = PatrolService.sum(patrols.totalsByGrid(previous.start(), previous.end()),
                previous.gridCodes());
        return Optional.of(new Summary(out, figures(previous, before, p, types, created)));
    }

    /** As {@link WorkSummaryService#figures}: flows over [start, end), stocks at end. */
    private static PeriodFigures figures(SummaryScope s, ScopeCounts c, PatrolService.PatrolTotals p, List<String> types,
                                         FeatureCreationCounts created) {
        Map<String, Long> inPlace = new LinkedHashMap<>();
        for (String t : types) inPlace.put(t, 0L);
        created.countByType(s.smallGridCodes(), null, s.end()).forEach(inPlace::put);
        long baitNew = created.countByType(s.smallGridCodes(), s.start(), s.end()).getOrDefault("rat_bait_station", 0L);
        return new PeriodFigures(p.patrols(), DensityIndexCalculator.round(p.trackedKm(), 3), c.inspections(),
                c.problemsFound(), c.problemsClosed(), c.sitesCleared(), baitNew,
                inPlace.getOrDefault("rat_bait_station", 0L), inPlace);
    }
}
