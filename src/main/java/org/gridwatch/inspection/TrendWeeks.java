package org.gridwatch.inspection;

/** The rule a weekly trend follows, the same for the map's chart and the summary's picture. */
public final class TrendWeeks {

    private TrendWeeks() {
    }

    /**
     * Whether a week's indicator is drawn as a point: its value is defined and its sample reaches the
     * threshold's minimum. A week without enough data is a gap, never a point.
     */
    public static boolean enoughData(DensityIndexCalculator.Indicator i) {
        if (i.value() == null) return false;
        return i.local() ? i.targetStatus() != DensityIndexCalculator.TargetStatus.INSUFFICIENT
                : i.grade() != LevelGrader.Grade.INSUFFICIENT;
    }
}
