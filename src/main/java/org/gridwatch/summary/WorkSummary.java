package org.gridwatch.summary;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.gridwatch.inspection.DensityIndexCalculator;
import org.gridwatch.inspection.DensityService;
import org.gridwatch.inspection.LevelGrader;

/**
 * The work summary of a scope and period. {@code current} and {@code previous} (the period of the same
 * length just before) hold the countable figures; {@code communities} one row per large grid of the
 * scope and a last row for the whole scope; {@code density} the scope's indicators with their sample
 * sizes; {@code trend} its weeks. {@code sampleData}: generated demo patrols and inspections are in the
 * store, so every figure drawn from patrols and inspections is sample data.
 */
public record WorkSummary(SummaryScope scope, SummaryScope previousScope, long largeGrids, long smallGrids,
                          PeriodFigures current, PeriodFigures previous, List<CommunityRow> communities,
                          DensityIndexCalculator.Result density, List<DensityService.TrendWeek> trend,
                          boolean sampleData, List<SummarySection> sections) {

    public LocalDate from() {
        return scope.from();
    }

    public LocalDate to() {
        return scope.to();
    }

    public String scopeCode() {
        return scope.scopeCode();
    }

    public String scopeName() {
        return scope.scopeName();
    }

    public Map<String, LevelGrader.Grade> levels() {
        return density.vectors();
    }
}
