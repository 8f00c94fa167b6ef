/**
 * Community ranking (考评): street offices score their communities (large grids) and key units in spot
 * checks against a checklist, and rank them every month.
 *
 * <p>Words (docs/ranking.md defines every figure):
 * <ul>
 *   <li><b>checklist item</b>: a line of the scoring table with the points it is worth (百分制 in total);</li>
 *   <li><b>spot check</b> (现场打分): one visit to a large grid or to a key unit in it, with the points
 *       awarded per item; its <b>score</b> is points awarded in percent of points possible;</li>
 *   <li><b>spot-check part</b> (日常考核): the mean score of a large grid's spot checks in the month;</li>
 *   <li><b>comprehensive part</b> (综合评议): the case part (cases handled on time in percent of cases
 *       handled in the month) and the density part (the density-control grades of the large grid in the
 *       month, A = 100, B = 90, C = 80, below C = 60), combined by the district's case share;</li>
 *   <li><b>monthly score</b>: spot-check part × its weight + comprehensive part × its weight (75 % / 25 %
 *       by default); a part without data drops out and the other carries its weight, and the row says so;</li>
 *   <li><b>rank</b>: by monthly score, highest first; equal scores share a rank (1, 2, 2, 4);</li>
 *   <li><b>half-year and year totals</b>: the mean of the monthly scores a grid has in the period.</li>
 * </ul>
 * {@link org.gridwatch.ranking.MonthlyScoreCalculator} and {@link org.gridwatch.ranking.PeriodTotals}
 * compute them without Spring or the database.
 */
package org.gridwatch.ranking;
