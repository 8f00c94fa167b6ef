/**
 * Cases as a source of the density heatmap ({@code source=cases} of {@code /api/heatmap/...}): the
 * places where cases were reported, timed by their report, chosen by case class (the heatmap's
 * {@code types}). Merged cases (duplicates of another) and rejected ones (not a case) are left out,
 * so each problem counts once. The case model itself is {@code org.gridwatch.cases}.
 */
package org.gridwatch.cases.heatmap;
