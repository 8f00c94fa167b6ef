package org.gridwatch.map;

import java.util.ArrayList;
import java.util.List;

import org.gridwatch.geo.BoundingBox;
import org.gridwatch.system.ApiProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Answers the map's own questions: settings, feature counts at low zoom, search. */
@Service
public class MapService {

    /** The most cluster cells one request may ask for: far more than a screen can show as bubbles. */
    public static final long MAX_CELLS = 20_000;
    /** The most answers the search box returns per kind. */
    public static final int MAX_SEARCH_HITS = 50;

    private final MapQueries queries;

    MapService(MapQueries queries) {
        this.queries = queries;
    }

    /** Feature counts: the number of features and the groups they fall into. */
    public record FeatureCounts(String groupedBy, long total, long outsideGrids, List<CountGroups.CountGroup> groups) {
    }

    /** Counts active features of {@code types} (empty = all) in {@code bbox} per cluster cell {@code cellDeg} wide. */
    @Transactional(readOnly = true)
    public FeatureCounts countByCell(BoundingBox bbox, List<String> types, double cellDeg) {
        if (!(cellDeg > 0) || !Double.isFinite(cellDeg) || cellDeg > 10) {
            throw ApiProblem.badRequest("map.cell.invalid", "cell must be a number of degrees above 0 and at most 10",
                    String.valueOf(cellDeg));
        }
        ClusterLattice lattice = ClusterLattice.squareOnScreen(bbox, cellDeg);
        long cells = lattice.cellsIn(bbox);
        if (cells > MAX_CELLS) {
            throw ApiProblem.badRequest("map.cell.tooMany",
                    "the bbox holds " + cells + " cells of that size; at most " + MAX_CELLS + " may be asked for",
                    cells, MAX_CELLS);
        }
        CountGroups groups = new CountGroups();
        queries.countByCell(bbox, types, lattice, groups);
        return new FeatureCounts("cell", groups.total(), 0, groups.groups());
    }

    /** Counts active features of {@code types} (empty = all) in {@code bbox} per small grid. */
    @Transactional(readOnly = true)
    public FeatureCounts countByGrid(BoundingBox bbox, List<String> types) {
        CountGroups groups = new CountGroups();
        long[] outside = new long[1];
        queries.countByGrid(bbox, types, groups, outside);
        return new FeatureCounts("grid", groups.total() + outside[0], outside[0], groups.groups());
    }

    /** The lon/lat extent of the district's grids, or null while there are none. */
    @Transactional(readOnly = true)
    public BoundingBox extent() {
        return queries.gridExtent();
    }

    /** Grids by code or name, then features by name, each kind at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<SearchHit> search(String query, int limit) {
        String q = query == null ? "" : query.trim();
        if (q.isEmpty() || q.length() > 100) {
            throw ApiProblem.badRequest("map.search.query", "q must hold 1 to 100 characters");
        }
        if (limit < 1 || limit > MAX_SEARCH_HITS) {
            throw ApiProblem.badRequest("map.search.limit", "limit must be 1-" + MAX_SEARCH_HITS, MAX_SEARCH_HITS);
        }
        List<SearchHit> hits = new ArrayList<>(queries.searchGrids(q, limit));
        hits.addAll(queries.searchFeatures(q, limit));
        return hits;
    }
}
