package org.gridwatch.cases.evaluation;

/**
 * The figures of one group for one period. Counts are flows of the period except {@code overdueNow},
 * a stock at the moment of evaluation. Rates and times are derived here and nowhere else; each is
 * {@code null} when its denominator is zero (nothing to rate), never 0 or 100 %.
 *
 * @param key               the group's key (small grid code, department …), null for cases without one
 * @param reported          cases reported in the period, merged duplicates excluded
 * @param registered        cases registered (立案) in the period
 * @param dispatched        cases dispatched in the period
 * @param handled           cases handled in the period
 * @param handledOnTime     of {@code handled}, those handled no later than their handling deadline
 * @param verified          cases verified in the period
 * @param reworked          of {@code verified}, those sent back by verification at least once (返工)
 * @param closed            cases closed in the period
 * @param closedOnTime      of {@code closed}, those closed no later than their closing deadline
 * @param overdueNow        cases of the group open now and past their current stage's deadline
 * @param handlingTimed     of {@code handled}, those with a dispatch time (the handling time is known)
 * @param handlingMinutes   sum of the working minutes from dispatch to handling over {@code handlingTimed}
 * @param handlingMinutesP90 90th percentile (continuous, linear interpolation) of those minutes, or null
 */
public record EvaluationRow(
        String key,
        long reported, long registered, long dispatched,
        long handled, long handledOnTime,
        long verified, long reworked,
        long closed, long closedOnTime,
        long overdueNow,
        long handlingTimed, long handlingMinutes, Double handlingMinutesP90) {

    /** 按期处置率: handled on time / handled, in [0, 1]. */
    public Double onTimeHandlingRate() {
        return ratio(handledOnTime, handled);
    }

    /** 按期结案率: closed on time / closed, in [0, 1]. */
    public Double onTimeClosingRate() {
        return ratio(closedOnTime, closed);
    }

    /** 返工率: verified cases that had been sent back / verified, in [0, 1]. */
    public Double reworkRate() {
        return ratio(reworked, verified);
    }

    /** Mean handling time in working hours. */
    public Double meanHandlingHours() {
        return handlingTimed == 0 ? null : handlingMinutes / 60.0 / handlingTimed;
    }

    /** 90th percentile of the handling time in working hours. */
    public Double p90HandlingHours() {
        return handlingMinutesP90 == null ? null : handlingMinutesP90 / 60.0;
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
