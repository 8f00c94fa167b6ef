package org.gridwatch.inspection;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.gridwatch.account.GridAccess;
import org.gridwatch.feature.FeatureFilter;
import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureView;
import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.GeometryIssue;
import org.gridwatch.geo.GeometryValidator;
import org.gridwatch.geo.MetricProjection;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.street.StreetService;
import org.gridwatch.street.StreetView;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Patrols (a grid worker's walk with its GPS track) and the patrol log of a small grid's day. A patrol
 * without a track counts as a patrol and adds no path length.
 */
@Service
public class PatrolService {

    private static final Set<String> TRACK_TYPES = Set.of("LineString", "MultiLineString");

    private final InspectionQueries queries;
    private final PatrolCountService counts;
    private final InspectionScopes scopes;
    private final FeatureService features;
    private final StreetService streets;
    private final InspectionSettings settings;
    private final GridAccess access;
    private final Clock clock = Clock.systemUTC();

    PatrolService(InspectionQueries queries, PatrolCountService counts, InspectionScopes scopes, FeatureService features,
                  StreetService streets, InspectionSettings settings, GridAccess access) {
        this.queries = queries;
        this.counts = counts;
        this.scopes = scopes;
        this.features = features;
        this.streets = streets;
        this.settings = settings;
        this.access = access;
    }

    /** Patrols and tracked metres of a scope (null: the district) in [from, to). */
    public record PatrolTotals(long patrols, double trackedMetres) {
        public double trackedKm() {
            return trackedMetres / 1000;
        }
    }

    @Transactional(readOnly = true)
    public PatrolTotals totals(List<String> gridCodes, Instant from, Instant to) {
        double[] r = counts.countAndMetres(gridCodes, from, to);
        return new PatrolTotals((long) r[0], r[1]);
    }

    /** Patrols and tracked metres per grid code in [from, to): one look at the patrol index for many scopes. */
    @Transactional(readOnly = true)
    public Map<String, PatrolTotals> totalsByGrid(Instant from, Instant to) {
        return counts.totalsByGrid(from, to);
    }

    /** Patrols held by the patrol index and its heap in bytes (zeros before it is built). */
    public long[] indexSizeAndBytes() {
        return counts.indexSizeAndBytes();
    }

    /** The totals of a scope's grid codes (null: every grid) out of {@link #totalsByGrid}. */
    public static PatrolTotals sum(Map<String, PatrolTotals> byGrid, List<String> gridCodes) {
        long patrols = 0;
        double metres = 0;
        for (String code : gridCodes == null ? byGrid.keySet() : gridCodes) {
            PatrolTotals t = byGrid.get(code);
            if (t == null) continue;
            patrols += t.patrols();
            metres += t.trackedMetres();
        }
        return new PatrolTotals(patrols, metres);
    }

    /** A stored patrol and whether this call stored it (false: the clientId was known already). */
    public record PatrolResult(Patrol patrol, boolean created) {
    }

    @Transactional
    public PatrolResult recordPatrol(PatrolDraft d) {
        String clientId = InspectionService.clientId(d.clientId());
        Optional<Patrol> known = queries.patrolByClientId(clientId);
        if (known.isPresent()) return new PatrolResult(known.get(), false);
        String inspector = InspectionService.inspector(d.inspector());
        if (d.gridCode() == null || d.gridCode().isBlank()) {
            throw ApiProblem.badRequest("inspection.grid.required", "gridCode is required");
        }
        GridView grid = scopes.grid(d.gridCode().trim());
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
        access.checkWritable(grid.code());
        double lengthM = track == null ? 0 : MetricProjection.centredOn(track).lengthMeters(track);
        long id = queries.insertPatrol(clientId, inspector, grid.code(), d.startedAt(), d.endedAt(), track, lengthM,
                source, Instant.now(clock));
        return new PatrolResult(queries.patrol(id).orElseThrow(), true);
    }

    @Transactional(readOnly = true)
    public List<Patrol> patrols(String gridCode, LocalDate from, LocalDate to, String inspector) {
        List<String> codes = gridCode == null || gridCode.isBlank() ? null : scopes.codes(scopes.grid(gridCode.trim()));
        return queries.patrols(codes, from == null ? null : scopes.start(from), to == null ? null : scopes.start(to.plusDays(1)),
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
        GridView grid = scopes.grid(gridCode.trim());
        Instant from = scopes.start(date);
        Instant to = scopes.start(date.plusDays(1));
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
}
