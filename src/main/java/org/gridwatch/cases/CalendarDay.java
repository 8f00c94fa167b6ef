package org.gridwatch.cases;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** A date that differs from the weekly rule: {@code holiday} or {@code workday} (a make-up working day, 调休). */
public record CalendarDay(LocalDate day, String kind, String nameZh, String nameEn) {

    public boolean holiday() {
        return "holiday".equals(kind);
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("day", day.toString());
        m.put("kind", kind);
        m.put("nameZh", nameZh);
        m.put("nameEn", nameEn);
        return m;
    }
}
