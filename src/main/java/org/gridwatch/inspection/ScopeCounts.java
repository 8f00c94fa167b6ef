package org.gridwatch.inspection;

import java.util.Map;

/**
 * What a scope's inspection records in a period add up to (see {@link PeriodCounter}).
 *
 * @param tally          the density tally: each feature by its latest record among the scope's, per-walk items
 *                       summed over every record
 * @param inspections    records in the scope and period
 * @param problemsFound  positive records
 * @param problemsClosed positive records cleared, or followed in the period (in the scope) by a cleared or clean
 *                       record of the same feature
 * @param sitesCleared   per requested site kind (in the requested order), distinct features with a cleared record
 */
public record ScopeCounts(InspectionTally tally, long inspections, long problemsFound, long problemsClosed,
                          Map<String, Long> sitesCleared) {
}
