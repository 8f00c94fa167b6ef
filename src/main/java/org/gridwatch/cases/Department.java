package org.gridwatch.cases;

import java.util.LinkedHashMap;
import java.util.Map;

/** A department cases are dispatched to (处置部门). */
public record Department(String code, String nameZh, String nameEn, String phone, boolean active, int sortOrder) {

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("nameZh", nameZh);
        m.put("nameEn", nameEn);
        m.put("phone", phone);
        m.put("active", active);
        m.put("sortOrder", sortOrder);
        return m;
    }
}
