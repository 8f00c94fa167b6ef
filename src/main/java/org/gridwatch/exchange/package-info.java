/**
 * Exchange with the city's GIS: export of every layer (and of the computed coverage, topology, route and
 * hot-spot layers) as a zipped ESRI shapefile, GeoJSON, CSV, KML or GeoPackage, and import of zipped
 * shapefiles, GeoJSON, GeoPackage, CSV and KML, in the coordinate systems Chinese city GIS uses, directly or
 * as background jobs ({@link org.gridwatch.exchange.ExchangeJobs}).
 *
 * <p>Words used here:
 * <ul>
 *   <li><b>shapefile</b>: the ESRI set {@code .shp} (geometries), {@code .shx} (their offsets),
 *   {@code .dbf} (dBASE III attributes), {@code .prj} (ESRI-flavoured WKT of the coordinate system) and
 *   {@code .cpg} (the text encoding of the {@code .dbf}). Written by {@link org.gridwatch.exchange.ShapefileWriter},
 *   read by {@link org.gridwatch.exchange.ShapefileReader}; both are pure classes written here from the
 *   public ESRI Shapefile Technical Description (1998) and the dBASE III file layout, because GeoTools
 *   is not reachable and H2GIS's SHPWrite needs a table and writes no field-name mapping.</li>
 *   <li><b>export CRS</b> ({@link org.gridwatch.exchange.ExportCrs}): WGS84 (EPSG:4326), CGCS2000
 *   geographic (EPSG:4490) or CGCS2000 3-degree Gauss–Krüger (EPSG:4534–4554, central meridians 75°E to
 *   135°E, false easting 500 km, no zone prefix). CGCS2000 and WGS84 agree within a few centimetres, so
 *   the service treats them as the same datum (no datum shift), as Chinese city GIS does for mapping.</li>
 *   <li><b>field-name mapping</b> ({@link org.gridwatch.exchange.DbfFieldNames}): dBASE field names hold at
 *   most 10 bytes, so long property names are shortened by a fixed rule; every zip carries the mapping
 *   as {@code fields.txt}.</li>
 *   <li><b>offset coordinates</b> ({@link org.gridwatch.exchange.ChinaOffsets}): GCJ-02 and BD-09, the
 *   obfuscated coordinates of Chinese consumer web maps, converted to WGS84 on import.</li>
 * </ul>
 */
package org.gridwatch.exchange;
