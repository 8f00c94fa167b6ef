package org.gridwatch.inspection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.gridwatch.grid.GridsChanged;
import org.gridwatch.system.KeptBody;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The last density tables written, kept while nothing they rest on changed: the table of 20,000 small grids is some
 * 90 MB of JSON, whose writing takes longer than adding up the year's records. An answer is kept with a stamp of
 * everything it was made from (the inspections the index holds, the patrols, the thresholds, the grids' version,
 * the request's language) and given again only while a fresh stamp equals it. Inspections and patrols are only ever
 * added, so their count and highest id change with every write, also another instance's; thresholds are read for
 * the stamp; grid edits here or elsewhere (through the change feed) raise the grids' version. At most
 * {@link #KEPT} answers are kept (the heap of their bytes). Thread-safe.
 */
@Component
class DensityAnswers {

    static final int KEPT = 2;

    private final InspectionIndexKeeper keeper;
    private final InspectionQueries queries;
    private final JdbcTemplate jdbc;
    private final AtomicLong gridsVersion = new AtomicLong();
    private final Map<String, Kept> kept = new LinkedHashMap<>(4, 0.75f, true);

    private record Kept(String stamp, KeptBody body) {
    }

    DensityAnswers(InspectionIndexKeeper keeper, InspectionQueries queries, JdbcTemplate jdbc) {
        this.keeper = keeper;
        this.queries = queries;
        this.jdbc = jdbc;
    }

    @EventListener
    void onGridsChanged(GridsChanged event) {
        gridsVersion.incrementAndGet();
    }

    /**
     * The answer to {@code request} (level, period, language), made by {@code make} unless the one kept for it
     * rests on the same data; made every time while the inspection index is switched off or building. A kept
     * answer is also kept gzip-compressed once a request accepts it (90 MB of JSON took the server a second or more
     * to compress again for each browser request).
     */
    KeptBody answer(String request, Supplier<byte[]> make) {
        long grids = gridsVersion.get();
        Optional<String> inspections = keeper.read(index -> index.size() + ":" + index.maxId());
        if (inspections.isEmpty()) return new KeptBody(make.get());
        String patrols = jdbc.queryForObject("SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM patrol", String.class);
        String stamp = inspections.get() + "|" + patrols + "|" + queries.thresholds() + "|" + grids;
        synchronized (kept) {
            Kept k = kept.get(request);
            if (k != null && k.stamp().equals(stamp)) return k.body();
        }
        KeptBody body = new KeptBody(make.get());
        synchronized (kept) {
            kept.put(request, new Kept(stamp, body));
            while (kept.size() > KEPT) kept.remove(kept.keySet().iterator().next());
        }
        return body;
    }
}
