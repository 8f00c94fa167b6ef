/**
 * The district outline (街道辖区边界): the street office's own boundary, one per store, drawn on the map
 * or imported (shapefile, GeoJSON, GeoPackage, KML through the exchange import), validated by
 * {@link org.gridwatch.outline.OutlineRules}, versioned in the change history like grids and restorable
 * from it. The topology report measures the large grids against it, the planning tools' clean step clips
 * to it, and other features ask {@link org.gridwatch.outline.OutlineService#districtOutline()} whether a
 * place lies inside the district.
 */
package org.gridwatch.outline;
