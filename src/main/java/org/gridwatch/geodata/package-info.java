/**
 * The deterministic generator of synthetic districts: the bundled sample district (锦南街道, code
 * {@code JNS}) and the benchmark city. Pure Java over JTS; no Spring, no JPA.
 *
 * <p>Words: a <b>large grid</b> (大网格) is one community's area, a <b>small grid</b> (小网格) a unit
 * grid of about one lattice cell inside it; the <b>lattice</b> is the one set of jittered nodes every
 * grid polygon and lattice-aligned street is drawn through, which is what makes the grids an exact
 * coverage (JTS sense: edge-matched polygons with no gaps or overlaps) and the streets a noded graph.
 * Coordinates are WGS84 lon/lat (EPSG:4326) in every output.
 */
package org.gridwatch.geodata;
