package org.gridwatch.grid;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.EdgeSnapper;
import org.gridwatch.geo.GeometryIssue;
import org.gridwatch.geo.GeometryValidator;
import org.gridwatch.geo.MetricProjection;
import org.gridwatch.history.ChangeAction;
import org.gridwatch.history.ChangeRecorder;
import org.gridwatch.history.Restorer;
import org.gridwatch.history.Snapshot;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.TextLimits;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTWriter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

import static org.gridwatch.geo.GeometryValidator.format;

/**
 * Reads and writes grids, enforcing {@link GridRules}. Every write is one transaction, and records its
 * change history in it (entity {@code grid}, id = the grid's code).
 */
@Service
public class GridService implements Restorer {

    /** The entity name of grids in the change history. */
    public static final String HISTORY_ENTITY = "grid";

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final Grids grids;
    private final ApplicationEventPublisher events;
    private final ChangeRecorder history;
    private final Clock clock;
    private final double snapToleranceMeters;

    private final SmallGridLookup lookup;

    GridService(Grids grids, ApplicationEventPublisher events, ChangeRecorder history, SmallGridLookup lookup,
                @Value("${gridwatch.grid.snap-tolerance-meters:0.5}") double snapToleranceMeters) {
        this.grids = grids;
        this.events = events;
        this.history = history;
        this.lookup = lookup;
        this.clock = Clock.systemUTC();
        this.snapToleranceMeters = snapToleranceMeters;
    }

    @Transactional(readOnly = true)
    public List<GridView> list(GridLevel level, String parentCode, BoundingBox bbox) {
        String levelKey = level == null ? null : level.key();
        List<Grid> found = bbox == null ? grids.findFiltered(levelKey, blankToNull(parentCode))
                : grids.findInBox(bbox.minLon(), bbox.minLat(), bbox.maxLon(), bbox.maxLat(), levelKey,
                blankToNull(parentCode));
        if (bbox != null) {
            Geometry box = bbox.toPolygon();
            found = found.stream().filter(g -> g.geometry().intersects(box)).toList();
        }
        return found.stream().map(Grid::view).toList();
    }

    @Transactional(readOnly = true)
    public GridView get(String code) {
        return load(code).view();
    }

    @Transactional(readOnly = true)
    public Optional<GridView> find(String code) {
        return grids.findByCode(code).map(Grid::view);
    }

    /** The parent (large grid) code of grid {@code code}; empty when there is no such grid or it has no parent. */
    @Transactional(readOnly = true)
    public Optional<String> parentCode(String code) {
        return grids.findParentCode(code);
    }

    /** A point's small grid and that grid's large grid (null when it has none). */
    public record SmallGridAt(String smallGridCode, String largeGridCode) {
    }

    /**
     * {@link #smallGridCodeAt} with the grid's parent: one query on PostGIS (a case report needs both, and
     * each query is a round trip that waits for the database's turn on a loaded machine).
     */
    @Transactional(readOnly = true)
    public Optional<SmallGridAt> smallGridAt(double lon, double lat) {
        SmallGridLocator inMemory = lookup.current();
        if (inMemory != null) {
            String code = inMemory.codeAt(lon, lat);
            return code == null ? Optional.empty() : Optional.of(new SmallGridAt(code, parentCode(code).orElse(null)));
        }
        return grids.findSmallGridAt(lon, lat).stream().findFirst()
                .map(row -> new SmallGridAt((String) row[0], (String) row[1]));
    }

    /** The code of the small grid containing (or touching) a point; the smallest code on a shared edge. */
    @Transactional(readOnly = true)
    public Optional<String> smallGridCodeAt(double lon, double lat) {
        SmallGridLocator inMemory = lookup.current();
        if (inMemory != null) return Optional.ofNullable(inMemory.codeAt(lon, lat));
        return grids.findSmallGridCodesAt(lon, lat).stream().findFirst();
    }

