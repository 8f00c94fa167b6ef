/**
 * Kernel density heatmaps (热力图) of point features.
 *
 * <p>Words used here:
 * <ul>
 * <li><b>density</b>: features per km² at a place, the sum over features of the quartic kernel
 * K(d) = 3 / (π r²) · (1 − d²/r²)² for ground distance d &lt; r metres, times the feature's weight
 * (1 unless a numeric property is named). It integrates to the (weighted) number of features.</li>
 * <li><b>raster frame</b>: where the cells of an output raster lie on the ground ({@link org.gridwatch.heatmap.RasterFrame}):
 * a Web Mercator tile ({@link org.gridwatch.heatmap.WebMercatorRaster}) or a lon/lat grid
 * ({@link org.gridwatch.heatmap.LonLatRaster}). Values are at cell centres.</li>
 * <li><b>lattice</b>: the regular grid the estimator bins features onto and convolves; it is the
 * output raster itself, a subdivision of it, or a coarser power-of-two grid that is interpolated,
 * chosen so that the kernel spans about 8 to 16 lattice cells.</li>
 * <li><b>layer</b>: one request's selection of features (types, time window, weight) and radius;
 * every tile of a layer is coloured on the same scale (the layer's maximum density).</li>
 * </ul>
 */
package org.gridwatch.heatmap;
