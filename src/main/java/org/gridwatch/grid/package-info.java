/**
 * Grids (网格): the district's ground divided into large grids (大网格, usually one per community)
 * and small grids (小网格) inside them, each with a responsible person (网格责任人) who patrols it.
 * The rules "no corner unowned" (不留死角) rests on are enforced here: valid polygons, small grids
 * inside their large grid, no two grids of a level overlapping.
 */
package org.gridwatch.grid;