    /** Small grids whose bounding box meets {@code area}, for bulk point-in-grid lookups. */
    @Transactional(readOnly = true)
    public List<GridView> smallGridsIn(Envelope area) {
        return grids.findInBox(area.getMinX(), area.getMinY(), area.getMaxX(), area.getMaxY(),
                GridLevel.SMALL.key(), null).stream().map(Grid::view).toList();
    }

    /** The grids of a level by code, as {@link #list} orders them, without reading their shapes. */
    @Transactional(readOnly = true)
    public List<GridName> names(GridLevel level) {
        return grids.findNames(level.key());
    }

    @Transactional(readOnly = true)
    public long count(GridLevel level) {
        return grids.countByLevel(level.key());
    }

    @Transactional
    public GridView create(GridDraft draft) {
        return create(draft, true);
    }

    /**
     * Creates a grid; with {@code snap} false its geometry is stored as given (for geometries computed
     * to share their neighbours' borders already, where snapping to a vertex nearby would only move them).
     */
    @Transactional
    public GridView create(GridDraft draft, boolean snap) {
        checkFields(draft);
        if (snap) draft = snapped(draft, null);
        if (grids.existsByCode(draft.code())) {
            throw ApiProblem.conflict("grid.code.taken", "a grid with code " + draft.code() + " already exists",
                    draft.code()).with("conflictingGrid", draft.code());
        }
        checkSpatialRules(draft, null);
        Grid grid = new Grid(draft.code(), draft.level());
        grid.apply(draft, MetricProjection.areaM2Of(draft.geometry()), Instant.now(clock));
        grids.saveAndFlush(grid);
        history.record(HISTORY_ENTITY, grid.code(), ChangeAction.CREATE, null, grid.snapshot());
        announce(draft.level(), draft.geometry().getEnvelopeInternal());
        return grid.view();
    }

    @Transactional
    public GridView update(String code, GridDraft draft) {
        return update(code, draft, true);
    }

    /** Updates a grid; {@code snap} as for {@link #create(GridDraft, boolean)}. */
    @Transactional
    public GridView update(String code, GridDraft draft, boolean snap) {
        Grid grid = load(code);
        if (draft.expectedVersion() == null) {
            throw ApiProblem.badRequest("version.required",
                    "the request must carry the version it edits (properties.version)");
        }
        if (draft.expectedVersion() != grid.version()) {
            throw ApiProblem.conflict("version.stale",
                    "grid " + code + " was changed by someone else (version " + grid.version()
                            + ", yours " + draft.expectedVersion() + "); reload it and try again",
                    code, grid.version(), draft.expectedVersion())
                    .with("currentVersion", grid.version());
        }
        if (draft.level() != grid.level()) {
            throw ApiProblem.badRequest("grid.level.change", "the level of a grid cannot change");
        }
        GridDraft effective = new GridDraft(code, draft.name(), draft.level(), draft.parentCode(),
                draft.responsiblePerson(), draft.phone(), draft.geometry(), draft.expectedVersion());
        checkFields(effective);
        if (snap) effective = snapped(effective, grid);
        checkSpatialRules(effective, grid);
        Envelope touched = new Envelope(grid.geometry().getEnvelopeInternal());
        touched.expandToInclude(effective.geometry().getEnvelopeInternal());
        Snapshot before = grid.snapshot();
        grid.apply(effective, MetricProjection.areaM2Of(effective.geometry()), Instant.now(clock));
        grids.saveAndFlush(grid);
        history.record(HISTORY_ENTITY, code, ChangeAction.UPDATE, before, grid.snapshot());
        announce(grid.level(), touched);
        return grid.view();
    }

    @Transactional
    public void delete(String code, boolean cascade) {
        Grid grid = load(code);
        if (grid.level() == GridLevel.LARGE) {
            List<Grid> children = grids.findChildren(code);
            if (!children.isEmpty() && !cascade) {
                throw ApiProblem.conflict("grid.delete.hasChildren",
                        "large grid " + code + " still has " + children.size()
                                + " small grids; delete them first or ask for cascade=true",
                        code, children.size()).with("smallGridCount", children.size());
            }
            // Each child gets its own entry, so each can be restored (after its large grid).
            for (Grid child : children) {
                history.record(HISTORY_ENTITY, child.code(), ChangeAction.DELETE, child.snapshot(), null);
            }
            grids.deleteAll(children);
        }
        history.record(HISTORY_ENTITY, code, ChangeAction.DELETE, grid.snapshot(), null);
        grids.delete(grid);
        grids.flush();
        announce(GridLevel.SMALL, grid.geometry().getEnvelopeInternal());
    }

