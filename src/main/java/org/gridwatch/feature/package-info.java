/**
 * Point features (点位): trash bins, sewer wells, rat-bait stations, stagnant-water sites and any
 * type a district adds. Each feature knows the small grid that contains it; that code is computed
 * by the service on every write and again whenever grids change, never taken from the client.
 */
package org.gridwatch.feature;
