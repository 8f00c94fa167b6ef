/**
 * Running several instances of the service against one PostGIS. The service keeps no state of its
 * own apart from caches (the map's count index, heatmap points and tiles); the {@link
 * org.gridwatch.cluster.ChangeFeed} tells every instance's caches about writes committed by the others.
 * Words: an <em>instance</em> is one running service process; a <em>change</em> is one committed
 * write of features or grids, with the lon/lat box it touched.
 */
package org.gridwatch.cluster;
