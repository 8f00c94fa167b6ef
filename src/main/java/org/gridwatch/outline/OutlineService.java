package org.gridwatch.outline;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.gridwatch.grid.GridService;
import org.gridwatch.history.ChangeAction;
import org.gridwatch.history.ChangeRecorder;
import org.gridwatch.history.Restorer;
import org.gridwatch.history.Snapshot;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.TextLimits;
import org.locationtech.jts.geom.Geometry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Reads and writes the district outline under {@link OutlineRules}. Every write is one transaction (or
 * joins the caller's, as an import does) and records its change history in it: entity
 * {@value #HISTORY_ENTITY}, id {@value #HISTORY_ID}. A refused write changes nothing.
 */
@Service
public class OutlineService implements Restorer {

    public static final String HISTORY_ENTITY = "district_outline";
    public static final String HISTORY_ID = "district";

    public static final String DRAWN = "drawn";
    public static final String IMPORTED = "imported";
    public static final String GENERATED = "generated";

    private final OutlineStore store;
    private final ChangeRecorder history;
    private final Clock clock = Clock.systemUTC();

    OutlineService(OutlineStore store, ChangeRecorder history) {
        this.store = store;
        this.history = history;
    }

    /**
     * The district's boundary in WGS84 lon/lat, or empty when the store has none: for any feature asking
     * whether a place lies in the district (streets' replace mode, residents' reports, the topology report).
     */
    @Transactional(readOnly = true)
    public Optional<Geometry> districtOutline() {
        return store.find().map(DistrictOutlineView::geometry);
    }

    @Transactional(readOnly = true)
    public Optional<DistrictOutlineView> current() {
        return store.find();
    }

    /**
     * Stores {@code geometry} as the outline (drawn on the map, or made by the sample district).
     * When an outline exists, {@code expectedVersion} must be its version (else 400/409, as for grids).
     */
    @Transactional
    public DistrictOutlineView save(String name, Geometry geometry, Long expectedVersion, String source) {
        Optional<DistrictOutlineView> existing = store.find();
        if (existing.isPresent()) {
            if (expectedVersion == null) {
                throw ApiProblem.badRequest("version.required",
                        "the request must carry the version it edits (properties.version)");
            }
            checkVersion(existing.get(), expectedVersion);
        }
        return write(name, geometry, source, existing.orElse(null), ChangeAction.UPDATE);
    }

    /**
     * Replaces the outline, whatever its version, with one read from a file: the import is itself the
     * decision to replace, and the history keeps the outline it replaced.
     */
    @Transactional
    public DistrictOutlineView replaceImported(String name, Geometry geometry) {
        return write(name, geometry, IMPORTED, store.find().orElse(null), ChangeAction.UPDATE);
    }

    @Transactional
    public void delete(Long expectedVersion) {
        DistrictOutlineView existing = store.find().orElseThrow(OutlineService::none);
        if (expectedVersion == null) {
            throw ApiProblem.badRequest("version.required",
                    "the request must carry the version it deletes (version=...)");
        }
        checkVersion(existing, expectedVersion);
        history.record(HISTORY_ENTITY, HISTORY_ID, ChangeAction.DELETE, snapshot(existing), null);
        store.delete();
    }

    @Override
    public String entity() {
        return HISTORY_ENTITY;
    }

    /** Puts the outline back to a state from its history, under the same rules as any write. */
    @Override
    @Transactional
    public void restore(String entityId, JsonNode p, Geometry geometry) {
        JsonNode source = p.get("source");
        write(text(p.get("name")), geometry, source == null || source.isNull() ? DRAWN : source.asString(),
                store.find().orElse(null), ChangeAction.RESTORE);
    }

    private DistrictOutlineView write(String name, Geometry geometry, String source, DistrictOutlineView before,
                                      ChangeAction action) {
        String n = name == null ? "" : name.trim();
        TextLimits.atMost("name", n, 200);
        OutlineRules.check(geometry).ifPresent(r -> {
            throw r.issue() != null ? GridService.geometryProblem(r.issue())
                    : ApiProblem.badRequest(r.key(), r.english(), r.arguments());
        });
        geometry.setSRID(4326);
        Instant now = Instant.now(clock);
        DistrictOutlineView after = new DistrictOutlineView(n, source, geometry, OutlineRules.areaM2(geometry),
                before == null ? now : before.createdAt(), now, before == null ? 0 : before.version() + 1);
        store.write(after, before != null);
        history.record(HISTORY_ENTITY, HISTORY_ID, before == null && action != ChangeAction.RESTORE
                ? ChangeAction.CREATE : action, before == null ? null : snapshot(before), snapshot(after));
        return after;
    }

    private static void checkVersion(DistrictOutlineView existing, long expected) {
        if (expected != existing.version()) {
            throw ApiProblem.conflict("version.stale",
                    "the district outline was changed by someone else (version " + existing.version() + ", yours "
                            + expected + "); reload it and try again",
                    HISTORY_ID, existing.version(), expected).with("currentVersion", existing.version());
        }
    }

    private static Snapshot snapshot(DistrictOutlineView o) {
        Map<String, Object> p = new LinkedHashMap<>(o.properties());
        p.put("areaM2", o.areaM2());
        return new Snapshot(p, o.geometry());
    }

    static ApiProblem none() {
        return ApiProblem.notFound("outline.none", "the store has no district outline yet; draw or import one");
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.asString();
    }
}
