package org.gridwatch.cases;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A row of the class table: 事件 ({@code event}) or 部件 ({@code part}, with its part code), the
 * department it goes to, whether registering dispatches it at once, and the limit of each stage in
 * working minutes.
 */
public record CaseClass(String code, String kind, String categoryZh, String categoryEn, String nameZh, String nameEn,
                        String partCode, String defaultDepartment, boolean autoDispatch, int registerMinutes,
                        int dispatchMinutes, int handleMinutes, int verifyMinutes, int closeMinutes,
                        String closingConditionZh, String closingConditionEn, boolean active, int sortOrder) {

    /** Working minutes from registration to the close deadline, before extensions. */
    public long minutesFromRegistrationToClose() {
        return (long) dispatchMinutes + handleMinutes + verifyMinutes + closeMinutes;
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("kind", kind);
        m.put("categoryZh", categoryZh);
        m.put("categoryEn", categoryEn);
        m.put("nameZh", nameZh);
        m.put("nameEn", nameEn);
        m.put("partCode", partCode);
        m.put("defaultDepartment", defaultDepartment);
        m.put("autoDispatch", autoDispatch);
        m.put("registerMinutes", registerMinutes);
        m.put("dispatchMinutes", dispatchMinutes);
        m.put("handleMinutes", handleMinutes);
        m.put("verifyMinutes", verifyMinutes);
        m.put("closeMinutes", closeMinutes);
        m.put("closingConditionZh", closingConditionZh);
        m.put("closingConditionEn", closingConditionEn);
        m.put("active", active);
        m.put("sortOrder", sortOrder);
        return m;
    }
}