    @Override
    public String entity() {
        return HISTORY_ENTITY;
    }

    /**
     * Puts grid {@code code} back to a state from its history under the grid rules: re-created under its old
     * database id and code when it was deleted (a small grid needs its large grid back first), overwritten
     * otherwise. A grid that took the code since is another object and makes this a 409.
     */
    @Override
    @Transactional
    public void restore(String code, JsonNode p, Geometry geometry) {
        long id = p.path("id").asLong();
        GridLevel level = GridLevel.parse(p.path("level").asString(""));
        GridDraft draft = new GridDraft(code, text(p, "name"), level, text(p, "parentCode"),
                text(p, "responsiblePerson"), text(p, "phone"), geometry, null);
        Optional<Grid> current = grids.findByCode(code);
        if (current.isPresent() && !current.get().id().equals(id)
                || current.isEmpty() && grids.existsById(id)) {
            throw ApiProblem.conflict("history.restore.keyTaken",
                    "another grid now holds code " + code + "; delete or rename it before restoring this one", code)
                    .with("conflictingGrid", code);
        }
        checkFields(draft);
        if (current.isPresent() && current.get().level() != level) {
            throw ApiProblem.badRequest("grid.level.change", "the level of a grid cannot change");
        }
        checkSpatialRules(draft, current.orElse(null));
        double areaM2 = MetricProjection.areaM2Of(geometry);
        Instant now = Instant.now(clock);
        Envelope touched = new Envelope(geometry.getEnvelopeInternal());
        Snapshot before = null;
        Grid grid;
        if (current.isPresent()) {
            grid = current.get();
            before = grid.snapshot();
            touched.expandToInclude(grid.geometry().getEnvelopeInternal());
            grid.apply(draft, areaM2, now);
            grids.saveAndFlush(grid);
        } else {
            Instant createdAt = p.hasNonNull("createdAt") ? Instant.parse(p.get("createdAt").asString()) : now;
            // One past the version it had, so an edit still holding that version is refused as stale.
            grids.insertWithId(id, code, draft.name(), level.key(), draft.parentCode(), draft.responsiblePerson(),
                    draft.phone(), new WKTWriter().write(geometry), areaM2, createdAt.atOffset(ZoneOffset.UTC),
                    now.atOffset(ZoneOffset.UTC), p.path("version").asLong() + 1);
            grid = load(code);
        }
        history.record(HISTORY_ENTITY, code, ChangeAction.RESTORE, before, grid.snapshot());
        announce(level, touched);
    }

    private static String text(JsonNode p, String name) {
        JsonNode v = p.get(name);
        return v == null || v.isNull() ? null : v.asString();
    }

