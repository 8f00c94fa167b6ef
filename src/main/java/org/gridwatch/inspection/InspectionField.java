package org.gridwatch.inspection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One field of an inspection outcome, defined per feature type (a table, so a district can add its
 * own). {@code kind} is boolean, integer, number, enum or text; {@code min}/{@code max} bound
 * integer and number fields (null: unbounded); {@code options} are the values of an enum field.
 */
public record InspectionField(String typeKey, String key, String labelZh, String labelEn, String kind, Double min,
                              Double max, List<Option> options, int sortOrder) {

    public static final List<String> KINDS = List.of("boolean", "integer", "number", "enum", "text");

    public InspectionField {
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** A value an enum field may take. */
    public record Option(String value, String labelZh, String labelEn) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", value);
            m.put("labelZh", labelZh);
            m.put("labelEn", labelEn);
            return m;
        }
    }

    /** The field as {@code GET /api/feature-types} lists it under {@code inspectionFields}. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("labelZh", labelZh);
        m.put("labelEn", labelEn);
        m.put("kind", kind);
        if (min != null) m.put("min", isWhole(min) ? (Object) min.longValue() : min);
        if (max != null) m.put("max", isWhole(max) ? (Object) max.longValue() : max);
        if (kind.equals("enum")) {
            List<Map<String, Object>> o = new ArrayList<>();
            for (Option option : options) o.add(option.json());
            m.put("options", o);
        }
        return m;
    }

    private static boolean isWhole(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15;
    }
}
