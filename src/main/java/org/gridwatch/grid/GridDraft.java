package org.gridwatch.grid;

import org.locationtech.jts.geom.Geometry;

/** What a caller asks to store as a grid, before the rules have looked at it. */
public record GridDraft(String code, String name, GridLevel level, String parentCode, String responsiblePerson,
                        String phone, Geometry geometry, Long expectedVersion) {
}
