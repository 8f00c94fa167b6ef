/**
 * Accounts and roles: who may sign in, and what each may change.
 *
 * <ul>
 *   <li><b>account</b>: a user stored in the database (username, password hash written by Spring
 *       Security's delegating encoder, roles, enabled flag) and, for a grid worker, the small grids
 *       linked to it.</li>
 *   <li><b>role</b>: {@code admin} (everything, including accounts), {@code planner} (grids, feature types,
 *       streets, imports), {@code vector_control} (features and inspections everywhere, exports),
 *       {@code grid_worker} (features and inspections only inside their linked small grids) and
 *       {@code viewer} (read only). Which role may call which endpoint is decided in one place,
 *       {@code org.gridwatch.system.SecurityConfig}.</li>
 *   <li><b>grid scope</b>: the small grids a user may write in, checked in the service layer by
 *       {@link org.gridwatch.account.GridAccess}, since only the service knows in which grid an object lies.</li>
 * </ul>
 */
package org.gridwatch.account;
