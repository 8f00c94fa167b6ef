package org.gridwatch.street;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.GeometryValidator;
import org.gridwatch.grid.GridService;
import org.gridwatch.history.ChangeAction;
import org.gridwatch.history.ChangeRecorder;
import org.gridwatch.history.Restorer;
import org.gridwatch.history.Snapshot;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.WKTWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;

/**
 * The street network's life: read, create, edit (optimistic versions), delete and restore, each
 * change recorded in the change history (entity {@code street}) in its own transaction, and the
 * import's {@link ImportSession} that recognises streets already stored and replaces an area's.
 */
@Service
public class StreetService implements Restorer {

    /** The entity name of streets in the change history. */
    public static final String HISTORY_ENTITY = "street";

    private final Streets streets;
    private final JdbcTemplate jdbc;
    private final ChangeRecorder history;
    private final AtomicLong writes = new AtomicLong();

    StreetService(Streets streets, JdbcTemplate jdbc, ChangeRecorder history) {
        this.streets = streets;
        this.jdbc = jdbc;
        this.history = history;
    }

    /** Street segments meeting {@code bbox} (every street when null), ordered by id. */
    @Transactional(readOnly = true)
    public List<StreetView> list(BoundingBox bbox) {
        List<Street> found = bbox == null ? streets.findAllOrdered()
                : streets.findInBox(bbox.minLon(), bbox.minLat(), bbox.maxLon(), bbox.maxLat());
        return found.stream().map(Street::view).toList();
    }

    @Transactional(readOnly = true)
    public StreetView get(long id) {
        return streets.findById(id).map(Street::view).orElseThrow(() -> notFound(id));
    }

    private static ApiProblem notFound(long id) {
        return ApiProblem.notFound("street.notFound", "no street with id " + id, String.valueOf(id));
    }

    /**
     * Stores one street segment (a lon/lat LineString; a MultiLineString of one part is taken as its
     * part) and answers its id. Refuses an invalid or other geometry, a name over 200 characters or a
     * class over 32, as the table would.
     */
    @Transactional
    public long create(String name, String streetClass, Geometry geometry) {
        return create(new StreetDraft(name, streetClass, null, geometry, null)).id();
    }

    @Transactional
    public StreetView create(StreetDraft draft) {
        Checked c = check(draft);
        StreetView created = insert(null, c, 0);
        history.record(HISTORY_ENTITY, String.valueOf(created.id()), ChangeAction.CREATE, null, snapshot(created));
        return created;
    }

    @Transactional
    public StreetView update(long id, StreetDraft draft) {
        StreetView old = get(id);
        if (draft.expectedVersion() == null) {
            throw ApiProblem.badRequest("version.required", "the request must carry the version it edits (properties.version)");
        }
        if (draft.expectedVersion() != old.version()) {
            throw ApiProblem.conflict("version.stale",
                    "street " + id + " was changed by someone else (version " + old.version() + ", yours "
                            + draft.expectedVersion() + "); reload it and try again",
                    String.valueOf(id), old.version(), draft.expectedVersion()).with("currentVersion", old.version());
        }
        StreetView updated = write(old, check(draft));
        history.record(HISTORY_ENTITY, String.valueOf(id), ChangeAction.UPDATE, snapshot(old), snapshot(updated));
        return updated;
    }

    @Transactional
    public void delete(long id) {
        StreetView old = get(id);
        history.record(HISTORY_ENTITY, String.valueOf(id), ChangeAction.DELETE, snapshot(old), null);
        jdbc.update("DELETE FROM street WHERE id = ?", id);
        writes.incrementAndGet();
    }

    @Override
    public String entity() {
        return HISTORY_ENTITY;
    }