    /**
     * Renames grids in one go ({@code oldCode -> newCode}); codes may trade places. A large grid's
     * small grids follow its new code. Refuses a new code that is malformed or held by a grid not renamed.
     */
    @Transactional
    public List<GridView> rename(Map<String, String> newCodeByOld) {
        List<Grid> renamed = new ArrayList<>();
        List<String> oldCodes = new ArrayList<>();
        Envelope touched = new Envelope();
        for (Map.Entry<String, String> e : newCodeByOld.entrySet()) {
            String next = e.getValue();
            if (next == null || !CODE.matcher(next).matches()) {
                throw ApiProblem.badRequest("grid.code.invalid",
                        "code is required: 1-64 letters, digits, '-', '_' or '.'", String.valueOf(next));
            }
            if (!newCodeByOld.containsKey(next) && grids.existsByCode(next)) {
                throw ApiProblem.conflict("grid.code.taken", "a grid with code " + next + " already exists", next)
                        .with("conflictingGrid", next);
            }
            Grid grid = load(e.getKey());
            renamed.add(grid);
            oldCodes.add(e.getKey());
            touched.expandToInclude(grid.geometry().getEnvelopeInternal());
        }
        // Two steps, so that codes trading places never meet the unique constraint.
        for (Grid g : renamed) g.rename("~" + g.id());
        grids.flush();
        for (int i = 0; i < renamed.size(); i++) {
            Grid g = renamed.get(i);
            String old = oldCodes.get(i);
            g.rename(newCodeByOld.get(old));
            if (g.level() == GridLevel.LARGE) {
                for (Grid child : grids.findChildren(old)) child.reparent(newCodeByOld.get(old));
            }
        }
        grids.flush();
        if (!renamed.isEmpty()) {
            events.publishEvent(new GridsRenamed(Map.copyOf(newCodeByOld)));
            announce(GridLevel.SMALL, touched);
        }
        return renamed.stream().map(Grid::view).toList();
    }

    /**
     * The draft with its vertices snapped onto neighbouring grids of its level (and, for a small grid,
     * onto its large grid's outline) within the snapping tolerance, so shared borders become identical.
     */
    private GridDraft snapped(GridDraft d, Grid self) {
        if (snapToleranceMeters <= 0) return d;
        Envelope env = new Envelope(d.geometry().getEnvelopeInternal());
        // Degrees of latitude are the shortest: this margin reaches at least the tolerance in any direction.
        double margin = snapToleranceMeters / 110_000.0 / Math.max(0.2, Math.cos(Math.toRadians(Math.abs(env.centre().y))));
        env.expandBy(margin);
        List<Geometry> neighbours = new ArrayList<>();
        for (Grid other : grids.findInBox(env.getMinX(), env.getMinY(), env.getMaxX(), env.getMaxY(),
                d.level().key(), null)) {
            if (self != null && other.id().equals(self.id())) continue;
            neighbours.add(other.geometry());
        }
        if (d.level() == GridLevel.SMALL) {
            grids.findByCode(d.parentCode()).ifPresent(parent -> neighbours.add(parent.geometry()));
        }
        Geometry snapped = EdgeSnapper.snapLonLat(d.geometry(), neighbours, snapToleranceMeters);
        if (snapped == d.geometry()) return d;
        return new GridDraft(d.code(), d.name(), d.level(), d.parentCode(), d.responsiblePerson(), d.phone(),
                snapped, d.expectedVersion());
    }

    private void announce(GridLevel level, Envelope area) {
        if (level == GridLevel.SMALL || level == GridLevel.LARGE) {
            events.publishEvent(new GridsChanged(area));
        }
    }

    private Grid load(String code) {
        return grids.findByCode(code).orElseThrow(() -> ApiProblem.notFound("grid.notFound",
                "no grid with code " + code, code));
    }

    private void checkFields(GridDraft d) {
        // An empty field is asked for, not quoted back as "null".
        if (d.code() == null || d.code().isBlank()) {
            throw ApiProblem.badRequest("grid.code.required", "code is required");
        }
        if (!CODE.matcher(d.code()).matches()) {
            throw ApiProblem.badRequest("grid.code.invalid",
                    "code is required: 1-64 letters, digits, '-', '_' or '.'", String.valueOf(d.code()));
        }
        if (d.name() == null || d.name().isBlank()) {
            throw ApiProblem.badRequest("grid.name.required", "name is required");
        }
        // The columns' sizes (V2__schema.sql).
        TextLimits.atMost("name", d.name(), 200);
        TextLimits.atMost("parentCode", d.parentCode(), 64);
        TextLimits.atMost("responsiblePerson", d.responsiblePerson(), 100);
        TextLimits.atMost("phone", d.phone(), 32);
        if (d.level() == null) {
            throw ApiProblem.badRequest("grid.level.invalid", "level must be 'large' or 'small'");
        }
        Optional<GeometryIssue> issue = GeometryValidator.check(d.geometry(), GeometryValidator.AREAL);
        if (issue.isPresent()) {
            throw geometryProblem(issue.get());
        }
        if (d.level() == GridLevel.SMALL) {
            if (d.parentCode() == null || d.parentCode().isBlank()) {
                throw ApiProblem.badRequest("grid.parent.required",
                        "a small grid needs parentCode, the large grid it belongs to");
            }
            Grid parent = grids.findByCode(d.parentCode()).orElseThrow(() -> ApiProblem.badRequest(
                    "grid.parent.notFound", "parent grid " + d.parentCode() + " does not exist", d.parentCode()));
            if (parent.level() != GridLevel.LARGE) {
                throw ApiProblem.badRequest("grid.parent.notLarge",
                        "parent grid " + d.parentCode() + " is not a large grid", d.parentCode());
            }
        } else if (d.parentCode() != null && !d.parentCode().isBlank()) {
            throw ApiProblem.badRequest("grid.parent.forbidden", "a large grid has no parentCode");
        }
    }

