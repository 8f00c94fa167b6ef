/**
 * Change history (变更记录): who changed which grid, feature, street or inspection, when, and what it
 * looked like before and after, written in the transaction of the change. A <b>history entry</b> is one
 * such change; an entry's <b>before state</b> is what a <b>restore</b> brings back. Deleted rows live
 * only here (they are moved, not flagged), so the live tables hold live rows only.
 */
package org.gridwatch.history;
