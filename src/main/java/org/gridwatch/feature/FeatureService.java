package org.gridwatch.feature;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.gridwatch.account.GridAccess;
import org.gridwatch.geo.GeoJsonFormatException;
import org.gridwatch.geo.GeometryIssue;
import org.gridwatch.geo.GeometryValidator;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.grid.GridsChanged;
import org.gridwatch.grid.SmallGridLocator;
import org.gridwatch.history.ChangeAction;
import org.gridwatch.history.ChangeRecorder;
import org.gridwatch.history.Restorer;
import org.gridwatch.history.Snapshot;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.TextLimits;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.locationtech.jts.geom.Envelope;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and writes point features and feature types. Every write is one transaction, and records its
 * change history in it (entity {@code feature}, id = the feature's id). The grid-code recomputation after
 * a grid change ({@link #onGridsChanged}) is not recorded: the code is derived data, and the grid change
 * that caused it is in the history already; one entry per touched feature would bury the real edits.
 */
@Service
public class FeatureService implements Restorer {

    /** The entity name of features in the change history. */
    public static final String HISTORY_ENTITY = "feature";
    private static final Logger log = LoggerFactory.getLogger(FeatureService.class);

    /** The most features one bulk request may carry. */
    public static final int MAX_BULK = 100_000;
    /** How many refused records a bulk refusal lists, at most. */
    static final int MAX_REPORTED_ERRORS = 50;
    /** The widths of the feature table's text columns (V2__schema.sql), in characters. */
    static final int MAX_NAME_CHARS = 200;
    static final int MAX_CODE_CHARS = 64;
    static final int MAX_ADDRESS_CHARS = 300;
    private static final Pattern TYPE_KEY = Pattern.compile("[a-z][a-z0-9_]{1,63}");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    private final Features features;
    private final FeatureTypes types;
    private final FeatureQueries queries;
    private final GridService grids;
    private final ApplicationEventPublisher events;
    private final ChangeRecorder history;
    private final GridAccess access;
    private final Clock clock = Clock.systemUTC();

    FeatureService(Features features, FeatureTypes types, FeatureQueries queries, GridService grids,
                   ApplicationEventPublisher events, ChangeRecorder history, GridAccess access) {
        this.history = history;
        this.features = features;
        this.types = types;
        this.queries = queries;
        this.grids = grids;
        this.events = events;
        this.access = access;
    }

    @Transactional(readOnly = true)
    public List<FeatureTypeView> types() {
        return types.findAllByOrderBySortOrderAscKeyAsc().stream().map(FeatureType::view).toList();
    }

    @Transactional
    public FeatureTypeView addType(FeatureTypeView t) {
        if (t.key() == null || !TYPE_KEY.matcher(t.key()).matches()) {
            throw ApiProblem.badRequest("featureType.key.invalid",
                    "key must be 2-64 lower-case letters, digits or '_' starting with a letter", String.valueOf(t.key()));
        }
        if (t.labelZh() == null || t.labelZh().isBlank() || t.labelEn() == null || t.labelEn().isBlank()) {
            throw ApiProblem.badRequest("featureType.label.required", "labelZh and labelEn are required");
        }
        // The columns' sizes (V2__schema.sql).
        TextLimits.atMost("labelZh", t.labelZh(), 128);
        TextLimits.atMost("labelEn", t.labelEn(), 128);
        TextLimits.atMost("symbol", t.symbol(), 32);
        TextLimits.atMost("partCode", t.partCode(), 16);
        String color = t.color() == null ? "#616161" : t.color();
        if (!COLOR.matcher(color).matches()) {
            throw ApiProblem.badRequest("featureType.color.invalid", "color must be #rrggbb", color);
        }
        if (types.existsById(t.key())) {
            throw ApiProblem.conflict("featureType.key.taken", "feature type " + t.key() + " already exists", t.key());
        }
        FeatureTypeView stored = new FeatureTypeView(t.key(), t.labelZh().trim(), t.labelEn().trim(),
                t.symbol() == null || t.symbol().isBlank() ? "dot" : t.symbol(), color, t.partCode(),
                t.sortOrder() == 0 ? 100 : t.sortOrder());
        types.saveAndFlush(new FeatureType(stored));
        events.publishEvent(new FeatureTypesChanged(stored.key()));
        return stored;
    }

    /** A page of features plus the number of all that match. */
    public record Page(List<FeatureView> features, long numberMatched) {
    }

    @Transactional(readOnly = true)
    public Page page(FeatureFilter filter, int limit, long offset) {
        return page(filter, FeatureProperty.all(), limit, offset);
    }

    /** A page whose views carry only the {@code chosen} properties (the others null or 0). */
    @Transactional(readOnly = true)
    public Page page(FeatureFilter filter, Set<FeatureProperty> chosen, int limit, long offset) {
        List<FeatureView> rows = new ArrayList<>(Math.min(limit, 10_000));
        queries.page(filter, chosen, limit, offset, rows::add);
        long matched = rows.size() < limit && offset == 0 ? rows.size() : queries.count(filter);
        return new Page(rows, matched);
    }

    /** Streams every matching feature (ordered by id) without holding them in memory. */
    @Transactional(readOnly = true)
    public void forEach(FeatureFilter filter, int limit, long offset, Consumer<FeatureView> sink) {
        queries.page(filter, limit, offset, sink);
    }

    /** Like {@link #forEach(FeatureFilter, int, long, Consumer)}, the views carrying only the {@code chosen} properties. */
    @Transactional(readOnly = true)
    public void forEach(FeatureFilter filter, Set<FeatureProperty> chosen, int limit, long offset,
                        Consumer<FeatureView> sink) {
        queries.page(filter, chosen, limit, offset, sink);
    }

    @Transactional(readOnly = true)
    public FeatureView get(long id) {
        return load(id).view();
    }

    @Transactional
    public FeatureView create(FeatureDraft draft) {
        FeatureDraft d = check(draft);
        String gridCode = gridCodeAt(d);
        access.checkWritable(gridCode);
        Feature f = new Feature();
        f.apply(d, gridCode, Instant.now(clock));
        FeatureView created = features.saveAndFlush(f).view();
        history.record(HISTORY_ENTITY, String.valueOf(created.id()), ChangeAction.CREATE, null, snapshot(created));
        events.publishEvent(FeaturesChanged.edit(new Envelope(d.point().getCoordinate()), null, created));
        return created;
    }

    @Transactional
    public FeatureView update(long id, FeatureDraft draft) {
        Feature f = load(id);
        access.checkWritable(f.view().gridCode());
        if (draft.expectedVersion() == null) {
            throw ApiProblem.badRequest("version.required",
                    "the request must carry the version it edits (properties.version)");
        }
        if (draft.expectedVersion() != f.version()) {
            throw ApiProblem.conflict("version.stale",
                    "feature " + id + " was changed by someone else (version " + f.version() + ", yours "
                            + draft.expectedVersion() + "); reload it and try again",
                    String.valueOf(id), f.version(), draft.expectedVersion()).with("currentVersion", f.version());
        }
        FeatureDraft d = check(draft);
        Envelope touched = new Envelope(f.view().point().getCoordinate());
        touched.expandToInclude(d.point().getCoordinate());
        FeatureView old = f.view();
        Snapshot before = snapshot(old);
        String gridCode = gridCodeAt(d);
        access.checkWritable(gridCode);
        f.apply(d, gridCode, Instant.now(clock));
        FeatureView updated = features.saveAndFlush(f).view();
        history.record(HISTORY_ENTITY, String.valueOf(id), ChangeAction.UPDATE, before, snapshot(updated));
        events.publishEvent(FeaturesChanged.edit(touched, old, updated));
        return updated;
    }

    @Transactional
    public void delete(long id) {
        Feature f = load(id);
        access.checkWritable(f.view().gridCode());
        Envelope at = new Envelope(f.view().point().getCoordinate());
        FeatureView old = f.view();
        history.record(HISTORY_ENTITY, String.valueOf(id), ChangeAction.DELETE, snapshot(old), null);
        features.delete(f);
        events.publishEvent(FeaturesChanged.edit(at, old, null));
    }

    /**
     * Stores all the drafts or none: every record is checked first, and a refusal lists the bad
     * records by their index in the request.
     *
     * @return how many were stored
     */
    @Transactional
    public int bulkCreate(List<JsonNode> records) {
        if (records.size() > MAX_BULK) {
            throw new ApiProblem(413, "feature.bulk.tooMany",
                    "a bulk request may carry at most " + MAX_BULK + " features, this one has " + records.size(),
                    MAX_BULK, records.size());
        }
        Set<String> known = knownTypeKeys();
        List<FeatureDraft> checked = new ArrayList<>(records.size());
        List<Map<String, Object>> errors = new ArrayList<>();
        int errorCount = 0;
        for (int i = 0; i < records.size(); i++) {
            String key;
            String detail;
            try {
                checked.add(check(FeatureJson.draft(records.get(i)), known));
                continue;
            } catch (ApiProblem p) {
                key = p.messageKey();
                detail = p.getMessage();
            } catch (GeoJsonFormatException p) {
                key = p.messageKey();
                detail = p.getMessage();
            }
            errorCount++;
            if (errors.size() < MAX_REPORTED_ERRORS) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("index", i);
                e.put("code", key);
                e.put("detail", detail);
                errors.add(e);
            }
        }
        if (errorCount > 0) {
            Map<String, Object> first = errors.get(0);
            throw ApiProblem.badRequest("feature.bulk.rejected",
                    errorCount + " of " + records.size() + " records are invalid, nothing was stored; first at index "
                            + first.get("index") + ": " + first.get("detail"),
                    errorCount, records.size(), first.get("index"), first.get("detail"))
                    .with("errors", errors).with("invalidCount", errorCount);
        }
        if (checked.isEmpty()) {
            return 0;
        }
        Envelope area = new Envelope();
        checked.forEach(d -> area.expandToInclude(d.point().getCoordinate()));
        SmallGridLocator locator = new SmallGridLocator(grids.smallGridsIn(area).stream()
                .map(g -> new SmallGridLocator.Area(g.code(), g.geometry())).toList());
        List<FeatureQueries.NewFeature> rows = new ArrayList<>(checked.size());
        Set<String> gridCodes = new LinkedHashSet<>();
        for (FeatureDraft d : checked) {
            String gridCode = locator.codeAt(d.point().getX(), d.point().getY());
            gridCodes.add(gridCode);
            rows.add(new FeatureQueries.NewFeature(d, gridCode));
        }
        access.checkWritable(gridCodes);
        Instant now = Instant.now(clock);
        if (rows.size() >= 10_000) {
            // Also the marker the crash-safety test waits for before it kills the service mid-insert.
            log.info("bulk insert of {} features started", rows.size());
        }
        List<Long> ids = queries.insert(rows, now);
        recordBulk(rows, ids, now);
        events.publishEvent(new FeaturesChanged(area));
        return rows.size();
    }

    /**
     * Up to {@link ChangeRecorder#bulkDetailLimit()} rows: one create entry each, as if posted one by one.
     * Beyond: one entry for the bulk with its count and id range (ids of one bulk are consecutive unless
     * another writer inserted at the same time, so the range may also hold a few foreign ids).
     */
    private void recordBulk(List<FeatureQueries.NewFeature> rows, List<Long> ids, Instant now) {
        if (rows.size() <= history.bulkDetailLimit()) {
            Map<String, Snapshot> created = new LinkedHashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                FeatureDraft d = rows.get(i).draft();
                FeatureView v = new FeatureView(ids.get(i), d.type(), d.point().getX(), d.point().getY(), d.name(),
                        d.code(), d.address(), d.status(), d.attributesJson(), rows.get(i).gridCode(),
                        d.createdAt() != null ? d.createdAt() : now, now, 0);
                created.put(String.valueOf(v.id()), snapshot(v));
            }
            history.recordCreated(HISTORY_ENTITY, created);
        } else {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("count", ids.size());
            summary.put("minId", ids.stream().mapToLong(Long::longValue).min().orElse(0));
            summary.put("maxId", ids.stream().mapToLong(Long::longValue).max().orElse(0));
            history.recordBatch(HISTORY_ENTITY, ChangeAction.CREATE, ids.size(), summary);
        }
    }

    @Override
    public String entity() {
        return HISTORY_ENTITY;
    }

    /**
     * Puts feature {@code id} back to a state from its history: re-created under its id when deleted,
     * overwritten otherwise. Its type must still exist; its grid code is computed anew, since grids may
     * have changed since.
     */
    @Override
    @Transactional
    public void restore(String entityId, JsonNode p, Geometry geometry) {
        long id = Long.parseLong(entityId);
        if (!(geometry instanceof Point point)) {
            throw ApiProblem.conflict("history.restore.unsupported", "this history entry has no point to restore",
                    HISTORY_ENTITY);
        }
        JsonNode attributes = p.get("attributes");
        FeatureDraft d = check(new FeatureDraft(text(p, "type"), point, text(p, "name"), text(p, "code"),
                text(p, "address"), text(p, "status"),
                attributes == null || attributes.isNull() ? null : attributes.toString(),
                p.hasNonNull("createdAt") ? Instant.parse(p.get("createdAt").asString()) : null, null));
        Instant now = Instant.now(clock);
        Envelope touched = new Envelope(point.getCoordinate());
        Optional<Feature> current = features.findById(id);
        Snapshot before = null;
        FeatureView old = null;
        FeatureView restored;
        if (current.isPresent()) {
            Feature f = current.get();
            old = f.view();
            before = snapshot(old);
            touched.expandToInclude(f.view().point().getCoordinate());
            f.apply(d, gridCodeAt(d), now);
            restored = features.saveAndFlush(f).view();
        } else {
            // One past the version it had, so an edit still holding that version is refused as stale.
            queries.insertWithId(id, new FeatureQueries.NewFeature(d, gridCodeAt(d)), p.path("version").asLong() + 1, now);
            restored = load(id).view();
        }
        history.record(HISTORY_ENTITY, entityId, ChangeAction.RESTORE, before, snapshot(restored));
        events.publishEvent(FeaturesChanged.edit(touched, old, restored));
    }

    /** The whole row as the change history keeps it. */
    private static Snapshot snapshot(FeatureView v) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", v.id());
        p.putAll(v.properties());
        return new Snapshot(p, v.point());
    }

    private static String text(JsonNode p, String name) {
        JsonNode v = p.get(name);
        return v == null || v.isNull() ? null : v.asString();
    }

    /**
     * Active features per type (sorted by key) in the small grids {@code gridCodes} (null: everywhere),
     * created in [{@code createdFrom}, {@code createdTo}) (either null: open).
     */
    @Transactional(readOnly = true)
    public Map<String, Long> countByType(List<String> gridCodes, Instant createdFrom, Instant createdTo) {
        return queries.countByType(gridCodes, createdFrom, createdTo);
    }

    /**
     * Active features per grid code and type, counted by creation between the {@code bounds} (ascending): one
     * read for the counts of many scopes and periods.
     */
    @Transactional(readOnly = true)
    public FeatureCreationCounts countByGridAndCreation(List<Instant> bounds) {
        return new FeatureCreationCounts(List.copyOf(bounds), queries.countByGridAndCreation(bounds));
    }

    @EventListener(condition = "!#event.remote")
    void onGridsChanged(GridsChanged event) {
        SmallGridLocator smallGrids = new SmallGridLocator(grids.smallGridsIn(event.area()).stream()
                .map(g -> new SmallGridLocator.Area(g.code(), g.geometry())).toList());
        queries.reassignGridCodes(event.area(), smallGrids);
    }

    private String gridCodeAt(FeatureDraft d) {
        return grids.smallGridCodeAt(d.point().getX(), d.point().getY()).orElse(null);
    }

    private Feature load(long id) {
        return features.findById(id).orElseThrow(() -> ApiProblem.notFound("feature.notFound",
                "no feature with id " + id, String.valueOf(id)));
    }

    /** Checks one draft; returns it with defaults filled in. */
    private FeatureDraft check(FeatureDraft d) {
        return check(d, knownTypeKeys());
    }

    /** The API's rules for one feature, shared with {@link FeatureBulkLoader}. */
    FeatureDraft check(FeatureDraft d, Set<String> known) {
        if (d.type() == null || !known.contains(d.type())) {
            throw ApiProblem.badRequest("feature.type.unknown",
                    "unknown feature type '" + d.type() + "'; known types: " + String.join(", ", known),
                    String.valueOf(d.type()), String.join(", ", known));
        }
        Optional<GeometryIssue> issue = GeometryValidator.check(d.point(), GeometryValidator.PUNTAL);
        if (issue.isPresent()) {
            throw GridService.geometryProblem(issue.get());
        }
        String status = d.status() == null ? "active" : d.status();
        if (!status.equals("active") && !status.equals("removed")) {
            throw ApiProblem.badRequest("feature.status.invalid", "status must be 'active' or 'removed'", status);
        }
        checkLength("name", d.name(), MAX_NAME_CHARS);
        checkLength("code", d.code(), MAX_CODE_CHARS);
        checkLength("address", d.address(), MAX_ADDRESS_CHARS);
        return new FeatureDraft(d.type(), d.point(), d.name(), d.code(), d.address(), status,
                d.attributesJson() == null ? "{}" : d.attributesJson(), d.createdAt(), d.expectedVersion());
    }

    /** Refuses a text longer than its column holds (characters, as VARCHAR counts them in both stores). */
    private static void checkLength(String property, String value, int maxChars) {
        if (value != null && value.codePointCount(0, value.length()) > maxChars) {
            throw ApiProblem.badRequest("feature.text.tooLong", property + " may have at most " + maxChars
                    + " characters, this one has " + value.codePointCount(0, value.length()), property, maxChars,
                    value.codePointCount(0, value.length()));
        }
    }

    Set<String> knownTypeKeys() {
        Set<String> keys = new LinkedHashSet<>();
        types.findAllByOrderBySortOrderAscKeyAsc().forEach(t -> keys.add(t.view().key()));
        return keys;
    }

}