    @Override
    @Transactional
    public void restore(String entityId, JsonNode p, Geometry geometry) {
        long id;
        try {
            id = Long.parseLong(entityId);
        } catch (NumberFormatException e) {
            throw ApiProblem.conflict("history.restore.unsupported", "this history entry has no street to restore", entityId);
        }
        if (!(geometry instanceof LineString)) {
            throw ApiProblem.conflict("history.restore.unsupported", "this history entry has no street to restore", entityId);
        }
        Checked c = check(new StreetDraft(text(p, "name"), text(p, "class"), text(p, "oneway"), geometry, null));
        StreetView old = streets.findById(id).map(Street::view).orElse(null);
        StreetView restored = old == null ? insert(id, c, 0) : write(old, c);
        history.record(HISTORY_ENTITY, entityId, ChangeAction.RESTORE, old == null ? null : snapshot(old), snapshot(restored));
    }

    private static String text(JsonNode p, String name) {
        JsonNode v = p == null ? null : p.get(name);
        return v == null || v.isNull() ? null : v.asString();
    }

    /**
     * A value that changes whenever the stored streets change, here or on another instance (count,
     * largest id and the sum of versions, plus this instance's own write counter): callers keep what
     * they built from the streets until it changes.
     */
    @Transactional(readOnly = true)
    public String stamp() {
        return streets.stamp() + ":" + writes.get();
    }

    @Transactional(readOnly = true)
    public long count() {
        return streets.count();
    }

    /** A draft that passed the rules: the single LineString to store and the normalised texts. */
    private record Checked(String name, String streetClass, String oneway, LineString line) {
    }

    private static Checked check(StreetDraft draft) {
        Geometry geometry = draft.geometry();
        if (geometry == null) {
            throw ApiProblem.badRequest("street.geometry.missing", "a street needs a LineString geometry");
        }
        Geometry g = geometry instanceof MultiLineString m && m.getNumGeometries() == 1 ? m.getGeometryN(0) : geometry;
        GeometryValidator.check(g, GeometryValidator.LINEAL).ifPresent(issue -> {
            throw GridService.geometryProblem(issue);
        });
        String name = draft.name();
        if (name != null && name.length() > 200) {
            throw ApiProblem.badRequest("street.name.tooLong", "the street name is longer than 200 characters", 200);
        }
        if (draft.streetClass() != null && draft.streetClass().length() > 32) {
            throw ApiProblem.badRequest("street.class.tooLong", "the street class is longer than 32 characters", 32);
        }
        LineString line = (LineString) g.copy();
        line.setSRID(4326);
        return new Checked(name, draft.streetClass(), StreetDraft.normalOneway(draft.oneway()), line);
    }

