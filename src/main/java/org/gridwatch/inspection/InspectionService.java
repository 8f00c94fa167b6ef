package org.gridwatch.inspection;

import org.locationtech.jts.geom.Coordinate;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.history.Snapshot;
import org.gridwatch.history.ChangeRecorder;
import org.gridwatch.history.ChangeAction;
import org.gridwatch.account.GridAccess;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.gridwatch.feature.FeatureDraft;
import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.feature.FeatureView;
import org.gridwatch.geo.GeometryIssue;
import org.gridwatch.geo.GeometryValidator;
import org.gridwatch.grid.GridService;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.TextLimits;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inspections (one record per feature checked), their photos and the outcome fields of feature types:
 * the wiring between the store ({@link InspectionQueries}), the feature and grid services and the pure
 * validators and classifiers. Patrols live in {@link PatrolService}, density in {@link DensityService},
 * the work summary in {@code org.gridwatch.summary}. Every write names the small grid it touches and
 * passes it through {@link #beforeWrite(String)}, the one place an access check for grid workers belongs.
 */
@Service
public class InspectionService {

    /** The entity name of inspections in the change history. */
    public static final String HISTORY_ENTITY = "inspection";


    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern FIELD_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InspectionQueries queries;
    private final FeatureService features;
    private final GridService grids;
    private final InspectionScopes scopes;
    private final InspectionSettings settings;
    private final GridAccess access;
    private final ChangeRecorder history;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final Clock clock = Clock.systemUTC();

    InspectionService(InspectionQueries queries, FeatureService features, GridService grids, InspectionScopes scopes,
                      InspectionSettings settings, GridAccess access, ChangeRecorder history,
                      org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.access = access;
        this.history = history;
        this.queries = queries;
        this.features = features;
        this.grids = grids;
        this.scopes = scopes;
        this.settings = settings;
    }

    public ZoneId zone() {
        return settings.zone();
    }

    public InspectionSettings settings() {
        return settings;
    }

    /**
     * Called by every write with the grid it touches (a small grid, or the large grid of a patrol
     * recorded for a whole community): a grid worker may write only inside the small grids linked to
     * its account (403 otherwise); other writing roles pass.
     */
    void beforeWrite(String gridCode) {
        access.checkWritable(gridCode);
    }

    // ---- outcome fields -------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public Map<String, List<InspectionField>> fieldsByType() {
        Map<String, List<InspectionField>> out = new LinkedHashMap<>();
        for (InspectionField f : queries.fields()) out.computeIfAbsent(f.typeKey(), k -> new ArrayList<>()).add(f);
        return out;
    }

    @Transactional(readOnly = true)
    public List<InspectionField> fields(String typeKey) {
        return fieldsByType().getOrDefault(typeKey, List.of());
    }

    /** Replaces the outcome fields of a type (body: an array, or an object with inspectionFields). */
    @Transactional
    public List<InspectionField> replaceFields(String typeKey, JsonNode body) {
        knownType(typeKey);
        JsonNode list = body != null && body.isObject() ? body.get("inspectionFields") : body;
        if (list == null || !list.isArray()) {
            throw ApiProblem.badRequest("inspection.fields.body", "the body must be an array of inspection fields");
        }
        List<InspectionField> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int order = 0;
        for (JsonNode f : list) {
            String key = f.path("key").asString("");
            if (!FIELD_KEY.matcher(key).matches() || !seen.add(key)) {
                throw ApiProblem.badRequest("inspection.fields.key", "field key '" + key
                        + "' must be 1-64 letters, digits or _ starting with a letter, and unique", key);
            }
            String kind = f.path("kind").asString("");
            if (!InspectionField.KINDS.contains(kind)) {
                throw ApiProblem.badRequest("inspection.fields.kind", "field '" + key + "' has kind '" + kind
                        + "'; kinds are " + InspectionField.KINDS, key, kind, String.join(", ", InspectionField.KINDS));
            }
            String zh = f.path("labelZh").asString("").trim();
            String en = f.path("labelEn").asString("").trim();
            if (zh.isEmpty() || en.isEmpty()) {
                throw ApiProblem.badRequest("inspection.fields.label", "field '" + key + "' needs labelZh and labelEn", key);
            }
            TextLimits.atMost("labelZh", zh, 128);
            TextLimits.atMost("labelEn", en, 128);
            List<InspectionField.Option> options = new ArrayList<>();
            if (kind.equals("enum")) {
                for (JsonNode o : f.path("options")) {
                    String v = o.path("value").asString("");
                    if (v.isEmpty()) continue;
                    options.add(new InspectionField.Option(v, o.path("labelZh").asString(v), o.path("labelEn").asString(v)));
                }
                if (options.isEmpty()) {
                    throw ApiProblem.badRequest("inspection.fields.options", "enum field '" + key + "' needs options", key);
                }
            }
            Double min = f.path("min").isNumber() ? f.path("min").doubleValue() : null;
            Double max = f.path("max").isNumber() ? f.path("max").doubleValue() : null;
            fields.add(new InspectionField(typeKey, key, zh, en, kind, min, max, options, ++order));
        }
        queries.replaceFields(typeKey, fields);
        return fields;
    }

    // ---- inspections ----------------------------------------------------------------------------

    /** The stored records of a request, in request order, and whether any of them is new. */
    public record RecordResult(List<Inspection> inspections, boolean anyCreated) {
    }

    /**
     * Stores the inspections, all or none. A clientId stored already returns the stored record (a
     * phone's retry); a free point becomes a new feature of its type. Refusals of a batch list every
     * bad record by index; the status is the first bad record's.
     */
    @Transactional
    public RecordResult record(List<InspectionDraft> drafts, boolean batch) {
        if (drafts.isEmpty()) {
            throw ApiProblem.badRequest("inspection.batch.empty", "the batch holds no inspections");
        }
        if (drafts.size() > settings.maxBatch()) {
            throw new ApiProblem(413, "inspection.batch.tooMany", "a batch may carry at most " + settings.maxBatch()
                    + " inspections, this one has " + drafts.size(), settings.maxBatch(), drafts.size());
        }
        Map<String, List<InspectionField>> fields = fieldsByType();
        Set<String> types = new HashSet<>();
        for (FeatureTypeView t : features.types()) types.add(t.key());
        List<Object> checked = new ArrayList<>(drafts.size());
        List<Map<String, Object>> errors = new ArrayList<>();
        ApiProblem first = null;
        Set<String> batchIds = new HashSet<>();
        for (int i = 0; i < drafts.size(); i++) {
            try {
                InspectionDraft d = drafts.get(i);
                String clientId = clientId(d.clientId());
                Optional<Inspection> known = queries.inspectionByClientId(clientId);
                if (known.isPresent()) {
                    checked.add(known.get());
                } else if (!batchIds.add(clientId)) {
                    checked.add(clientId); // a repeat inside the batch: the same record as its first occurrence
                } else {
                    checked.add(check(d, clientId, fields, types));
                }
            } catch (ApiProblem p) {
                if (!batch) throw p;
                if (first == null) first = p;
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("index", i);
                e.put("code", p.messageKey());
                e.put("status", p.status());
                e.put("detail", p.getMessage());
                errors.add(e);
            }
        }
        if (first != null) {
            throw new ApiProblem(first.status(), "inspection.batch.rejected", errors.size() + " of " + drafts.size()
                    + " inspections are invalid, nothing was stored; first at index " + errors.get(0).get("index") + ": "
                    + first.getMessage(), errors.size(), drafts.size(), errors.get(0).get("index"), first.getMessage())
                    .with("errors", errors);
        }
        List<Inspection> out = new ArrayList<>(drafts.size());
        Map<String, Inspection> byClientId = new HashMap<>();
        boolean created = false;
        List<Inspection> fresh = new ArrayList<>();
        Instant now = Instant.now(clock);
        for (Object c : checked) {
            Inspection stored;
            if (c instanceof Inspection known) {
                stored = known;
            } else if (c instanceof String repeat) {
                stored = byClientId.get(repeat);
            } else {
                Checked k = (Checked) c;
                beforeWrite(k.gridCode());
                Long featureId = k.featureId();
                if (featureId == null) {
                    featureId = features.create(new FeatureDraft(k.draft().typeKey(), k.draft().point(), null, null, null,
                            "active", "{}", k.draft().inspectedAt(), null)).id();
                }
                long id = queries.insertInspection(new InspectionQueries.NewInspection(k.clientId(), featureId, k.typeKey(),
                        k.gridCode(), k.lon(), k.lat(), k.patrolId(), k.patrolClientId(), k.inspector(),
                        k.draft().inspectedAt(), k.outcomeJson(), k.note(), k.classification()), now);
                stored = queries.inspection(id).orElseThrow();
                history.record(HISTORY_ENTITY, String.valueOf(id), ChangeAction.CREATE, null, snapshot(stored));
                created = true;
                fresh.add(stored);
            }
            byClientId.put(stored.clientId(), stored);
            out.add(stored);
        }
        if (!fresh.isEmpty()) events.publishEvent(new InspectionsRecorded(List.copyOf(fresh)));
        return new RecordResult(out, created);
    }

    private record Checked(InspectionDraft draft, String clientId, Long featureId, String typeKey, String gridCode,
                           double lon, double lat, Long patrolId, String patrolClientId, String inspector,
                           String outcomeJson, String note, OutcomeClassifier.Classification classification) {
    }

    private Checked check(InspectionDraft d, String clientId, Map<String, List<InspectionField>> fields,
                          Set<String> types) {
        String inspector = inspector(d.inspector());
        if (d.inspectedAt() == null) {
            throw ApiProblem.badRequest("inspection.time.required", "inspectedAt is required (ISO-8601 with offset)");
        }
        if (d.inspectedAt().isAfter(Instant.now(clock).plus(1, ChronoUnit.DAYS))) {
            throw ApiProblem.badRequest("inspection.time.future", "inspectedAt " + d.inspectedAt() + " lies in the future",
                    d.inspectedAt().toString());
        }
        String typeKey;
        String gridCode;
        double lon;
        double lat;
        if (d.featureId() != null) {
            FeatureView f = features.get(d.featureId());
            typeKey = f.type();
            if (d.typeKey() != null && !d.typeKey().equals(typeKey)) {
                throw ApiProblem.badRequest("inspection.type.mismatch", "feature " + f.id() + " is a " + typeKey
                        + ", not a " + d.typeKey(), String.valueOf(f.id()), typeKey, d.typeKey());
            }
            gridCode = f.gridCode();
            lon = f.lon();
            lat = f.lat();
        } else {
            if (d.typeKey() == null || d.typeKey().isBlank()) {
                throw ApiProblem.badRequest("inspection.type.required", "typeKey is required when featureId is null");
            }
            typeKey = d.typeKey();
            if (!types.contains(typeKey)) {
                throw ApiProblem.badRequest("feature.type.unknown", "unknown feature type '" + typeKey
                        + "'; known types: " + String.join(", ", types), typeKey, String.join(", ", types));
            }
            if (d.point() == null) {
                throw ApiProblem.badRequest("inspection.point.required", "point is required when featureId is null");
            }
            Optional<GeometryIssue> issue = GeometryValidator.check(d.point(), GeometryValidator.PUNTAL);
            if (issue.isPresent()) throw GridService.geometryProblem(issue.get());
            lon = d.point().getX();
            lat = d.point().getY();
            gridCode = grids.smallGridCodeAt(lon, lat).orElseThrow(() -> new ApiProblem(422,
                    "inspection.point.outside", "the point " + lon + ", " + lat + " lies outside every small grid",
                    String.valueOf(lon), String.valueOf(lat)).with("location", List.of(lon, lat)));
        }
        Optional<OutcomeValidator.Issue> issue = OutcomeValidator.check(d.outcome(), fields.getOrDefault(typeKey, List.of()));
        if (issue.isPresent()) {
            OutcomeValidator.Issue i = issue.get();
            throw ApiProblem.badRequest(i.code(), i.english(), String.valueOf(i.field()), typeKey).with("field", i.field());
        }
        Long patrolId = d.patrolId();
        if (patrolId != null && queries.patrol(patrolId).isEmpty()) {
            throw ApiProblem.notFound("patrol.notFound", "no patrol with id " + patrolId, String.valueOf(patrolId));
        }
        String patrolClientId = d.patrolClientId() == null || d.patrolClientId().isBlank() ? null : clientId(d.patrolClientId());
        if (patrolId == null && patrolClientId != null) {
            // unknown yet: an offline phone may send the inspections before the patrol, which links them
            patrolId = queries.patrolByClientId(patrolClientId).map(Patrol::id).orElse(null);
        }
        JsonNode outcome = d.outcome() == null || d.outcome().isNull() ? JSON.createObjectNode() : d.outcome();
        String note = d.note() == null || d.note().isBlank() ? null : d.note().trim();
        if (note != null && note.length() > 2000) {
            throw ApiProblem.badRequest("inspection.note.tooLong", "note may be at most 2000 characters", 2000);
        }
        return new Checked(d, clientId, d.featureId(), typeKey, gridCode, lon, lat, patrolId, patrolClientId, inspector,
                JSON.writeValueAsString(outcome), note, OutcomeClassifier.classify(typeKey, outcome));
    }

    @Transactional(readOnly = true)
    public Inspection inspection(long id) {
        return queries.inspection(id).orElseThrow(() -> ApiProblem.notFound("inspection.notFound",
                "no inspection with id " + id, String.valueOf(id)));
    }

    @Transactional
    public void attachPhoto(long id, String contentType, byte[] bytes) {
        Inspection i = inspection(id);
        if (contentType == null || !(contentType.equals("image/jpeg") || contentType.equals("image/png"))) {
            throw new ApiProblem(415, "inspection.photo.type", "a photo must be image/jpeg or image/png, got " + contentType,
                    String.valueOf(contentType));
        }
        if (bytes.length == 0) {
            throw ApiProblem.badRequest("inspection.photo.empty", "the photo is empty");
        }
        if (bytes.length > settings.maxPhotoBytes()) {
            throw new ApiProblem(413, "inspection.photo.tooLarge", "the photo has " + bytes.length
                    + " bytes; at most " + settings.maxPhotoBytes() + " are stored", bytes.length, settings.maxPhotoBytes());
        }
        if (!looksLike(contentType, bytes)) {
            throw ApiProblem.badRequest("inspection.photo.content", "the file is not a " + contentType + " image",
                    contentType);
        }
        beforeWrite(i.gridCode());
        queries.putPhoto(id, contentType, bytes);
    }

    private static boolean looksLike(String contentType, byte[] b) {
        if (contentType.equals("image/png")) {
            return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
        }
        return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
    }

    @Transactional(readOnly = true)
    public InspectionQueries.Photo photo(long id) {
        inspection(id);
        return queries.photo(id).orElseThrow(() -> ApiProblem.notFound("inspection.photo.none",
                "inspection " + id + " has no photo", String.valueOf(id)));
    }

    @Transactional(readOnly = true)
    public List<Inspection> inspections(String gridCode, List<String> types, LocalDate from, LocalDate to,
                                        String inspector, int page, int size) {
        if (page < 0 || size < 1 || size > 10_000) {
            throw ApiProblem.badRequest("request.paging.page", "page must be ≥ 0 and size 1-10000", 10_000);
        }
        List<String> codes = gridCode == null || gridCode.isBlank() ? null : scopes.codes(scopes.grid(gridCode.trim()));
        return queries.inspections(codes, types.isEmpty() ? null : types, from == null ? null : scopes.start(from),
                to == null ? null : scopes.start(to.plusDays(1)), inspector == null || inspector.isBlank() ? null : inspector.trim(),
                size, (long) page * size);
    }

    // ---- heatmap of positive sites --------------------------------------------------------------

    /** Positive records of the types (empty: all) inspected in [from, to] (null: open): lon, lat, epoch ms, id. */
    @Transactional(readOnly = true)
    public void positivePoints(List<String> types, Instant from, Instant to, Consumer<double[]> sink) {
        queries.positivePoints(types.isEmpty() ? null : types, from, to, sink);
    }

    @Transactional(readOnly = true)
    public String positivePointsStamp() {
        return queries.stamp();
    }


    /**
     * Whether generated sample activity is in the store: every report built on it says so (示例数据),
     * so a demo figure is never taken for real work.
     */
    @Transactional(readOnly = true)
    public boolean sampleActivityPresent() {
        return queries.sampleActivityPresent();
    }

    // ---- figures for the work summary -----------------------------------------------------------

    /**
     * The records of a scope (grid codes, null for the district) inspected in [from, to), ordered by
     * feature and then time, as the work summary counts them.
     */
    @Transactional(readOnly = true)
    public void outcomes(List<String> gridCodes, Instant from, Instant to, Consumer<InspectionOutcome> sink) {
        queries.summaryRecords(gridCodes, from, to, sink);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private void knownType(String typeKey) {
        if (features.types().stream().noneMatch(t -> t.key().equals(typeKey))) {
            throw ApiProblem.notFound("featureType.notFound", "no feature type " + typeKey, typeKey);
        }
    }

    static String clientId(String id) {
        if (id == null || !CLIENT_ID.matcher(id.trim()).matches()) {
            throw ApiProblem.badRequest("inspection.clientId.invalid",
                    "clientId must be 1-64 letters, digits or . _ : - (a UUID made by the client)", String.valueOf(id));
        }
        return id.trim();
    }

    static String inspector(String name) {
        if (name == null || name.isBlank() || name.trim().length() > 100) {
            throw ApiProblem.badRequest("inspection.inspector.required", "inspector is required (at most 100 characters)");
        }
        return name.trim();
    }

    /** An inspection as the change history keeps it. */
    private static Snapshot snapshot(Inspection i) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", i.id());
        p.put("clientId", i.clientId());
        p.put("featureId", i.featureId());
        p.put("type", i.typeKey());
        p.put("gridCode", i.gridCode());
        p.put("patrolId", i.patrolId());
        p.put("inspector", i.inspector());
        p.put("inspectedAt", i.inspectedAt().toString());
        p.put("outcome", i.outcomeJson());
        p.put("note", i.note());
        p.put("positive", i.positive());
        return new Snapshot(p, GeometryFactories.WGS84.createPoint(new Coordinate(i.lon(), i.lat())));
    }
}
