/**
 * What each grid holds and where nobody owns the ground.
 *
 * <p>Words used here:
 * <ul>
 *   <li><b>owner</b> — the one grid of a level a feature belongs to: at the small level its own
 *   {@code gridCode} (of the small grids covering it, inside or on the boundary, the one with the smallest
 *   code); at the large level the parent of that small grid, or, for a feature in no small grid, the large
 *   grid covering it (smallest code again).</li>
 *   <li><b>count</b> — the number of active features of a type that a grid owns. A point on an edge
 *   shared by two grids is counted once, so the rows of a level add up exactly to the district's
 *   figure, and a large grid's row is its small grids' rows plus the features in its gaps.</li>
 *   <li><b>density</b> — count per km² of the grid's area.</li>
 *   <li><b>coverage</b> (覆盖率) — the share of a grid's area lying within {@code radiusMeters} of at
 *   least one active feature of a type (for example rat-bait stations within 20 m). This is the
 *   statistic of the sanitation campaign, <em>not</em> the JTS meaning of the word (a set of
 *   edge-matched polygons); the topology checker below uses the JTS meaning where it says so.</li>
 *   <li><b>uncovered</b> — the part of a grid farther than the radius from every such feature, as
 *   polygons.</li>
 *   <li><b>topology problem</b> — a gap in a large grid that no small grid covers, an overlap between
 *   two grids of the same level, a small grid reaching outside its large grid or naming no existing
 *   one, a small grid without a responsible person, an active feature in no small grid.</li>
 * </ul>
 * Distances and areas are metres and m², each geometry measured in a transverse Mercator centred near
 * itself ({@link org.gridwatch.geo.MetricProjection#near}), so a grid's figures do not depend on where
 * the rest of the store lies. A circle of radius R is approximated, as PostGIS and
 * GEOS do by default, by a regular polygon of 8 segments per quadrant; its area is 0.64% below πR².
 *
 * <p>{@link org.gridwatch.coverage.CoverageCalculator}, {@link org.gridwatch.coverage.PackedPointIndex}
 * and {@link org.gridwatch.coverage.GridTopologyChecker} are pure: no Spring, no database.
 */
package org.gridwatch.coverage;
