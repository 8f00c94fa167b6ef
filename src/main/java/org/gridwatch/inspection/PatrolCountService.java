package org.gridwatch.inspection;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

/**
 * The patrol figures of periods and scopes: from the {@link PatrolIndexKeeper}'s index when it can be had, else
 * from SQL ({@link InspectionQueries}), with the same results (metres up to the order of a floating-point sum).
 */
@Service
class PatrolCountService {

    private final PatrolIndexKeeper keeper;
    private final InspectionQueries queries;

    PatrolCountService(PatrolIndexKeeper keeper, InspectionQueries queries) {
        this.keeper = keeper;
        this.queries = queries;
    }

    /** Per grid code in [from, to): patrols and tracked metres, as {@link InspectionQueries#patrolCountAndMetresByGrid}. */
    Map<String, PatrolService.PatrolTotals> totalsByGrid(Instant from, Instant to) {
        Map<String, PatrolService.PatrolTotals> out = new HashMap<>();
        keeper.read(index -> PatrolCounter.byGrid(index, micros(from), micros(to))).ifPresentOrElse(
                sums -> sums.forEach((code, s) -> out.put(code, new PatrolService.PatrolTotals(s.patrols(), s.trackedMetres()))),
                () -> queries.patrolCountAndMetresByGrid(from, to).forEach((code, r) ->
                        out.put(code, new PatrolService.PatrolTotals((long) r[0], r[1]))));
        return out;
    }

    /** Per grid code in [from, to): tracked metres and trackless patrols, as {@link InspectionQueries#pathsByGrid}. */
    Map<String, PatrolPaths> pathsByGrid(Instant from, Instant to) {
        return keeper.read(index -> {
            Map<String, PatrolPaths> out = new HashMap<>();
            PatrolCounter.byGrid(index, micros(from), micros(to)).forEach((code, s) -> out.put(code, s.paths()));
            return out;
        }).orElseGet(() -> queries.pathsByGrid(from, to));
    }

    /** Patrols, tracked metres and trackless patrols of a scope, as {@link InspectionQueries#patrolCountAndMetres}. */
    double[] countAndMetres(List<String> gridCodes, Instant from, Instant to) {
        return keeper.read(index -> {
            PatrolCounter.Sums s = PatrolCounter.scope(index, micros(from), micros(to), gridCodes);
            return new double[]{s.patrols(), s.trackedMetres(), s.trackless()};
        }).orElseGet(() -> queries.patrolCountAndMetres(gridCodes, from, to));
    }

    /** Tracked metres of a scope in each interval of {@code bounds}, as {@link InspectionQueries#trackedMetres}. */
    double[] trackedMetres(List<String> gridCodes, List<Instant> bounds) {
        long[] micros = bounds.stream().mapToLong(PatrolCountService::micros).toArray();
        return keeper.read(index -> PatrolCounter.trackedMetres(index, micros, gridCodes))
                .orElseGet(() -> queries.trackedMetres(gridCodes, bounds));
    }

    /** Patrols held by the index and its heap in bytes (zeros before it is built). */
    long[] indexSizeAndBytes() {
        return keeper.sizeAndBytes();
    }

    private static long micros(Instant t) {
        return InspectionIndex.Row.micros(t);
    }
}