    private StreetView insert(Long id, Checked c, long version) {
        String wkt = new WKTWriter().write(c.line());
        writes.incrementAndGet();
        if (id != null) {
            jdbc.update("INSERT INTO street (id, name, street_class, oneway, version, geom) "
                    + "VALUES (?, ?, ?, ?, ?, ST_GeomFromText(?, 4326))", id, c.name(), c.streetClass(), c.oneway(), version, wkt);
            return new StreetView(id, c.name(), c.streetClass(), c.line(), c.oneway(), version);
        }
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO street (name, street_class, oneway, version, geom) "
                    + "VALUES (?, ?, ?, ?, ST_GeomFromText(?, 4326))", new String[]{"id"});
            ps.setString(1, c.name());
            ps.setString(2, c.streetClass());
            ps.setString(3, c.oneway());
            ps.setLong(4, version);
            ps.setString(5, wkt);
            return ps;
        }, keys);
        long newId = Objects.requireNonNull(keys.getKey()).longValue();
        return new StreetView(newId, c.name(), c.streetClass(), c.line(), c.oneway(), version);
    }

    private StreetView write(StreetView old, Checked c) {
        long version = old.version() + 1;
        jdbc.update("UPDATE street SET name = ?, street_class = ?, oneway = ?, version = ?, geom = ST_GeomFromText(?, 4326) "
                + "WHERE id = ?", c.name(), c.streetClass(), c.oneway(), version, new WKTWriter().write(c.line()), old.id());
        writes.incrementAndGet();
        return new StreetView(old.id(), c.name(), c.streetClass(), c.line(), c.oneway(), version);
    }

    private static Snapshot snapshot(StreetView s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", s.id());
        p.put("name", s.name());
        p.put("class", s.streetClass());
        p.put("oneway", s.oneway());
        p.put("version", s.version());
        return new Snapshot(p, s.geometry());
    }

    /** What an import did with one street. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    /**
     * Starts a street import inside the caller's transaction. Streets already stored with the same
     * centreline ({@link StreetKey}) are recognised: the same attributes leave them as they are, others
     * update them. With a {@code replaceArea} (lon/lat polygon: a bbox or the district outline), the
     * stored streets lying wholly within it (touching its boundary counts as within) and not found again
     * in the file are deleted by {@link ImportSession#finish()}. A street crossing the boundary is kept:
     * a file of the area's streets cannot be expected to hold its part outside.
     */
    @Transactional
    public ImportSession beginImport(Geometry replaceArea) {
        return new ImportSession(replaceArea);
    }

    /** One import's state; not thread-safe, use within one transaction. */
    public final class ImportSession {

        private final Map<String, StreetView> byKey = new HashMap<>();
        private final Set<Long> toReplace = new LinkedHashSet<>();
        private final Map<String, Snapshot> created = new LinkedHashMap<>();
        private int updated;
        private int unchanged;

        private ImportSession(Geometry replaceArea) {
            PreparedGeometry area = replaceArea == null ? null : PreparedGeometryFactory.prepare(replaceArea);
            for (Street s : streets.findAllOrdered()) {
                StreetView v = s.view();
                byKey.putIfAbsent(StreetKey.of(v.geometry()), v);
                if (area != null && area.covers(v.geometry())) toReplace.add(v.id());
            }
        }

        /** Stores or recognises one street (a single LineString); refusals are {@code ApiProblem}s. */
        public Outcome add(StreetDraft draft) {
            Checked c = check(draft);
            String key = StreetKey.of(c.line());
            StreetView same = byKey.get(key);
            if (same != null) {
                toReplace.remove(same.id());
                if (Objects.equals(same.name(), c.name()) && Objects.equals(same.streetClass(), c.streetClass())
                        && Objects.equals(same.oneway(), c.oneway())
                        && same.geometry().equalsExact(c.line(), 1e-9)) {
                    unchanged++;
                    return Outcome.UNCHANGED;
                }
                StreetView now = write(same, c);
                history.record(HISTORY_ENTITY, String.valueOf(same.id()), ChangeAction.UPDATE, snapshot(same), snapshot(now));
                byKey.put(key, now);
                updated++;
                return Outcome.UPDATED;
            }
            StreetView v = insert(null, c, 0);
            byKey.put(key, v);
            created.put(String.valueOf(v.id()), snapshot(v));
            return Outcome.CREATED;
        }

        /** Deletes the replaced area's streets not found again and records the creations; answers the counts. */
        public Map<String, Integer> finish() {
            for (long id : new ArrayList<>(toReplace)) {
                StreetView old = streets.findById(id).map(Street::view).orElse(null);
                if (old == null) continue;
                history.record(HISTORY_ENTITY, String.valueOf(id), ChangeAction.DELETE, snapshot(old), null);
                jdbc.update("DELETE FROM street WHERE id = ?", id);
            }
            writes.incrementAndGet();
            if (!created.isEmpty()) {
                if (created.size() <= history.bulkDetailLimit()) {
                    history.recordCreated(HISTORY_ENTITY, created);
                } else {
                    Map<String, Object> summary = new LinkedHashMap<>();
                    summary.put("firstId", Long.valueOf(created.keySet().iterator().next()));
                    summary.put("lastId", Long.valueOf(new ArrayList<>(created.keySet()).get(created.size() - 1)));
                    history.recordBatch(HISTORY_ENTITY, ChangeAction.CREATE, created.size(), summary);
                }
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("created", created.size());
            counts.put("updated", updated);
            counts.put("unchanged", unchanged);
            counts.put("deleted", toReplace.size());
            return counts;
        }
    }
}
