package org.gridwatch.inspection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * The inspection counts of periods and scopes: from the {@link InspectionIndexKeeper}'s index when it can be had,
 * else from SQL ({@link InspectionQueries}), with the same results.
 */
@Service
public class InspectionCountService {

    private final InspectionIndexKeeper keeper;
    private final InspectionQueries queries;

    InspectionCountService(InspectionIndexKeeper keeper, InspectionQueries queries) {
        this.keeper = keeper;
        this.queries = queries;
    }

    /** The tallies per grid code in [from, to), as {@link InspectionQueries#talliesByGrid}. */
    Map<String, InspectionTally> talliesByGrid(Instant from, Instant to) {
        return keeper.read(index -> PeriodCounter.talliesByGrid(index, micros(from), micros(to)))
                .orElseGet(() -> queries.talliesByGrid(from, to));
    }

    /** The tally of a scope (grid codes, null: all) in [from, to), as {@link InspectionQueries#tally}. */
    InspectionTally tally(List<String> gridCodes, Instant from, Instant to) {
        return tallies(gridCodes, List.of(from, to)).get(0);
    }

    /** The tally of a scope in each interval [bounds[i], bounds[i + 1]). */
    List<InspectionTally> tallies(List<String> gridCodes, List<Instant> bounds) {
        long[] micros = bounds.stream().mapToLong(InspectionCountService::micros).toArray();
        return keeper.read(index -> PeriodCounter.tallies(index, micros, gridCodes)).orElseGet(() -> {
            List<InspectionTally> out = new ArrayList<>();
            for (int i = 0; i + 1 < bounds.size(); i++) out.add(queries.tally(gridCodes, bounds.get(i), bounds.get(i + 1)));
            return out;
        });
    }

    /**
     * The counts of each scope (its grid codes; null: every record) over [from, to), in one pass over the period's
     * records; empty when the index cannot be had now (the caller counts from SQL, scope by scope).
     *
     * @param siteKinds the breeding-site kinds whose cleared features are counted, in the order wanted
     */
    public Optional<List<ScopeCounts>> scopeCounts(List<List<String>> scopes, Instant from, Instant to,
                                                   List<String> siteKinds) {
        return keeper.read(index -> PeriodCounter.scopes(index, micros(from), micros(to), scopes, siteKinds));
    }

    /** The scopes (grid codes each; null: every record) of one period [from, to) whose counts are wanted. */
    public record PeriodScopes(List<List<String>> scopes, Instant from, Instant to) {
    }

    /**
     * The counts of several periods' scopes from one look at the index (one catch-up with the table); empty when
     * the index cannot be had now.
     */
    public Optional<List<List<ScopeCounts>>> scopeCounts(List<PeriodScopes> periods, List<String> siteKinds) {
        return keeper.read(index -> {
            List<List<ScopeCounts>> out = new ArrayList<>();
            for (PeriodScopes p : periods) {
                out.add(PeriodCounter.scopes(index, micros(p.from()), micros(p.to()), p.scopes(), siteKinds));
            }
            return out;
        });
    }

    /** Inspections held by the index and its heap in bytes (zeros before it is built). */
    public long[] indexSizeAndBytes() {
        return keeper.sizeAndBytes();
    }

    private static long micros(Instant t) {
        return InspectionIndex.Row.micros(t);
    }
}
