/**
 * Planning tools for grids: split a small grid by a line, merge adjacent small grids, divide a large
 * grid into small grids by its street blocks or into cells of a target area, clean slivers of gap and
 * overlap, measure the patrol workload of each small grid against its siblings, and number small
 * grids as urban-management unit grids (单元网格, 15-digit codes).
 *
 * <p>The computation classes ({@link org.gridwatch.planning.GridSplitter},
 * {@link org.gridwatch.planning.GridMerger}, {@link org.gridwatch.planning.StreetBlockDivider},
 * {@link org.gridwatch.planning.AreaDivider}, {@link org.gridwatch.planning.SliverCleaner},
 * {@link org.gridwatch.planning.UnitGridNumbering}, {@link org.gridwatch.planning.WorkloadBalance})
 * work in planar metres: the service projects lon/lat into a {@code MetricProjection} first.
 *
 * <p>Words: a <em>proposal</em> is what a tool would store, shown before anything is stored; a
 * <em>block</em> is a face of the street network clipped to a large grid; a <em>sliver</em> is a
 * gap or overlap whose area is at most the planner's threshold. JTS calls a set of edge-matched
 * polygons a "coverage", which is not the coverage statistic of the coverage package.
 */
package org.gridwatch.planning;
