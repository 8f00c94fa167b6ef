package org.gridwatch.route;

import java.util.ArrayList;
import java.util.List;

import org.gridwatch.street.StreetService;
import org.gridwatch.street.StreetView;
import org.springframework.stereotype.Component;

/**
 * The whole {@link StreetNetwork}, built from every stored street when first needed and again
 * whenever {@link StreetService#stamp()} says the streets changed (a cheap count query per route
 * request). A visit route on the 100,000-street city then pays for its searches only.
 */
@Component
class StreetNetworkCache {

    private record Cached(String stamp, StreetNetwork network) {
    }

    private final StreetService streets;
    private volatile Cached cached;

    StreetNetworkCache(StreetService streets) {
        this.streets = streets;
    }

    /** The current network; null when no street is stored. */
    StreetNetwork get() {
        String stamp = streets.stamp();
        Cached c = cached;
        if (c != null && c.stamp().equals(stamp)) return c.network();
        synchronized (this) {
            c = cached;
            if (c != null && c.stamp().equals(stamp)) return c.network();
            List<StreetNetwork.Line> lines = new ArrayList<>();
            for (StreetView s : streets.list(null)) lines.add(new StreetNetwork.Line(s.geometry(), StreetAccess.of(s)));
            StreetNetwork network = StreetNetwork.of(lines);
            cached = new Cached(stamp, network);
            return network;
        }
    }
}
