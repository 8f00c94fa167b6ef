/**
 * The web map's own server side: the settings the page needs (base-map tiles, the district's
 * extent), feature counts for low zoom levels, and the search box.
 *
 * <p>Words used here:
 * <ul>
 * <li><b>viewport</b>: the lon/lat rectangle the map shows, sent as {@code bbox=minLon,minLat,maxLon,maxLat}.</li>
 * <li><b>count group</b>: the active features of one cluster cell or one small grid, counted per
 * feature type, with the mean position of its features (where the map draws its bubble).</li>
 * <li><b>cluster cell</b>: a cell of a fixed lon/lat lattice (see {@link org.gridwatch.map.ClusterLattice});
 * the lattice is anchored at 0°,0°, not at the viewport, so cells stay put while the user pans.</li>
 * </ul>
 *
 * <p>The page itself lives in the top-level {@code frontend/} folder and is packaged as static resources.
 */
package org.gridwatch.map;
