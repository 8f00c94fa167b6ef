package org.gridwatch.ranking;

import java.util.LinkedHashMap;
import java.util.Map;

/** A line of the scoring checklist, in both languages. */
public record ChecklistItem(String code, String headingZh, String headingEn, String nameZh, String nameEn,
                            double maxPoints, int sortOrder, boolean active) {

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("headingZh", headingZh);
        m.put("headingEn", headingEn);
        m.put("nameZh", nameZh);
        m.put("nameEn", nameEn);
        m.put("maxPoints", maxPoints);
        m.put("sortOrder", sortOrder);
        m.put("active", active);
        return m;
    }
}
