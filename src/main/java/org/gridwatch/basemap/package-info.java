/**
 * Base maps of the web map beyond OpenStreetMap (issue 18): Tianditu (天地图), the official map of China,
 * whose tiles need a key the admin enters on the map page's admin workspace. The key is kept in the store
 * ({@code base_map_settings}) and handed to the page inside the tile URL templates of
 * {@code GET /api/map/config}: Tianditu keys are browser keys, bound to the district's domain by Tianditu.
 *
 * <p>The offline base (the district's own streets and outline) needs nothing here: the page draws it from
 * the street and outline APIs when tiles cannot be reached.
 */
package org.gridwatch.basemap;
