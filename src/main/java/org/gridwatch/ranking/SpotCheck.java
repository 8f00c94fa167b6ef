package org.gridwatch.ranking;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A recorded spot check with its points per item (as the items read on the day). */
public record SpotCheck(long id, String clientId, String largeGridCode, String unitName, LocalDate checkedOn,
                        String inspector, String note, double points, double maxPoints, double score,
                        String createdBy, Instant createdAt, List<ItemScore> items) {

    public record ItemScore(String code, String nameZh, String nameEn, double maxPoints, double points) {
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("clientId", clientId);
        m.put("largeGrid", largeGridCode);
        m.put("unitName", unitName);
        m.put("checkedOn", checkedOn.toString());
        m.put("inspector", inspector);
        m.put("note", note);
        m.put("points", points);
        m.put("maxPoints", maxPoints);
        m.put("score", score);
        m.put("createdBy", createdBy);
        m.put("createdAt", createdAt.toString());
        m.put("items", items.stream().map(i -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("code", i.code());
            e.put("nameZh", i.nameZh());
            e.put("nameEn", i.nameEn());
            e.put("maxPoints", i.maxPoints());
            e.put("points", i.points());
            return e;
        }).toList());
        return m;
    }
}
