package org.gridwatch.summary;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.gridwatch.inspection.LevelGrader;

/** The figures of a work summary; {@code scopeCode} null for the whole district. */
public record WorkSummary(LocalDate from, LocalDate to, String scopeCode, String scopeName, long largeGrids,
                          long smallGrids, Map<String, Long> featuresByType, Map<String, Long> breedingSitesHandled,
                          long baitStationsInstalled, long patrols, double patrolKm, long inspections,
                          long problemsFound, long problemsClosed, Map<String, LevelGrader.Grade> levels,
                          boolean sampleData, List<SummarySection> sections) {
}
