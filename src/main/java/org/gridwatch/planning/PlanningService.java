package org.gridwatch.planning;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.GeometryIssue;
import org.gridwatch.geo.GeometryValidator;
import org.gridwatch.geo.MetricProjection;
import org.gridwatch.grid.GridDraft;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridRules;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.outline.OutlineService;
import org.gridwatch.street.StreetService;
import org.gridwatch.system.ApiProblem;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs the planning tools on stored grids: loads the grids, streets and features, projects them into
 * metres, calls the pure tool, measures every small grid of the large grids concerned (area, street
 * length, feature counts, balance flags against the large grid's median) and answers with the
 * proposal. With {@code apply}, the whole proposal is stored through {@link GridService} (so every
 * grid rule holds) in the caller's one transaction: a refusal of any grid stores nothing. Proposed
 * geometries are stored without snapping: the tools compute borders that are already shared, and
 * snapping one new grid before its neighbours exist could pull it onto a vertex nearby.
 */
@Service
public class PlanningService {

    public static final double DEFAULT_TARGET_AREA_M2 = 10_000;
    public static final double DEFAULT_MIN_AREA_M2 = 2_000;
    public static final double MIN_TARGET_AREA_M2 = 100;
    public static final double MAX_TARGET_AREA_M2 = 1_000_000;
    /** Slivers are thin by definition; a planner who wants to move more ground edits the grids. */
    public static final double MAX_SLIVER_M2 = 1_000;
    /** A street piece within this distance of a grid's border is the border street, walked half by each side. */
    static final double BORDER_STREET_METERS = 1.0;

    private final GridService grids;
    private final StreetService streets;
    private final FeatureService features;
    private final PlanningQueries queries;
    private final OutlineService outline;
    private final Clock clock = Clock.systemUTC();
    private final double snapToleranceMeters;

    PlanningService(GridService grids, StreetService streets, FeatureService features, PlanningQueries queries,
                    OutlineService outline,
                    @Value("${gridwatch.grid.snap-tolerance-meters:0.5}") double snapToleranceMeters) {
        this.grids = grids;
        this.outline = outline;
        this.streets = streets;
        this.features = features;
        this.queries = queries;
        this.snapToleranceMeters = snapToleranceMeters;
    }

    /** What a proposed grid is, compared with the store. */
    public enum Change {
        UNCHANGED("unchanged"), RESHAPED("reshaped"), NEW("new"), RENAMED("renamed");

        private final String key;

        Change(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** A grid as a tool proposes it; geometry in lon/lat; {@code previousCode} is the grid it came from. */
    public record ProposedGrid(String code, String name, GridLevel level, String parentCode, String responsiblePerson,
                               String phone, Geometry geometry, Change change, String previousCode) {
        ProposedGrid withGeometry(Geometry g) {
            return new ProposedGrid(code, name, level, parentCode, responsiblePerson, phone, g, change, previousCode);
        }
    }

    /** A proposed grid and its measures; {@code flags} as {@link WorkloadBalance} names them. */
    public record Measured(ProposedGrid grid, double areaM2, double streetLengthM, Map<String, Integer> featureCounts,
                           int stops, List<String> flags) {
    }

    /**
     * A tool's answer: the grids it proposes (changed ones; every small grid for {@code balance}),
     * the codes it would delete, the slivers or other changes it found, and per large grid the
     * medians the flags compare with.
     */
    public record Proposal(String tool, boolean applied, List<Measured> grids, List<String> removedCodes,
                           List<Map<String, Object>> changes, Map<String, WorkloadBalance.Medians> medians) {
    }

    private record CodeChange(String oldCode, String newCode, String parentCode, String reason) {
    }

    /** The changed small grids of one large grid (or large grids, with {@code parent} null). */
    private record Group(GridView parent, List<ProposedGrid> proposed, Set<String> removed) {
    }

    // ---------------------------------------------------------------- tools

    @Transactional
    public Proposal split(String code, Geometry line, boolean apply) {
        GridView grid = grids.get(code);
        requireSmall(grid);
        if (!(line instanceof LineString)) {
            throw ApiProblem.badRequest("planning.line.invalid",
                    "the body must be a GeoJSON LineString (a geometry or a Feature) drawn across the grid");
        }
        GeometryValidator.check(line, GeometryValidator.LINEAL).ifPresent(issue -> {
            throw GridService.geometryProblem(issue);
        });
        GridView parent = grids.get(grid.parentCode());
        MetricProjection projection = MetricProjection.centredOn(parent.geometry().getEnvelopeInternal());
        List<Polygon> parts = GridSplitter.split(projection.project(grid.geometry()), (LineString) projection.project(line));
        if (parts.size() < 2) {
            throw new ApiProblem(422, "planning.split.noCut",
                    "the line does not cut grid " + code + ": draw it across the grid, from outside to outside", code);
        }
        List<ProposedGrid> proposed = new ArrayList<>();
        proposed.add(new ProposedGrid(code, grid.name(), GridLevel.SMALL, grid.parentCode(), grid.responsiblePerson(),
                grid.phone(), projection.unproject(parts.get(0)), Change.RESHAPED, code));
        Set<String> used = new HashSet<>();
        for (int k = 1; k < parts.size(); k++) {
            String next = freeCode(code, used);
            proposed.add(new ProposedGrid(next, grid.name() + "-" + (k + 1), GridLevel.SMALL, grid.parentCode(),
                    grid.responsiblePerson(), grid.phone(), projection.unproject(parts.get(k)), Change.NEW, code));
        }
        return finish("split", List.of(new Group(parent, proposed, Set.of())), List.of(), List.of(), apply);
    }

    @Transactional
    public Proposal merge(List<String> codes, boolean apply) {
        if (codes == null || codes.size() < 2) {
            throw ApiProblem.badRequest("planning.merge.tooFew", "give two or more grid codes to merge");
        }
        if (new HashSet<>(codes).size() != codes.size()) {
            throw ApiProblem.badRequest("planning.merge.duplicate", "a grid code is given twice");
        }
        List<GridView> views = codes.stream().map(grids::get).toList();
        views.forEach(PlanningService::requireSmall);
        String parentCode = views.get(0).parentCode();
        for (GridView v : views) {
            if (!parentCode.equals(v.parentCode())) {
                throw ApiProblem.badRequest("planning.merge.parents",
                        "grids " + views.get(0).code() + " and " + v.code() + " belong to different large grids",
                        views.get(0).code(), v.code());
            }
        }
        GridView parent = grids.get(parentCode);
        MetricProjection projection = MetricProjection.centredOn(parent.geometry().getEnvelopeInternal());
        Polygon merged = GridMerger.merge(views.stream().map(v -> projection.project(v.geometry())).toList())
                .orElseThrow(() -> new ApiProblem(422, "planning.merge.notAdjacent",
                        "grids " + String.join(", ", codes) + " do not form one connected area: only grids sharing a border can merge",
                        String.join(", ", codes)));
        GridView keep = views.get(0);
        ProposedGrid kept = new ProposedGrid(keep.code(), keep.name(), GridLevel.SMALL, parentCode,
                keep.responsiblePerson(), keep.phone(), projection.unproject(merged), Change.RESHAPED, keep.code());
        Set<String> removed = new java.util.LinkedHashSet<>(codes.subList(1, codes.size()));
        List<CodeChange> history = removed.stream().map(c -> new CodeChange(c, keep.code(), parentCode, "merge")).toList();
        return finish("merge", List.of(new Group(parent, List.of(kept), removed)), List.of(), history, apply);
    }

    @Transactional
    public Proposal divide(String code, String method, Double targetAreaM2, Double minAreaM2, boolean apply) {
        GridView parent = grids.get(code);
        requireLarge(parent);
        boolean byStreets;
        if ("streets".equals(method)) byStreets = true;
        else if ("area".equals(method)) byStreets = false;
        else throw ApiProblem.badRequest("planning.divide.method", "method must be 'streets' or 'area', was " + method,
                    String.valueOf(method));
        double target = targetAreaM2 == null ? DEFAULT_TARGET_AREA_M2 : targetAreaM2;
        double min = minAreaM2 == null ? DEFAULT_MIN_AREA_M2 : minAreaM2;
        if (!(target >= MIN_TARGET_AREA_M2 && target <= MAX_TARGET_AREA_M2)) {
            throw ApiProblem.badRequest("planning.divide.targetArea", "targetAreaM2 must be between "
                    + (int) MIN_TARGET_AREA_M2 + " and " + (int) MAX_TARGET_AREA_M2, String.valueOf(target));
        }
        if (!(min >= 0 && min <= MAX_TARGET_AREA_M2)) {
            throw ApiProblem.badRequest("planning.divide.minArea", "minAreaM2 must be between 0 and "
                    + (int) MAX_TARGET_AREA_M2, String.valueOf(min));
        }
        MetricProjection projection = MetricProjection.centredOn(parent.geometry().getEnvelopeInternal());
        Geometry area = projection.project(parent.geometry());
        List<LineString> streetLines = metricStreets(parent.geometry().getEnvelopeInternal(), projection);
        List<Geometry> cells = byStreets ? StreetBlockDivider.divide(area, streetLines, min)
                : AreaDivider.divide(area, streetLines, target);
        if (cells.size() > UnitGridNumbering.MAX_SEQUENCE) {
            throw new ApiProblem(422, "planning.divide.tooMany", "the division gives " + cells.size()
                    + " grids, more than the " + UnitGridNumbering.MAX_SEQUENCE + " a large grid can number",
                    cells.size(), UnitGridNumbering.MAX_SEQUENCE);
        }
        List<String> codes = numbered(parent, null, cells);
        List<GridView> old = grids.list(GridLevel.SMALL, code, null);
        List<Geometry> oldMetric = old.stream().map(g -> projection.project(g.geometry())).toList();
        List<ProposedGrid> proposed = new ArrayList<>();
        int[] bestCellOfOld = new int[old.size()];
        double[] bestShareOfOld = new double[old.size()];
        java.util.Arrays.fill(bestCellOfOld, -1);
        for (int i = 0; i < cells.size(); i++) {
            Geometry cell = cells.get(i);
            GridView heir = null;
            double heirArea = 0;
            for (int k = 0; k < old.size(); k++) {
                if (!oldMetric.get(k).getEnvelopeInternal().intersects(cell.getEnvelopeInternal())) continue;
                double shared = Planar.intersection(oldMetric.get(k), cell).getArea();
                if (shared > heirArea) {
                    heir = old.get(k);
                    heirArea = shared;
                }
                if (shared > bestShareOfOld[k]) {
                    bestShareOfOld[k] = shared;
                    bestCellOfOld[k] = i;
                }
            }
            // The responsible person of the old grid covering most of a new one keeps that ground.
            String name = parent.name() + "第" + (i + 1) + "网格";
            proposed.add(new ProposedGrid(codes.get(i), name, GridLevel.SMALL, code,
                    heir == null ? null : heir.responsiblePerson(), heir == null ? null : heir.phone(),
                    projection.unproject(cell), Change.NEW, null));
        }
        Set<String> newCodes = new HashSet<>(codes);
        Set<String> removed = new java.util.LinkedHashSet<>();
        List<CodeChange> history = new ArrayList<>();
        for (int k = 0; k < old.size(); k++) {
            removed.add(old.get(k).code());
            if (!newCodes.contains(old.get(k).code())) {
                history.add(new CodeChange(old.get(k).code(), bestCellOfOld[k] < 0 ? null : codes.get(bestCellOfOld[k]),
                        code, "divide"));
            }
        }
        return finish("divide", List.of(new Group(parent, proposed, removed)), List.of(), history, apply);
    }

    @Transactional
    public Proposal clean(Double maxSliverM2, String parentCode, boolean apply) {
        if (maxSliverM2 == null || !(maxSliverM2 > 0 && maxSliverM2 <= MAX_SLIVER_M2)) {
            throw ApiProblem.badRequest("planning.clean.maxSliver",
                    "maxSliverM2 must be more than 0 and at most " + (int) MAX_SLIVER_M2, String.valueOf(maxSliverM2),
                    (int) MAX_SLIVER_M2);
        }
        List<GridView> larges;
        if (parentCode == null || parentCode.isBlank()) {
            larges = grids.list(GridLevel.LARGE, null, null);
        } else {
            GridView parent = grids.get(parentCode);
            requireLarge(parent);
            larges = List.of(parent);
        }
        // The large grids first, against the district outline when there is one (clipped to it, its
        // uncovered slivers given to the neighbour with the longest border), so that each large grid's
        // small grids are then cleaned against the shape it will have.
        List<Map<String, Object>> largeChanges = new ArrayList<>();
        List<ProposedGrid> changedLarge = List.of();
        Map<String, Geometry> largeAfter = new HashMap<>();
        MetricProjection largeProjection = null;
        Geometry district = parentCode == null || parentCode.isBlank() ? outline.districtOutline().orElse(null) : null;
        if ((parentCode == null || parentCode.isBlank()) && (larges.size() > 1 || district != null && !larges.isEmpty())) {
            Envelope window = new Envelope();
            larges.forEach(g -> window.expandToInclude(g.geometry().getEnvelopeInternal()));
            if (district != null) window.expandToInclude(district.getEnvelopeInternal());
            largeProjection = MetricProjection.centredOn(window);
            changedLarge = cleaned(district == null ? null : largeProjection.project(district), larges,
                    largeProjection, maxSliverM2, largeChanges, district != null);
            changedLarge.forEach(p -> largeAfter.put(p.code(), p.geometry()));
        }
        List<Group> groups = new ArrayList<>();
        List<Map<String, Object>> changes = new ArrayList<>();
        for (GridView parent : larges) {
            List<GridView> children = grids.list(GridLevel.SMALL, parent.code(), null);
            Geometry shape = largeAfter.getOrDefault(parent.code(), parent.geometry());
            // A reshaped large grid's small grids are cut in the projection its new border was computed in,
            // so both sides of that border get the same vertices.
            MetricProjection projection = largeAfter.containsKey(parent.code()) ? largeProjection
                    : MetricProjection.centredOn(shape.getEnvelopeInternal());
            groups.add(new Group(parent, cleaned(projection.project(shape), children, projection,
                    maxSliverM2, changes, false), Set.of()));
        }
        changes.addAll(largeChanges);
        if (!changedLarge.isEmpty()) groups.add(new Group(null, changedLarge, Set.of()));
        return finish("clean", groups, changes, List.of(), apply, !changedLarge.isEmpty());
    }

    @Transactional
    public Proposal renumber(String parentCode, String prefix, boolean apply) {
        GridView parent = grids.get(parentCode);
        requireLarge(parent);
        if (prefix != null && !prefix.isBlank() && !UnitGridNumbering.PREFIX.matcher(prefix).matches()) {
            throw ApiProblem.badRequest("planning.renumber.prefix",
                    "prefix must be 12 digits: district (6), street (3), community (3)", prefix);
        }
        List<GridView> children = grids.list(GridLevel.SMALL, parentCode, null);
        if (children.size() > UnitGridNumbering.MAX_SEQUENCE) {
            throw new ApiProblem(422, "planning.divide.tooMany", "large grid has " + children.size()
                    + " small grids, more than the " + UnitGridNumbering.MAX_SEQUENCE + " a large grid can number",
                    children.size(), UnitGridNumbering.MAX_SEQUENCE);
        }
        MetricProjection projection = MetricProjection.centredOn(parent.geometry().getEnvelopeInternal());
        List<String> codes = numbered(parent, prefix == null || prefix.isBlank() ? null : prefix,
                children.stream().map(g -> projection.project(g.geometry())).toList());
        List<ProposedGrid> proposed = new ArrayList<>();
        List<CodeChange> history = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            GridView g = children.get(i);
            if (g.code().equals(codes.get(i))) continue;
            proposed.add(new ProposedGrid(codes.get(i), g.name(), GridLevel.SMALL, parentCode, g.responsiblePerson(),
                    g.phone(), g.geometry(), Change.RENAMED, g.code()));
            history.add(new CodeChange(g.code(), codes.get(i), parentCode, "renumber"));
        }
        return finish("renumber", List.of(new Group(parent, proposed, Set.of())), List.of(), history, apply);
    }

    /**
     * A grid of a proposal as the planner edited it: lon/lat geometry; {@code level} null for the level
     * of the grids replaced; {@code previousCode} as the tool proposed it (a renumbered grid's old code).
     */
    public record EditedGrid(String code, String name, GridLevel level, String parentCode, String responsiblePerson,
                             String phone, String previousCode, Geometry geometry) {
    }

    /** The tools whose proposals can be edited and stored; the code history records which one it was. */
    static final Set<String> EDITABLE_TOOLS = Set.of("split", "merge", "divide", "clean", "renumber");

    /**
     * Stores a proposal the planner edited, in place of the stored grids {@code replaces}, after
     * checking every grid ({@link EditedProposalCheck}: valid polygons that, snapped within the
     * tolerance, tile exactly the ground of the replaced grids; codes unique and free; each small grid
     * inside its large grid). All in one transaction, through the same store step as {@code apply=true}:
     * a refusal, here or by any grid rule while storing, stores nothing.
     *
     * <p>A proposed grid whose code is a replaced grid's is that grid reshaped (updated in place); one
     * that keeps the geometry, name and contacts of its {@code previousCode} under another code is a
     * rename (renumbering); every other one is new. Replaced grids not kept or renamed are deleted, and
     * the code history points each deleted code to the proposed grid that took most of its ground.
     */
    @Transactional
    public Proposal applyEdited(String tool, List<EditedGrid> edited, List<String> replaces) {
        String reason = tool != null && EDITABLE_TOOLS.contains(tool) ? tool : "edit";
        LinkedHashSet<String> replacedCodes = new LinkedHashSet<>(replaces == null ? List.of() : replaces);
        if (replacedCodes.isEmpty()) {
            throw ApiProblem.badRequest("planning.edit.nothingReplaced",
                    "the proposal must name the stored grids it replaces (\"replaces\": a list of grid codes)");
        }
        Map<String, GridView> replaced = new LinkedHashMap<>();
        for (String code : replacedCodes) {
            GridView v = grids.find(code).orElseThrow(() -> new ApiProblem(409, "planning.edit.replacedMissing",
                    "grid " + code + ", which the proposal replaces, does not exist any more; ask for a new proposal",
                    code).with("conflictingGrid", code));
            replaced.put(code, v);
        }
        GridLevel level = replaced.values().iterator().next().level();
        for (GridView v : replaced.values()) {
            if (v.level() != level) {
                throw ApiProblem.badRequest("planning.edit.levels",
                        "the replaced grids mix large and small grids; a proposal replaces grids of one level");
            }
        }
        Set<String> seen = new HashSet<>();
        Map<String, GridView> parents = new LinkedHashMap<>();
        for (int i = 0; i < edited.size(); i++) {
            EditedGrid e = edited.get(i);
            String label = e.code() == null || e.code().isBlank() ? "#" + (i + 1) : e.code();
            if (e.code() == null || e.code().isBlank()) {
                throw ApiProblem.badRequest("planning.edit.code.missing",
                        "proposed grid " + label + " has no code", label).with("proposedGrid", label);
            }
            if (!seen.add(e.code())) {
                throw ApiProblem.badRequest("planning.edit.code.duplicate",
                        "code " + e.code() + " is given to two proposed grids", e.code()).with("proposedGrid", e.code());
            }
            if (!replaced.containsKey(e.code()) && grids.find(e.code()).isPresent()) {
                throw ApiProblem.conflict("planning.edit.code.taken", "proposed grid " + e.code()
                        + " takes the code of a grid the proposal does not replace", e.code())
                        .with("proposedGrid", e.code()).with("conflictingGrid", e.code());
            }
            if (e.name() == null || e.name().isBlank()) {
                throw ApiProblem.badRequest("planning.edit.name.required",
                        "proposed grid " + e.code() + " has no name", e.code()).with("proposedGrid", e.code());
            }
            if (e.level() != null && e.level() != level) {
                throw ApiProblem.badRequest("planning.edit.level", "proposed grid " + e.code() + " is a "
                        + e.level().key() + " grid but replaces " + level.key() + " grids", e.code())
                        .with("proposedGrid", e.code());
            }
            if (level == GridLevel.SMALL) {
                String parentCode = e.parentCode();
                GridView parent = parentCode == null || parentCode.isBlank() ? null
                        : parents.computeIfAbsent(parentCode, c -> grids.find(c).orElse(null));
                if (parentCode == null || parentCode.isBlank()) {
                    throw ApiProblem.badRequest("planning.edit.parent.missing", "proposed grid " + e.code()
                            + " needs parentCode, an existing large grid", e.code()).with("proposedGrid", e.code());
                }
                if (parent == null || parent.level() != GridLevel.LARGE) {
                    throw ApiProblem.badRequest("planning.edit.parent", "proposed grid " + e.code()
                            + " needs parentCode, an existing large grid (was " + parentCode + ")", e.code(),
                            String.valueOf(parentCode)).with("proposedGrid", e.code());
                }
            }
        }

        EditedProposalCheck.Result verdict = EditedProposalCheck.check(
                edited.stream().map(EditedGrid::geometry).toList(),
                replaced.values().stream().map(GridView::geometry).toList(),
                snapToleranceMeters, GridRules.OVERLAP_TOLERANCE_M2);
        verdict.problem().ifPresent(problem -> {
            throw editProblem(problem, edited);
        });
        List<Geometry> geometries = verdict.grids();
        if (level == GridLevel.SMALL) {
            for (int i = 0; i < edited.size(); i++) {
                GridView parent = parents.get(edited.get(i).parentCode());
                int index = i;
                GridRules.outside(geometries.get(i), parent.geometry(), GridRules.CONTAINMENT_TOLERANCE_METERS)
                        .ifPresent(excess -> {
                            double area = Math.round(excess.areaM2() * 10) / 10.0;
                            throw new ApiProblem(422, "planning.edit.outsideParent", "proposed grid "
                                    + edited.get(index).code() + " reaches " + area + " m² outside its large grid "
                                    + parent.code() + " near " + GeometryValidator.format(excess.lon()) + ", "
                                    + GeometryValidator.format(excess.lat()), edited.get(index).code(), parent.code(),
                                    String.valueOf(area), GeometryValidator.format(excess.lon()),
                                    GeometryValidator.format(excess.lat()))
                                    .with("proposedGrid", edited.get(index).code())
                                    .with("location", List.of(excess.lon(), excess.lat()));
                        });
            }
        }

        // Renames: the planner kept a renumbered grid as proposed. A replaced code some other proposed
        // grid keeps in place cannot also be renamed away.
        Map<String, Integer> renameSource = new LinkedHashMap<>();
        Set<String> claimedTwice = new HashSet<>();
        for (int i = 0; i < edited.size(); i++) {
            EditedGrid e = edited.get(i);
            GridView old = e.previousCode() == null ? null : replaced.get(e.previousCode());
            if (old == null || old.code().equals(e.code()) || !sameGrid(e, geometries.get(i), old)) continue;
            if (renameSource.putIfAbsent(old.code(), i) != null) claimedTwice.add(old.code());
        }
        claimedTwice.forEach(renameSource::remove);
        for (boolean changed = true; changed; ) {
            changed = false;
            Set<Integer> renamed = new HashSet<>(renameSource.values());
            for (int i = 0; i < edited.size(); i++) {
                if (!renamed.contains(i) && renameSource.remove(edited.get(i).code()) != null) changed = true;
            }
        }
        Set<Integer> renamedIndexes = new HashSet<>(renameSource.values());

        Map<String, Group> groups = new LinkedHashMap<>();
        Function<String, Group> groupOf = parentCode -> groups.computeIfAbsent(
                parentCode == null ? "" : parentCode, c -> new Group(c.isEmpty() ? null : grids.get(c),
                        new ArrayList<>(), new LinkedHashSet<>()));
        Set<String> kept = new HashSet<>();
        for (int i = 0; i < edited.size(); i++) {
            EditedGrid e = edited.get(i);
            Geometry g = geometries.get(i);
            String parentCode = level == GridLevel.SMALL ? e.parentCode() : null;
            Change change;
            String previous;
            if (renamedIndexes.contains(i)) {
                change = Change.RENAMED;
                previous = e.previousCode();
            } else if (replaced.containsKey(e.code())) {
                kept.add(e.code());
                GridView old = replaced.get(e.code());
                change = sameGrid(e, g, old) && Objects.equals(parentCode, old.parentCode())
                        ? Change.UNCHANGED : Change.RESHAPED;
                previous = e.code();
            } else {
                change = Change.NEW;
                previous = e.previousCode();
            }
            groupOf.apply(parentCode).proposed().add(new ProposedGrid(e.code(), e.name(), level, parentCode,
                    blankToNull(e.responsiblePerson()), blankToNull(e.phone()), g, change, previous));
        }
        List<CodeChange> history = new ArrayList<>();
        renameSource.forEach((oldCode, i) -> history.add(new CodeChange(oldCode, edited.get(i).code(),
                replaced.get(oldCode).parentCode(), reason)));
        for (GridView old : replaced.values()) {
            if (kept.contains(old.code()) || renameSource.containsKey(old.code())) continue;
            groupOf.apply(old.parentCode()).removed().add(old.code());
            history.add(new CodeChange(old.code(), heir(old, edited, geometries), old.parentCode(), reason));
        }
        return finish(reason, new ArrayList<>(groups.values()), List.of(), history, true);
    }

    /** Whether the edited grid is the stored grid {@code old} unchanged but for its code. */
    private static boolean sameGrid(EditedGrid e, Geometry geometry, GridView old) {
        return geometry.equalsExact(old.geometry(), 1e-10) && Objects.equals(e.name(), old.name())
                && Objects.equals(blankToNull(e.responsiblePerson()), blankToNull(old.responsiblePerson()))
                && Objects.equals(blankToNull(e.phone()), blankToNull(old.phone()));
    }

    /** The code of the edited grid covering most of {@code old}'s ground, or null when none does. */
    private static String heir(GridView old, List<EditedGrid> edited, List<Geometry> geometries) {
        MetricProjection projection = MetricProjection.centredOn(old.geometry().getEnvelopeInternal());
        Geometry oldMetric = projection.project(old.geometry());
        String best = null;
        double bestArea = 0;
        for (int i = 0; i < edited.size(); i++) {
            if (!geometries.get(i).getEnvelopeInternal().intersects(old.geometry().getEnvelopeInternal())) continue;
            double shared = Planar.intersection(oldMetric, projection.project(geometries.get(i))).getArea();
            if (shared > bestArea) {
                best = edited.get(i).code();
                bestArea = shared;
            }
        }
        return best;
    }

    /** The refusal of an edited proposal, naming the proposed grid (or grids) concerned. */
    private static ApiProblem editProblem(EditedProposalCheck.Problem problem, List<EditedGrid> edited) {
        if (problem instanceof EditedProposalCheck.Invalid p) {
            GeometryIssue issue = p.issue();
            String code = edited.get(p.grid()).code();
            Object why = new DefaultMessageSourceResolvable(new String[]{issue.kind()},
                    new Object[]{GeometryValidator.format(issue.lon()), GeometryValidator.format(issue.lat()),
                            issue.englishDetail()}, issue.englishDetail());
            ApiProblem out = ApiProblem.badRequest("planning.edit.geometry",
                    "proposed grid " + code + " has an invalid geometry: " + issue.englishDetail(), code, why)
                    .with("proposedGrid", code).with("geometryProblem", issue.kind());
            if (issue.hasLocation()) out.with("location", List.of(issue.lon(), issue.lat()));
            return out;
        }
        if (problem instanceof EditedProposalCheck.Overlap p) {
            String a = edited.get(p.grid()).code(), b = edited.get(p.otherGrid()).code();
            double area = Math.round(p.areaM2() * 10) / 10.0;
            return new ApiProblem(422, "planning.edit.overlap", "proposed grids " + a + " and " + b + " overlap by "
                    + area + " m² near " + GeometryValidator.format(p.lon()) + ", " + GeometryValidator.format(p.lat()),
                    a, b, String.valueOf(area), GeometryValidator.format(p.lon()), GeometryValidator.format(p.lat()))
                    .with("proposedGrid", a).with("otherProposedGrid", b).with("overlapAreaM2", area)
                    .with("location", List.of(p.lon(), p.lat()));
        }
        if (problem instanceof EditedProposalCheck.Beyond p) {
            String code = edited.get(p.grid()).code();
            double area = Math.round(p.areaM2() * 10) / 10.0;
            return new ApiProblem(422, "planning.edit.beyond", "proposed grid " + code + " reaches " + area
                    + " m² beyond the grids the proposal replaces, near " + GeometryValidator.format(p.lon()) + ", "
                    + GeometryValidator.format(p.lat()), code, String.valueOf(area),
                    GeometryValidator.format(p.lon()), GeometryValidator.format(p.lat()))
                    .with("proposedGrid", code).with("outsideAreaM2", area).with("location", List.of(p.lon(), p.lat()));
        }
        EditedProposalCheck.Gap p = (EditedProposalCheck.Gap) problem;
        List<String> around = p.neighbours().stream().map(i -> edited.get(i).code()).toList();
        double area = Math.round(p.areaM2() * 10) / 10.0;
        double total = Math.round(p.totalAreaM2() * 10) / 10.0;
        String next = around.isEmpty() ? "-" : String.join(", ", around);
        return new ApiProblem(422, "planning.edit.gap", "the edited grids leave a gap of " + area
                + " m² near " + GeometryValidator.format(p.lon()) + ", " + GeometryValidator.format(p.lat())
                + ", next to " + next + " (" + total + " m² uncovered in all)",
                String.valueOf(area), GeometryValidator.format(p.lon()), GeometryValidator.format(p.lat()),
                next, String.valueOf(total))
                .with("proposedGrids", around)
                .with("gapAreaM2", area).with("location", List.of(p.lon(), p.lat()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Every small grid of one large grid with its measures and flags; stores nothing. */
    @Transactional(readOnly = true)
    public Proposal balance(String parentCode) {
        GridView parent = grids.get(parentCode);
        requireLarge(parent);
        return finish("balance", List.of(new Group(parent, List.of(), Set.of())), List.of(), List.of(), false);
    }

    /** The retired-code records where {@code code} is the old or the new code. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> codeHistory(String code) {
        return queries.codeHistory(code);
    }

    // ---------------------------------------------------------------- shared steps

    /** {@code district}: the parent is the district outline and the members are the large grids. */
    private List<ProposedGrid> cleaned(Geometry parentMetric, List<GridView> members, MetricProjection projection,
                                       double maxSliverM2, List<Map<String, Object>> changes, boolean district) {
        List<Geometry> metric = members.stream().map(g -> projection.project(g.geometry())).toList();
        SliverCleaner.Result result = SliverCleaner.clean(parentMetric, metric, maxSliverM2);
        for (SliverCleaner.Change c : result.changes()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", changeKey(c.kind(), district));
            row.put("applied", c.applied());
            row.put("grid", c.grid() < 0 ? null : members.get(c.grid()).code());
            row.put("otherGrid", c.otherGrid() < 0 ? null : members.get(c.otherGrid()).code());
            row.put("areaM2", Math.round(c.areaM2() * 100) / 100.0);
            Point at = projection.unproject(c.piece()).getInteriorPoint();
            row.put("location", List.of(at.getX(), at.getY()));
            changes.add(row);
        }
        List<ProposedGrid> proposed = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Geometry after = result.grids().get(i);
            if (after == metric.get(i) || after.isEmpty()) continue;
            GridView g = members.get(i);
            proposed.add(new ProposedGrid(g.code(), g.name(), g.level(), g.parentCode(), g.responsiblePerson(),
                    g.phone(), projection.unproject(after), Change.RESHAPED, g.code()));
        }
        return proposed;
    }

    private static String changeKey(SliverCleaner.Kind kind, boolean district) {
        if (district) {
            switch (kind) {
                case OUTSIDE_REMOVED: return "outsideDistrictRemoved";
                case OUTSIDE_KEPT: return "outsideDistrictKept";
                case GAP_FILLED: return "districtGapFilled";
                case GAP_KEPT: return "districtGapKept";
                default: break;
            }
        }
        return switch (kind) {
            case OUTSIDE_REMOVED -> "outsideRemoved";
            case OVERLAP_REMOVED -> "overlapRemoved";
            case GAP_FILLED -> "gapFilled";
            case OUTSIDE_KEPT -> "outsideKept";
            case OVERLAP_KEPT -> "overlapKept";
            case GAP_KEPT -> "gapKept";
        };
    }

    /**
     * Codes for the small grids of {@code parent} in reading order: 15-digit unit-grid codes when a
     * 12-digit prefix is given or the large grid's own code is one; else the large grid's code and a
     * 3-digit sequence ({@code JNS-01-001}), the sample district's scheme.
     */
    private static List<String> numbered(GridView parent, String prefix, List<Geometry> metricCells) {
        String p = prefix != null ? prefix
                : UnitGridNumbering.PREFIX.matcher(parent.code()).matches() ? parent.code() : null;
        if (p != null) return UnitGridNumbering.codes(p, metricCells);
        int[] order = UnitGridNumbering.order(metricCells);
        String[] codes = new String[metricCells.size()];
        for (int r = 0; r < order.length; r++) codes[order[r]] = parent.code() + "-" + String.format("%03d", r + 1);
        return List.of(codes);
    }

    private String freeCode(String base, Set<String> used) {
        for (int n = 2; ; n++) {
            String candidate = base + "-" + n;
            if (!used.contains(candidate) && grids.find(candidate).isEmpty()) {
                used.add(candidate);
                return candidate;
            }
        }
    }

    private List<LineString> metricStreets(Envelope window, MetricProjection projection) {
        BoundingBox box = new BoundingBox(window.getMinX(), window.getMinY(), window.getMaxX(), window.getMaxY());
        return streets.list(box).stream().map(s -> (LineString) projection.project(s.geometry())).toList();
    }

    private Proposal finish(String tool, List<Group> groups, List<Map<String, Object>> changes,
                            List<CodeChange> history, boolean apply) {
        return finish(tool, groups, changes, history, apply, false);
    }

    /** {@code staged}: store with {@link #storeStaged}, for a clean that reshapes large grids and their small grids. */
    private Proposal finish(String tool, List<Group> groups, List<Map<String, Object>> changes,
                            List<CodeChange> history, boolean apply, boolean staged) {
        List<String> removed = new ArrayList<>();
        groups.forEach(g -> removed.addAll(g.removed()));
        if (apply && staged) storeStaged(groups);
        else if (apply) store(groups, history);
        List<Measured> out = new ArrayList<>();
        Map<String, WorkloadBalance.Medians> medians = new LinkedHashMap<>();
        for (Group g : groups) {
            List<ProposedGrid> proposed = g.proposed();
            if (apply) proposed = proposed.stream().map(p -> p.withGeometry(grids.get(p.code()).geometry())).toList();
            if (g.parent() == null) {
                out.addAll(measure(proposed, proposed.size(), null));
                continue;
            }
            // The median is the large grid's: measure the unchanged siblings too.
            List<ProposedGrid> after = new ArrayList<>(proposed);
            if (!apply) {
                Set<String> replaced = new HashSet<>(g.removed());
                for (ProposedGrid p : proposed) if (p.previousCode() != null && p.change() != Change.NEW) replaced.add(p.previousCode());
                for (GridView s : grids.list(GridLevel.SMALL, g.parent().code(), null)) {
                    if (!replaced.contains(s.code())) after.add(unchanged(s));
                }
            } else {
                Set<String> mine = new HashSet<>();
                proposed.forEach(p -> mine.add(p.code()));
                for (GridView s : grids.list(GridLevel.SMALL, g.parent().code(), null)) {
                    if (!mine.contains(s.code())) after.add(unchanged(s));
                }
            }
            int shown = "balance".equals(tool) ? after.size() : proposed.size();
            List<Measured> measured = measure(after, shown, g.parent());
            out.addAll(measured.subList(0, shown));
            medians.put(g.parent().code(), medianOf(measured));
        }
        return new Proposal(tool, apply, out, removed, changes, medians);
    }

    private static ProposedGrid unchanged(GridView s) {
        return new ProposedGrid(s.code(), s.name(), s.level(), s.parentCode(), s.responsiblePerson(), s.phone(),
                s.geometry(), Change.UNCHANGED, s.code());
    }

    private static WorkloadBalance.Medians medianOf(List<Measured> measured) {
        return WorkloadBalance.medians(measured.stream()
                .map(m -> new WorkloadBalance.Measure(m.areaM2(), m.streetLengthM(), m.stops())).toList());
    }

    /**
     * Stores the proposal: deletions first, then reshaped grids (in an order where no intermediate
     * state overlaps, see {@link #updateOrder}), then new grids, then renames; every write through
     * {@link GridService}, all in the caller's transaction.
     */
    private void store(List<Group> groups, List<CodeChange> history) {
        for (Group g : groups) for (String code : g.removed()) grids.delete(code, false);
        List<ProposedGrid> reshaped = new ArrayList<>();
        List<ProposedGrid> created = new ArrayList<>();
        Map<String, String> renames = new LinkedHashMap<>();
        for (Group g : groups) {
            for (ProposedGrid p : g.proposed()) {
                switch (p.change()) {
                    case RESHAPED -> reshaped.add(p);
                    case NEW -> created.add(p);
                    case RENAMED -> renames.put(p.previousCode(), p.code());
                    case UNCHANGED -> { }
                }
            }
        }
        List<ProposedGrid> recreated = new ArrayList<>();
        List<ProposedGrid> ordered = updateOrder(reshaped, recreated);
        for (ProposedGrid p : recreated) grids.delete(p.code(), false);
        for (ProposedGrid p : ordered) {
            GridView current = grids.get(p.code());
            grids.update(p.code(), new GridDraft(p.code(), p.name(), p.level(), p.parentCode(), p.responsiblePerson(),
                    p.phone(), p.geometry(), current.version()), false);
        }
        created.addAll(recreated);
        for (ProposedGrid p : created) {
            grids.create(new GridDraft(p.code(), p.name(), p.level(), p.parentCode(), p.responsiblePerson(), p.phone(),
                    p.geometry(), null), false);
        }
        if (!renames.isEmpty()) grids.rename(renames);
        Instant now = Instant.now(clock);
        for (CodeChange c : history) queries.recordCodeChange(c.oldCode(), c.newCode(), c.parentCode(), c.reason(), now);
    }

    /**
     * Stores reshaped grids of both levels in four steps, each leaving every grid rule true: small grids
     * lose what they lose, then large grids; large grids gain what they gain, then small grids. A grid that
     * both loses and gains ground gets two versions.
     */
    private void storeStaged(List<Group> groups) {
        List<ProposedGrid> small = new ArrayList<>();
        List<ProposedGrid> large = new ArrayList<>();
        for (Group g : groups) {
            for (ProposedGrid p : g.proposed()) {
                if (p.change() == Change.RESHAPED) (p.level() == GridLevel.LARGE ? large : small).add(p);
            }
        }
        for (List<ProposedGrid> level : List.of(small, large)) {
            for (ProposedGrid p : level) {
                GridView current = grids.get(p.code());
                Geometry kept = StagedReshape.shrunk(current.geometry(), p.geometry());
                if (kept != null && !kept.isEmpty()) storeShape(p, kept, current.version());
            }
        }
        for (List<ProposedGrid> level : List.of(large, small)) {
            for (ProposedGrid p : level) {
                GridView current = grids.get(p.code());
                if (!StagedReshape.same(current.geometry(), p.geometry())) storeShape(p, p.geometry(), current.version());
            }
        }
    }

    private void storeShape(ProposedGrid p, Geometry shape, long version) {
        grids.update(p.code(), new GridDraft(p.code(), p.name(), p.level(), p.parentCode(), p.responsiblePerson(),
                p.phone(), shape, version), false);
    }

    /**
     * The order to update reshaped grids in so that no grid, once updated, overlaps a grid still to be
     * updated: those that shrink first, and a grid only when its new shape is clear of the others'
     * stored shapes. Grids that take ground from each other in a cycle (possible after a planner's
     * edit) cannot be ordered: the one that grows most is deleted before the updates and created
     * again after them (into {@code recreated}), which breaks the cycle.
     */
    private List<ProposedGrid> updateOrder(List<ProposedGrid> reshaped, List<ProposedGrid> recreated) {
        Map<String, Geometry> stored = new LinkedHashMap<>();
        Map<String, Double> growth = new LinkedHashMap<>();
        for (ProposedGrid p : reshaped) {
            GridView current = grids.get(p.code());
            stored.put(p.code(), current.geometry());
            growth.put(p.code(), MetricProjection.areaM2Of(p.geometry()) - current.areaM2());
        }
        List<ProposedGrid> pending = new ArrayList<>(reshaped);
        pending.sort(Comparator.comparingDouble(p -> growth.get(p.code())));
        List<ProposedGrid> ordered = new ArrayList<>();
        while (!pending.isEmpty()) {
            ProposedGrid next = null;
            for (ProposedGrid p : pending) {
                boolean clear = true;
                for (ProposedGrid q : pending) {
                    if (q != p && GridRules.overlap(p.geometry(), stored.get(q.code()),
                            GridRules.OVERLAP_TOLERANCE_M2).isPresent()) {
                        clear = false;
                        break;
                    }
                }
                if (clear) {
                    next = p;
                    break;
                }
            }
            if (next != null) {
                ordered.add(next);
            } else {
                next = pending.get(pending.size() - 1);
                recreated.add(next);
            }
            pending.remove(next);
        }
        return ordered;
    }

    /**
     * Measures {@code grids} against each other: area, street length (border streets half), active
     * features per type. Only the first {@code flagged} are returned with flags computed over all.
     */
    private List<Measured> measure(List<ProposedGrid> all, int flagged, GridView parent) {
        if (all.isEmpty()) return List.of();
        Envelope window = new Envelope();
        all.forEach(p -> window.expandToInclude(p.geometry().getEnvelopeInternal()));
        if (parent != null) window.expandToInclude(parent.geometry().getEnvelopeInternal());
        MetricProjection projection = MetricProjection.centredOn(window);
        List<Geometry> metric = all.stream().map(p -> projection.project(p.geometry())).toList();
        List<LineString> streetLines = metricStreets(window, projection);
        STRtree streetIndex = new STRtree();
        for (LineString s : streetLines) streetIndex.insert(s.getEnvelopeInternal(), s);
        STRtree gridIndex = new STRtree();
        List<IndexedPointInAreaLocator> locators = new ArrayList<>();
        for (int i = 0; i < metric.size(); i++) {
            gridIndex.insert(metric.get(i).getEnvelopeInternal(), i);
            locators.add(new IndexedPointInAreaLocator(metric.get(i)));
        }
        List<String> typeKeys = features.types().stream().map(FeatureTypeView::key).toList();
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Map<String, Integer> c = new LinkedHashMap<>();
            typeKeys.forEach(k -> c.put(k, 0));
            counts.add(c);
        }
        for (PlanningQueries.Point p : queries.activeFeatures(window)) {
            Coordinate c = projection.project(p.lon(), p.lat());
            @SuppressWarnings("unchecked")
            List<Integer> candidates = gridIndex.query(new Envelope(c));
            candidates.sort(null);
            for (int i : candidates) {
                if (locators.get(i).locate(c) != Location.EXTERIOR) {
                    counts.get(i).merge(p.type(), 1, Integer::sum);
                    break;
                }
            }
        }
        List<WorkloadBalance.Measure> measures = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Geometry g = metric.get(i);
            @SuppressWarnings("unchecked")
            List<LineString> near = streetIndex.query(g.getEnvelopeInternal());
            double length = WorkloadBalance.streetLengthMeters(g, near, BORDER_STREET_METERS);
            int stops = counts.get(i).values().stream().mapToInt(Integer::intValue).sum();
            measures.add(new WorkloadBalance.Measure(g.getArea(), length, stops));
        }
        List<WorkloadBalance.Assessment> assessed = WorkloadBalance.assess(measures,
                WorkloadBalance.DEFAULT_HIGH_RATIO, WorkloadBalance.DEFAULT_LOW_RATIO);
        List<Measured> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            WorkloadBalance.Measure m = measures.get(i);
            out.add(new Measured(all.get(i), m.areaM2(), m.streetLengthM(), counts.get(i), m.stops(),
                    parent == null ? List.of() : assessed.get(i).flags()));
        }
        return out;
    }

    private static void requireSmall(GridView g) {
        if (g.level() != GridLevel.SMALL) {
            throw ApiProblem.badRequest("planning.grid.notSmall",
                    "grid " + g.code() + " is a large grid; this tool works on small grids", g.code());
        }
    }

    private static void requireLarge(GridView g) {
        if (g.level() != GridLevel.LARGE) {
            throw ApiProblem.badRequest("planning.grid.notLarge",
                    "grid " + g.code() + " is a small grid; this tool works on large grids", g.code());
        }
    }
}
