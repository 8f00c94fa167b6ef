package org.gridwatch.planning;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.geo.BoundingBox;
import org.gridwatch.geo.GeometryValidator;
import org.gridwatch.geo.MetricProjection;
import org.gridwatch.grid.GridDraft;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
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
    private final Clock clock = Clock.systemUTC();

    PlanningService(GridService grids, StreetService streets, FeatureService features, PlanningQueries queries) {
        this.grids = grids;
        this.streets = streets;
        this.features = features;
        this.queries = queries;
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
        List<Group> groups = new ArrayList<>();
        List<Map<String, Object>> changes = new ArrayList<>();
        for (GridView parent : larges) {
            List<GridView> children = grids.list(GridLevel.SMALL, parent.code(), null);
            MetricProjection projection = MetricProjection.centredOn(parent.geometry().getEnvelopeInternal());
            groups.add(new Group(parent, cleaned(projection.project(parent.geometry()), children, projection,
                    maxSliverM2, changes), Set.of()));
        }
        if ((parentCode == null || parentCode.isBlank()) && larges.size() > 1) {
            Envelope district = new Envelope();
            larges.forEach(g -> district.expandToInclude(g.geometry().getEnvelopeInternal()));
            List<ProposedGrid> changedLarge = cleaned(null, larges, MetricProjection.centredOn(district), maxSliverM2,
                    changes);
            if (!changedLarge.isEmpty()) groups.add(new Group(null, changedLarge, Set.of()));
        }
        return finish("clean", groups, changes, List.of(), apply);
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

    private List<ProposedGrid> cleaned(Geometry parentMetric, List<GridView> members, MetricProjection projection,
                                       double maxSliverM2, List<Map<String, Object>> changes) {
        List<Geometry> metric = members.stream().map(g -> projection.project(g.geometry())).toList();
        SliverCleaner.Result result = SliverCleaner.clean(parentMetric, metric, maxSliverM2);
        for (SliverCleaner.Change c : result.changes()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", changeKey(c.kind()));
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

    private static String changeKey(SliverCleaner.Kind kind) {
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
        List<String> removed = new ArrayList<>();
        groups.forEach(g -> removed.addAll(g.removed()));
        if (apply) store(groups, history);
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
     * Stores the proposal: deletions first, then reshaped grids (those that shrink before those that
     * grow, so no intermediate state overlaps), then new grids, then renames; every write through
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
        Map<String, Double> growth = new LinkedHashMap<>();
        for (ProposedGrid p : reshaped) {
            growth.put(p.code(), MetricProjection.areaM2Of(p.geometry()) - grids.get(p.code()).areaM2());
        }
        reshaped.sort(Comparator.comparingDouble(p -> growth.get(p.code())));
        for (ProposedGrid p : reshaped) {
            GridView current = grids.get(p.code());
            grids.update(p.code(), new GridDraft(p.code(), p.name(), p.level(), p.parentCode(), p.responsiblePerson(),
                    p.phone(), p.geometry(), current.version()), false);
        }
        for (ProposedGrid p : created) {
            grids.create(new GridDraft(p.code(), p.name(), p.level(), p.parentCode(), p.responsiblePerson(), p.phone(),
                    p.geometry(), null), false);
        }
        if (!renames.isEmpty()) grids.rename(renames);
        Instant now = Instant.now(clock);
        for (CodeChange c : history) queries.recordCodeChange(c.oldCode(), c.newCode(), c.parentCode(), c.reason(), now);
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
