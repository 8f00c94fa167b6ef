package org.gridwatch.inspection;

import org.locationtech.jts.geom.Coordinate;
import org.gridwatch.geo.GeometryFactories;
import org.gridwatch.history.Snapshot;
import org.gridwatch.history.ChangeRecorder;
import org.gridwatch.history.ChangeAction;
import org.gridwatch.account.GridAccess;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
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
import org.gridwatch.feature.FeatureFilter;
import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.feature.FeatureView;
import org.gridwatch.geo.GeometryIssue;
import org.gridwatch.geo.GeometryValidator;
import org.gridwatch.geo.MetricProjection;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.street.StreetService;
import org.gridwatch.street.StreetView;
import org.gridwatch.geo.BoundingBox;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.TextLimits;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Patrols, inspections, outcome fields, density indices and the work summary: the wiring between the
 * store ({@link InspectionQueries}), the grid, feature, route and street services and the pure
 * calculators. Every write names the small (or large) grid it touches and passes it through
 * {@link #beforeWrite(String)}, the one place an access check for grid workers belongs.
 */
@Service
public class InspectionService {

    /** The entity name of inspections in the change history. */
    public static final String HISTORY_ENTITY = "inspection";


    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern FIELD_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Set<String> TRACK_TYPES = Set.of("LineString", "MultiLineString");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String DISTRICT = "district";
    /** Code prefix of the features the generated sample activity finds on patrol. */
    static final String SAMPLE_SITE_CODE = "SAMPLE-SITE-";
    /** Longest period a density, trend or summary request may span. */
    static final int MAX_PERIOD_DAYS = 3660;

    private final InspectionQueries queries;
    private final FeatureService features;
    private final GridService grids;
    private final StreetService streets;
    private final InspectionSettings settings;
    private final GridAccess access;
    private final ChangeRecorder history;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final Clock clock = Clock.systemUTC();

    InspectionService(InspectionQueries queries, FeatureService features, GridService grids,
                      StreetService streets, InspectionSettings settings, GridAccess access, ChangeRecorder history,
                      org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.access = access;
        this.history = history;
        this.queries = queries;
        this.features = features;
        this.grids = grids;
        this.streets = streets;
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

    // ---- patrols --------------------------------------------------------------------------------

    /** A stored patrol and whether this call stored it (false: the clientId was known already). */
    public record PatrolResult(Patrol patrol, boolean created) {
    }

    @Transactional
    public PatrolResult recordPatrol(PatrolDraft d) {
        String clientId = clientId(d.clientId());
        Optional<Patrol> known = queries.patrolByClientId(clientId);
        if (known.isPresent()) return new PatrolResult(known.get(), false);
        String inspector = inspector(d.inspector());
        if (d.gridCode() == null || d.gridCode().isBlank()) {
            throw ApiProblem.badRequest("inspection.grid.required", "gridCode is required");
        }
        GridView grid = grid(d.gridCode().trim());
        if (d.startedAt() == null || d.endedAt() == null) {
            throw ApiProblem.badRequest("patrol.time.required", "startedAt and endedAt are required");
        }
        if (d.endedAt().isBefore(d.startedAt())) {
            throw ApiProblem.badRequest("patrol.time.order", "endedAt (" + d.endedAt() + ") is before startedAt ("
                    + d.startedAt() + ")", d.endedAt().toString(), d.startedAt().toString());
        }
        Geometry track = d.track();
        // A patrol without a track is a patrol, but it walked no known path: it adds no length to the
        // path indices and covers no street (it used to be credited with the grid's planned route).
        String source = track == null ? "none" : InspectionQueries.TRACKED;
        if (track != null) {
            Optional<GeometryIssue> issue = GeometryValidator.check(track, TRACK_TYPES);
            if (issue.isPresent()) throw GridService.geometryProblem(issue.get());
        }
        beforeWrite(grid.code());
        double lengthM = track == null ? 0 : MetricProjection.centredOn(track).lengthMeters(track);
        long id = queries.insertPatrol(clientId, inspector, grid.code(), d.startedAt(), d.endedAt(), track, lengthM,
                source, Instant.now(clock));
        return new PatrolResult(queries.patrol(id).orElseThrow(), true);
    }

    @Transactional(readOnly = true)
    public List<Patrol> patrols(String gridCode, LocalDate from, LocalDate to, String inspector) {
        List<String> codes = gridCode == null || gridCode.isBlank() ? null : scopeCodes(grid(gridCode.trim()));
        return queries.patrols(codes, from == null ? null : start(from), to == null ? null : start(to.plusDays(1)),
                inspector == null || inspector.isBlank() ? null : inspector.trim());
    }

    @Transactional(readOnly = true)
    public Patrol patrol(long id) {
        return queries.patrol(id).orElseThrow(() -> ApiProblem.notFound("patrol.notFound", "no patrol with id " + id,
                String.valueOf(id)));
    }

    /** The patrol's path (lon/lat); empty when it was recorded without track in a grid without streets. */
    @Transactional(readOnly = true)
    public Optional<Geometry> track(long id) {
        patrol(id);
        return queries.track(id);
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
        List<String> codes = gridCode == null || gridCode.isBlank() ? null : scopeCodes(grid(gridCode.trim()));
        return queries.inspections(codes, types.isEmpty() ? null : types, from == null ? null : start(from),
                to == null ? null : start(to.plusDays(1)), inspector == null || inspector.isBlank() ? null : inspector.trim(),
                size, (long) page * size);
    }

    // ---- patrol log -----------------------------------------------------------------------------

    /** What happened in a small grid on one day. */
    public record PatrolLog(String gridCode, LocalDate date, List<Patrol> patrols, List<Inspection> inspected,
                            List<FeatureView> missed, StreetCoverageCalculator.Coverage streets) {
    }

    @Transactional(readOnly = true)
    public PatrolLog patrolLog(String gridCode, LocalDate date) {
        if (gridCode == null || gridCode.isBlank()) {
            throw ApiProblem.badRequest("inspection.grid.required", "grid is required");
        }
        if (date == null) throw ApiProblem.badRequest("request.parameter", "invalid or missing parameter date", "date");
        GridView grid = grid(gridCode.trim());
        Instant from = start(date);
        Instant to = start(date.plusDays(1));
        List<Patrol> patrols = queries.patrols(List.of(grid.code()), from, to, null);
        List<Inspection> done = queries.inspections(List.of(grid.code()), null, from, to, null, 100_000, 0);
        Set<Long> inspected = new HashSet<>();
        done.forEach(i -> inspected.add(i.featureId()));
        List<FeatureView> missed = new ArrayList<>();
        features.forEach(new FeatureFilter(List.of(), null, grid.code(), "active"), Integer.MAX_VALUE, 0, f -> {
            if (!inspected.contains(f.id())) missed.add(f);
        });
        MetricProjection projection = MetricProjection.centredOn(grid.geometry());
        List<LineString> streetsM = new ArrayList<>();
        Envelope env = grid.geometry().getEnvelopeInternal();
        PreparedGeometry area = PreparedGeometryFactory.prepare(grid.geometry());
        for (StreetView s : streets.list(new BoundingBox(env.getMinX(), env.getMinY(), env.getMaxX(), env.getMaxY()))) {
            if (!area.intersects(s.geometry())) continue;
            Geometry inside = area.containsProperly(s.geometry()) ? s.geometry() : grid.geometry().intersection(s.geometry());
            for (int i = 0; i < inside.getNumGeometries(); i++) {
                if (inside.getGeometryN(i) instanceof LineString l && l.getLength() > 0) {
                    streetsM.add((LineString) projection.project(l));
                }
            }
        }
        List<Geometry> tracksM = queries.tracks(grid.code(), from, to).stream().map(projection::project).toList();
        java.util.Collections.reverse(done);
        return new PatrolLog(grid.code(), date, patrols, done, missed,
                StreetCoverageCalculator.compute(streetsM, tracksM, settings.streetBufferMeters()));
    }

    // ---- density --------------------------------------------------------------------------------

    /** One grid's (or the district's) indicators for a period. */
    public record GridDensity(String code, String name, Geometry geometry, DensityIndexCalculator.Result result,
                              PatrolPaths paths) {
    }

    @Transactional(readOnly = true)
    public List<Threshold> thresholds() {
        return queries.thresholds();
    }

    /** Replaces the thresholds named in the body (an array or {thresholds: [...]}); all checked before any is stored. */
    @Transactional
    public List<Threshold> updateThresholds(JsonNode body) {
        JsonNode list = body != null && body.isObject() ? body.get("thresholds") : body;
        if (list == null || !list.isArray()) {
            throw ApiProblem.badRequest("density.thresholds.body", "the body must be {\"thresholds\": [...]}");
        }
        Map<String, Threshold> known = new LinkedHashMap<>();
        for (Threshold t : queries.thresholds()) known.put(t.indicator(), t);
        List<Threshold> changed = new ArrayList<>();
        for (JsonNode n : list) {
            String key = n.path("indicator").asString("");
            Threshold old = known.get(key);
            if (old == null) {
                throw ApiProblem.badRequest("density.thresholds.unknown", "unknown indicator '" + key + "'; known: "
                        + String.join(", ", known.keySet()), key, String.join(", ", known.keySet()));
            }
            double a = number(n, "a", old.a());
            double b = number(n, "b", old.b());
            double c = number(n, "c", old.c());
            String direction = n.path("direction").asString(old.direction());
            boolean inclusive = n.has("inclusive") ? n.get("inclusive").asBoolean() : old.inclusive();
            double minSample = number(n, "minSample", old.minSample());
            if (!direction.equals("max") && !direction.equals("min")) {
                throw ApiProblem.badRequest("density.thresholds.direction", "direction must be max or min", key, direction);
            }
            boolean ordered = direction.equals("max") ? a <= b && b <= c : a >= b && b >= c;
            if (!ordered || minSample < 0) {
                throw ApiProblem.badRequest("density.thresholds.order", "thresholds of " + key + " must be ordered A to C"
                        + " (a ≤ b ≤ c for max, a ≥ b ≥ c for min) and minSample ≥ 0", key);
            }
            changed.add(new Threshold(key, old.vector(), a, b, c, direction, inclusive, minSample));
        }
        changed.forEach(queries::updateThreshold);
        return queries.thresholds();
    }

    private static double number(JsonNode n, String field, double fallback) {
        if (!n.has(field)) return fallback;
        JsonNode v = n.get(field);
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw ApiProblem.badRequest("density.thresholds.number", field + " must be a number, got " + v, field, v.toString());
        }
        return v.doubleValue();
    }

    /**
     * Indicators per grid of a level ("small", "large" or "district") for the days from..to. Grids
     * without records are listed too (every indicator INSUFFICIENT).
     */
    @Transactional(readOnly = true)
    public List<GridDensity> density(String level, LocalDate from, LocalDate to, boolean withGeometry) {
        checkPeriod(from, to);
        Map<String, Threshold> thresholds = thresholdMap();
        Instant a = start(from);
        Instant b = start(to.plusDays(1));
        Map<String, InspectionTally> tallies = queries.talliesByGrid(a, b);
        Map<String, PatrolPaths> paths = queries.pathsByGrid(a, b);
        List<GridDensity> out = new ArrayList<>();
        switch (level == null ? "" : level) {
            case "small" -> {
                for (GridView g : grids.list(GridLevel.SMALL, null, null)) {
                    InspectionTally t = tallies.getOrDefault(g.code(), new InspectionTally());
                    PatrolPaths p = paths.getOrDefault(g.code(), PatrolPaths.NONE);
                    out.add(new GridDensity(g.code(), g.name(), withGeometry ? g.geometry() : null,
                            DensityIndexCalculator.compute(t, p.trackedKm(), thresholds), p));
                }
            }
            case "large" -> {
                Map<String, List<String>> children = new HashMap<>();
                for (GridView g : grids.list(GridLevel.SMALL, null, null)) {
                    if (g.parentCode() != null) children.computeIfAbsent(g.parentCode(), k -> new ArrayList<>()).add(g.code());
                }
                for (GridView g : grids.list(GridLevel.LARGE, null, null)) {
                    InspectionTally t = new InspectionTally();
                    PatrolPaths p = paths.getOrDefault(g.code(), PatrolPaths.NONE);
                    InspectionTally own = tallies.get(g.code());
                    if (own != null) t.add(own);
                    for (String child : children.getOrDefault(g.code(), List.of())) {
                        InspectionTally c = tallies.get(child);
                        if (c != null) t.add(c);
                        p = p.plus(paths.getOrDefault(child, PatrolPaths.NONE));
                    }
                    out.add(new GridDensity(g.code(), g.name(), withGeometry ? g.geometry() : null,
                            DensityIndexCalculator.compute(t, p.trackedKm(), thresholds), p));
                }
            }
            case DISTRICT -> {
                InspectionTally t = new InspectionTally();
                tallies.values().forEach(t::add);
                PatrolPaths p = paths.values().stream().reduce(PatrolPaths.NONE, PatrolPaths::plus);
                Geometry area = null;
                if (withGeometry) {
                    List<Geometry> large = grids.list(GridLevel.LARGE, null, null).stream().map(GridView::geometry).toList();
                    area = large.isEmpty() ? null : org.locationtech.jts.operation.union.UnaryUnionOp.union(large);
                }
                out.add(new GridDensity(DISTRICT, null, area, DensityIndexCalculator.compute(t, p.trackedKm(), thresholds), p));
            }
            default -> throw ApiProblem.badRequest("density.level.invalid", "level must be small, large or district, got "
                    + level, String.valueOf(level));
        }
        return out;
    }

    /** One week of a trend: its Monday and the grid's indicators over the part of it inside the period. */
    public record TrendWeek(LocalDate weekStart, DensityIndexCalculator.Result result) {
    }

    @Transactional(readOnly = true)
    public List<TrendWeek> trend(String grid, LocalDate from, LocalDate to) {
        checkPeriod(from, to);
        List<String> codes = grid == null || grid.isBlank() || grid.equals(DISTRICT) ? null : scopeCodes(grid(grid.trim()));
        Map<String, Threshold> thresholds = thresholdMap();
        List<TrendWeek> weeks = new ArrayList<>();
        for (LocalDate monday = from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)); !monday.isAfter(to);
             monday = monday.plusWeeks(1)) {
            Instant a = start(monday.isBefore(from) ? from : monday);
            LocalDate sunday = monday.plusDays(6);
            Instant b = start((sunday.isAfter(to) ? to : sunday).plusDays(1));
            InspectionTally t = queries.tally(codes, a, b);
            double metres = queries.patrolCountAndMetres(codes, a, b)[1];
            weeks.add(new TrendWeek(monday, DensityIndexCalculator.compute(t, metres / 1000, thresholds)));
        }
        return weeks;
    }

    // ---- work summary ---------------------------------------------------------------------------

    /** The figures of a work summary; {@code scopeCode} null for the whole district. */
    public record WorkSummary(LocalDate from, LocalDate to, String scopeCode, String scopeName, long largeGrids,
                              long smallGrids, Map<String, Long> featuresByType, Map<String, Long> breedingSitesHandled,
                              long baitStationsInstalled, long patrols, double patrolKm, long inspections,
                              long problemsFound, long problemsClosed, Map<String, LevelGrader.Grade> levels,
                              boolean sampleData) {
    }

    @Transactional(readOnly = true)
    public WorkSummary summary(LocalDate from, LocalDate to, String gridCode) {
        checkPeriod(from, to);
        Instant a = start(from);
        Instant b = start(to.plusDays(1));
        List<String> codes = null;
        List<String> smallCodes = null;
        String name = null;
        long large;
        long small;
        if (gridCode == null || gridCode.isBlank()) {
            large = grids.count(GridLevel.LARGE);
            small = grids.count(GridLevel.SMALL);
        } else {
            GridView g = grid(gridCode.trim());
            name = g.name();
            codes = scopeCodes(g);
            smallCodes = g.level() == GridLevel.SMALL ? List.of(g.code()) : codes.subList(1, codes.size());
            large = g.level() == GridLevel.LARGE ? 1 : 0;
            small = smallCodes.size();
        }
        Map<String, Long> byType = new LinkedHashMap<>();
        for (FeatureTypeView t : features.types()) byType.put(t.key(), 0L);
        features.countByType(smallCodes, null, null).forEach(byType::put);
        long baitInstalled = features.countByType(smallCodes, a, b).getOrDefault("rat_bait_station", 0L);
        double[] patrols = queries.patrolCountAndMetres(codes, a, b);
        WorkSummaryCalculator calc = new WorkSummaryCalculator();
        queries.summaryRecords(codes, a, b, calc::accept);
        DensityIndexCalculator.Result levels = DensityIndexCalculator.compute(queries.tally(codes, a, b),
                patrols[1] / 1000, thresholdMap());
        return new WorkSummary(from, to, gridCode == null || gridCode.isBlank() ? null : gridCode.trim(), name, large,
                small, byType, calc.breedingSitesHandled(), baitInstalled, (long) patrols[0],
                DensityIndexCalculator.round(patrols[1] / 1000, 3), calc.inspections(), calc.problemsFound(),
                calc.problemsClosed(), levels.vectors(), queries.sampleActivityPresent());
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

    // ---- generated sample activity ------------------------------------------------------------

    /**
     * Loads generated patrols and inspections into an empty store (the sample district at first
     * start): found sites become features, then patrols and records are inserted in batches.
     *
     * @return the number of patrols and of inspections stored; zeros when the store held some already
     */
    @Transactional
    public long[] loadSampleActivity(long seed, LocalDate lastDay, int weeks) {
        if (queries.count() > 0) return new long[]{0, 0};
        List<SampleActivityGenerator.GridInput> smallGrids = new ArrayList<>();
        for (GridView g : grids.list(GridLevel.SMALL, null, null)) {
            smallGrids.add(new SampleActivityGenerator.GridInput(g.code(), g.geometry(), g.responsiblePerson()));
        }
        List<SampleActivityGenerator.FeatureInput> stored = new ArrayList<>();
        features.forEach(new FeatureFilter(List.of(), null, null, "active"), Integer.MAX_VALUE, 0, f -> stored.add(
                new SampleActivityGenerator.FeatureInput(f.id(), f.type(), f.lon(), f.lat(), f.gridCode(), f.createdAt())));
        SampleActivityGenerator.Result r = new SampleActivityGenerator(seed).generate(smallGrids, stored, lastDay, weeks,
                settings.zone());
        // Found sites go in as one bulk write (one change event) and are found again by their code.
        List<JsonNode> siteRecords = new ArrayList<>(r.sites().size());
        for (SampleActivityGenerator.SiteOut site : r.sites()) {
            tools.jackson.databind.node.ObjectNode f = JSON.createObjectNode();
            f.put("type", "Feature");
            tools.jackson.databind.node.ObjectNode geometry = f.putObject("geometry");
            geometry.put("type", "Point");
            geometry.putArray("coordinates").add(site.lon()).add(site.lat());
            tools.jackson.databind.node.ObjectNode props = f.putObject("properties");
            props.put("type", site.typeKey());
            props.put("code", SAMPLE_SITE_CODE + site.index());
            props.put("createdAt", site.foundAt().toString());
            siteRecords.add(f);
        }
        features.bulkCreate(siteRecords);
        Map<Integer, Long> siteIds = new HashMap<>();
        features.forEach(new FeatureFilter(List.of("rodent_sign", "garbage_point"), null, null, null), Integer.MAX_VALUE, 0,
                f -> {
                    if (f.code() != null && f.code().startsWith(SAMPLE_SITE_CODE)) {
                        siteIds.put(Integer.parseInt(f.code().substring(SAMPLE_SITE_CODE.length())), f.id());
                    }
                });
        Instant now = Instant.now(clock);
        double[] lengths = new double[r.patrols().size()];
        for (int i = 0; i < lengths.length; i++) {
            Geometry t = r.patrols().get(i).track();
            lengths[i] = MetricProjection.near(t.getCentroid().getX(), t.getCentroid().getY()).lengthMeters(t);
        }
        queries.insertPatrols(r.patrols(), lengths, "gps", now);
        Map<String, Long> patrolIds = queries.patrolIdsByClientIdPrefix(SampleActivityGenerator.PATROL_PREFIX);
        List<InspectionQueries.NewInspection> rows = new ArrayList<>(r.inspections().size());
        for (SampleActivityGenerator.InspectionOut i : r.inspections()) {
            JsonNode outcome = JSON.readTree(i.outcomeJson());
            long featureId = i.featureId() != null ? i.featureId() : siteIds.get(i.siteIndex());
            rows.add(new InspectionQueries.NewInspection(i.clientId(), featureId, i.typeKey(), i.gridCode(), i.lon(), i.lat(),
                    patrolIds.get(i.patrolClientId()), i.patrolClientId(), i.inspector(), i.inspectedAt(), i.outcomeJson(),
                    null, OutcomeClassifier.classify(i.typeKey(), outcome)));
        }
        queries.insertInspections(rows, now);
        return new long[]{r.patrols().size(), rows.size()};
    }

    /**
     * Whether generated sample activity is in the store: every report built on it says so (示例数据),
     * so a demo figure is never taken for real work.
     */
    @Transactional(readOnly = true)
    public boolean sampleActivityPresent() {
        return queries.sampleActivityPresent();
    }

    public boolean embeddedStore() {
        return queries.embeddedStore();
    }

    @Transactional(readOnly = true)
    public boolean sampleDistrictLoaded() {
        return queries.sampleDistrictLoaded();
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** The codes whose records belong to a grid: itself, and for a large grid its small grids. */
    private List<String> scopeCodes(GridView g) {
        List<String> codes = new ArrayList<>();
        codes.add(g.code());
        if (g.level() == GridLevel.LARGE) {
            grids.list(GridLevel.SMALL, g.code(), null).forEach(s -> codes.add(s.code()));
        }
        return codes;
    }

    private Map<String, Threshold> thresholdMap() {
        Map<String, Threshold> m = new LinkedHashMap<>();
        for (Threshold t : queries.thresholds()) m.put(t.indicator(), t);
        return m;
    }

    Instant start(LocalDate day) {
        return day.atStartOfDay(settings.zone()).toInstant();
    }

    private static void checkPeriod(LocalDate from, LocalDate to) {
        if (from == null || to == null) {
            throw ApiProblem.badRequest("request.parameter", "invalid or missing parameter from/to", "from/to");
        }
        if (to.isBefore(from)) {
            throw ApiProblem.badRequest("inspection.period.order", "from (" + from + ") is after to (" + to + ")",
                    from.toString(), to.toString());
        }
        if (ChronoUnit.DAYS.between(from, to) > MAX_PERIOD_DAYS) {
            throw ApiProblem.badRequest("inspection.period.tooLong", "a period may span at most " + MAX_PERIOD_DAYS
                    + " days", MAX_PERIOD_DAYS);
        }
    }

    private GridView grid(String code) {
        return grids.find(code).orElseThrow(() -> ApiProblem.notFound("inspection.grid.unknown",
                "no grid with code " + code, code));
    }

    private void knownType(String typeKey) {
        if (features.types().stream().noneMatch(t -> t.key().equals(typeKey))) {
            throw ApiProblem.notFound("featureType.notFound", "no feature type " + typeKey, typeKey);
        }
    }

    private static String clientId(String id) {
        if (id == null || !CLIENT_ID.matcher(id.trim()).matches()) {
            throw ApiProblem.badRequest("inspection.clientId.invalid",
                    "clientId must be 1-64 letters, digits or . _ : - (a UUID made by the client)", String.valueOf(id));
        }
        return id.trim();
    }

    private static String inspector(String name) {
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