    /** Makes the 400 for a geometry the validator refused, naming the place. */
    public static ApiProblem geometryProblem(GeometryIssue issue) {
        ApiProblem problem = ApiProblem.badRequest(issue.kind(), issue.englishDetail(),
                format(issue.lon()), format(issue.lat()), issue.englishDetail());
        if (issue.hasLocation()) {
            problem.with("location", List.of(issue.lon(), issue.lat()));
        }
        return problem;
    }

    private void checkSpatialRules(GridDraft d, Grid self) {
        Geometry geometry = d.geometry();
        Envelope env = geometry.getEnvelopeInternal();
        for (Grid other : grids.findInBox(env.getMinX(), env.getMinY(), env.getMaxX(), env.getMaxY(),
                d.level().key(), null)) {
            if (self != null && other.id().equals(self.id())) continue;
            Optional<GridRules.Overlap> overlap = GridRules.overlap(geometry, other.geometry(),
                    GridRules.OVERLAP_TOLERANCE_M2);
            if (overlap.isPresent()) {
                GridRules.Overlap o = overlap.get();
                double area = Math.round(o.areaM2() * 10) / 10.0;
                throw ApiProblem.conflict("grid.overlap",
                        "grid " + d.code() + " overlaps grid " + other.code() + " by " + area + " m² near "
                                + format(o.lon()) + ", " + format(o.lat()),
                        d.code(), other.code(), String.valueOf(area), format(o.lon()), format(o.lat()))
                        .with("conflictingGrid", other.code())
                        .with("overlapAreaM2", area)
                        .with("location", List.of(o.lon(), o.lat()));
            }
        }
        if (d.level() == GridLevel.SMALL) {
            Grid parent = grids.findByCode(d.parentCode()).orElseThrow();
            GridRules.outside(geometry, parent.geometry(), GridRules.CONTAINMENT_TOLERANCE_METERS)
                    .ifPresent(excess -> {
                        throw outsideProblem(d.code(), parent.code(), excess);
                    });
        } else if (self != null) {
            for (Grid child : grids.findChildren(self.code())) {
                GridRules.outside(child.geometry(), geometry, GridRules.CONTAINMENT_TOLERANCE_METERS)
                        .ifPresent(excess -> {
                            throw outsideProblem(child.code(), self.code(), excess);
                        });
            }
        }
    }

    private static ApiProblem outsideProblem(String smallCode, String largeCode, GridRules.Excess excess) {
        double area = Math.round(excess.areaM2() * 10) / 10.0;
        return new ApiProblem(422, "grid.outsideParent",
                "small grid " + smallCode + " reaches " + area + " m² outside its large grid " + largeCode
                        + " near " + format(excess.lon()) + ", " + format(excess.lat()),
                smallCode, largeCode, String.valueOf(area), format(excess.lon()), format(excess.lat()))
                .with("conflictingGrid", largeCode)
                .with("outsideAreaM2", area)
                .with("location", List.of(excess.lon(), excess.lat()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

}
