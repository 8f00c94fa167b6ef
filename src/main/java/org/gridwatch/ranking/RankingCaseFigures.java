package org.gridwatch.ranking;

import java.time.Instant;
import java.util.Map;

/**
 * The case part of the monthly score: per large grid, the cases handled in a period and how many of
 * them within their handling deadline. A seam so that the ranking reads the case loop's figures from one
 * place ({@link RankingCaseQueries} reads the cases table).
 */
interface RankingCaseFigures {

    /** [handled, handled on time] per large grid code; grids without a handled case are absent. */
    Map<String, long[]> handledByLargeGrid(Instant from, Instant to);
}
