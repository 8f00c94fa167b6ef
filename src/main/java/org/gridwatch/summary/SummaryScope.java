package org.gridwatch.summary;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * What a work summary covers: the days {@code from}..{@code to} (inclusive, in the district's zone),
 * the same period as instants [{@code start}, {@code end}), and the grids. {@code gridCodes} are the
 * codes records are kept under (the grid itself and, for a large grid, its small grids);
 * {@code smallGridCodes} the small grids alone. Both are null for the whole district (no restriction).
 */
public record SummaryScope(LocalDate from, LocalDate to, Instant start, Instant end, ZoneId zone, String scopeCode,
                           String scopeName, List<String> gridCodes, List<String> smallGridCodes) {

    public boolean district() {
        return scopeCode == null;
    }
}
