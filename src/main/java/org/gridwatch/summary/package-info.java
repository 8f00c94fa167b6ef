/**
 * The work summary (工作总结) a street office files for a period: figures drawn from grids, features,
 * patrols, inspections and density levels, and from any {@link org.gridwatch.summary.WorkSummaryContributor}
 * (the case loop adds its own section). Every figure is scoped to the period; a <b>stock</b> figure is
 * counted at the period's end (what exists), a <b>flow</b> figure over the period (what happened).
 */
package org.gridwatch.summary;
