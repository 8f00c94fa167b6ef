package org.gridwatch.cases;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON of a case: its summary (lists, queue, map), its detail (with timeline and photos). */
final class CaseJson {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    /** What "overdue" and "due soon" mean at one moment: computed once per request on the calendar. */
    record Urgency(Instant now, Instant dueSoonBefore) {

        boolean overdue(CaseRow c) {
            return c.stageDeadline != null && c.stageDeadline.isBefore(now);
        }

        boolean dueSoon(CaseRow c) {
            return c.stageDeadline != null && !overdue(c) && !c.stageDeadline.isAfter(dueSoonBefore);
        }
    }

    private final ZoneId zone;
    private final Urgency urgency;

    CaseJson(ZoneId zone, Urgency urgency) {
        this.zone = zone;
        this.urgency = urgency;
    }

    String time(Instant t) {
        return t == null ? null : ISO.format(t.atZone(zone));
    }

    /** The members every view has: what the map, the queue and the lists show. */
    Map<String, Object> summary(CaseRow c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id);
        m.put("number", c.number);
        m.put("status", c.status.key());
        m.put("classCode", c.classCode);
        m.put("source", c.source.key());
        m.put("department", c.department);
        m.put("smallGridCode", c.smallGridCode);
        m.put("largeGridCode", c.largeGridCode);
        m.put("lon", c.lon);
        m.put("lat", c.lat);
        m.put("reportedAt", time(c.reportedAt));
        m.put("stageDeadline", time(c.stageDeadline));
        m.put("overdue", urgency.overdue(c));
        m.put("dueSoon", urgency.dueSoon(c));
        m.put("extensionPending", c.extensionPending());
        m.put("reworkCount", c.reworkCount);
        m.put("version", c.version);
        return m;
    }

    /** A GeoJSON Feature (lon,lat) with the summary as properties. */
    Map<String, Object> feature(CaseRow c) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "Feature");
        f.put("id", c.id);
        f.put("geometry", Map.of("type", "Point", "coordinates", List.of(c.lon, c.lat)));
        Map<String, Object> p = summary(c);
        p.remove("lon");
        p.remove("lat");
        f.put("properties", p);
        return f;
    }

    Map<String, Object> detail(CaseRow c, List<String> allowedActions,
                               List<Cases.TransitionRow> transitions, List<Cases.PhotoRow> photos) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id);
        m.put("number", c.number);
        m.put("clientId", c.clientId);
        m.put("source", c.source.key());
        m.put("classCode", c.classCode);
        m.put("status", c.status.key());
        m.put("lon", c.lon);
        m.put("lat", c.lat);
        m.put("smallGridCode", c.smallGridCode);
        m.put("largeGridCode", c.largeGridCode);
        m.put("featureId", c.featureId);
        m.put("inspectionId", c.inspectionId);
        m.put("description", c.description);
        m.put("address", c.address);
        m.put("reporterName", c.reporterName);
        m.put("reporterPhone", c.reporterPhone);
        m.put("reportedBy", c.reportedBy);
        m.put("department", c.department);
        m.put("assignee", c.assignee);
        m.put("mergedInto", c.mergedInto);
        m.put("reopenedFrom", c.reopenedFrom);
        m.put("reportedAt", time(c.reportedAt));
        m.put("registeredAt", time(c.registeredAt));
        m.put("dispatchedAt", time(c.dispatchedAt));
        m.put("handledAt", time(c.handledAt));
        m.put("verifiedAt", time(c.verifiedAt));
        m.put("closedAt", time(c.closedAt));
        m.put("stageDeadline", time(c.stageDeadline));
        m.put("registerDeadline", time(c.registerDeadline));
        m.put("dispatchDeadline", time(c.dispatchDeadline));
        m.put("handleDeadline", time(c.handleDeadline));
        m.put("verifyDeadline", time(c.verifyDeadline));
        m.put("closeDeadline", time(c.closeDeadline));
        m.put("extensionMinutes", c.extensionMinutes);
        m.put("pendingExtensionMinutes", c.pendingExtensionMinutes);
        m.put("reworkCount", c.reworkCount);
        m.put("overdue", urgency.overdue(c));
        m.put("dueSoon", urgency.dueSoon(c));
        m.put("version", c.version);
        m.put("allowedActions", allowedActions);
        Map<Long, List<Long>> photosByTransition = new LinkedHashMap<>();
        List<Map<String, Object>> photoList = new ArrayList<>();
        for (Cases.PhotoRow p : photos) {
            if (p.transitionId() != null) {
                photosByTransition.computeIfAbsent(p.transitionId(), k -> new ArrayList<>()).add(p.id());
            }
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("id", p.id());
            pm.put("kind", p.kind());
            pm.put("contentType", p.contentType());
            pm.put("sizeBytes", p.sizeBytes());
            pm.put("uploadedBy", p.uploadedBy());
            pm.put("uploadedAt", time(p.uploadedAt()));
            pm.put("transitionId", p.transitionId());
            pm.put("url", "/api/cases/" + c.id + "/photos/" + p.id());
            photoList.add(pm);
        }
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (Cases.TransitionRow t : transitions) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("id", t.id());
            tm.put("action", t.action());
            tm.put("from", t.fromStatus());
            tm.put("to", t.toStatus());
            tm.put("actor", t.actor());
            tm.put("at", time(t.at()));
            tm.put("note", t.note());
            tm.put("department", t.department());
            tm.put("extensionMinutes", t.extensionMinutes());
            tm.put("relatedCaseId", t.relatedCaseId());
            tm.put("photoIds", photosByTransition.getOrDefault(t.id(), List.of()));
            timeline.add(tm);
        }
        m.put("timeline", timeline);
        m.put("photos", photoList);
        return m;
    }
}
