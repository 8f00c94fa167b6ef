/**
 * OGC API – Features (Part 1 Core, Part 2 CRS by reference) under {@code /ogcapi}: the district's
 * grids, streets and point features as live layers for desktop GIS (QGIS, ArcGIS, GDAL's OAPIF driver).
 *
 * <p>Words used here:
 * <ul>
 *   <li><b>collection</b>: one layer — {@code large_grids}, {@code small_grids}, {@code streets}, or one per
 *       feature type key ({@code trash_bin}, ...).</li>
 *   <li><b>item</b>: one feature of a collection; its id is the grid code, the street id or the feature id.</li>
 *   <li><b>cursor</b>: the internal row id after which the next page starts (keyset paging), carried by
 *       {@code next} links so a page at any depth costs the same and every item appears exactly once.</li>
 *   <li><b>CRS84</b>: WGS84 longitude, latitude — the storage CRS and the default. EPSG:4326 and EPSG:4490
 *       are the same positions written latitude first, as EPSG defines them; CGCS2000 and WGS84 are
 *       treated as identical (they differ by centimetres).</li>
 * </ul>
 */
package org.gridwatch.ogcapi;
