/**
 * What a person asks first about one grid, in one answer for the map's grid popup: features by type,
 * rat-bait coverage, vector density levels, open cases and who is responsible (with phone for staff).
 */
package org.gridwatch.gridsummary;
