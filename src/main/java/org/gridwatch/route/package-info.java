/**
 * Patrol routes (巡查路线): the daily round of a grid's responsible person.
 *
 * <ul>
 *   <li>A <b>visit route</b> passes every chosen stop (a feature or a point) once, from a start,
 *       back to it (closed) or ending at the last stop (open): {@link org.gridwatch.route.TspSolver}.</li>
 *   <li>A <b>street-coverage route</b> walks every street piece inside a grid at least once and returns
 *       to its start: {@link org.gridwatch.route.ChinesePostman}.</li>
 *   <li>A <b>split</b> shares the stops among k patrollers so the longest route is as short as possible:
 *       {@link org.gridwatch.route.PatrolSplitter}.</li>
 * </ul>
 * Distances are <b>walking distances</b> in metres along the street graph
 * ({@link org.gridwatch.route.StreetGraphBuilder}, {@link org.gridwatch.route.ShortestPathMatrix}), where a
 * stop is <b>snapped</b> to the nearest street point and the way in from the stop and out again is
 * counted; with no streets loaded, straight lines ({@link org.gridwatch.route.RoutingNetwork}).
 * Positions at the API are GeoJSON order, {@code [lon, lat]}.
 */
package org.gridwatch.route;
