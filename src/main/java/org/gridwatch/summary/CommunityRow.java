package org.gridwatch.summary;

import org.gridwatch.inspection.DensityIndexCalculator;

/** One row of the summary's table: a community (large grid) or, with code null, the district. */
public record CommunityRow(String code, String name, PeriodFigures figures, DensityIndexCalculator.Result density) {
}
