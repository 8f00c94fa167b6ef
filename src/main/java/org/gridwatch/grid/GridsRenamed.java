package org.gridwatch.grid;

import java.util.Map;

/**
 * Grids took new codes ({@code oldCode -> newCode}; codes may trade places). Published inside the
 * renaming transaction, so whatever refers to grids by code (a grid worker's linked grids) follows in it.
 */
public record GridsRenamed(Map<String, String> newCodeByOld) {
}
