package org.gridwatch.heatmap;

import java.util.List;

/**
 * Points for a heatmap from somewhere other than the feature store, chosen with {@code source=<name>}
 * (inspections supply {@code inspections}: the places of positive findings, timed by inspection).
 * Implemented by the feature that owns the points, so this package need not know it.
 */
public interface HeatmapPointSource {

    /** The value of the {@code source} parameter that selects this source. */
    String name();

    /** Changes whenever the points change (cached layers are keyed by it). */
    String stamp();

    /**
     * What {@code types} names for this source: {@code null} (the default) for feature types; a
     * source whose points are of other kinds (cases: case classes) lists the keys it knows, and a
     * request naming another key is refused.
     */
    default List<String> knownTypes() {
        return null;
    }

    /** Every point of the feature types {@code types} (empty: all types). */
    void forEach(List<String> types, PointSink sink);

    /** Receives one point: lon, lat (WGS84), its time (epoch ms, for the from/to window) and a unique id. */
    interface PointSink {
        void accept(double lon, double lat, long timeMillis, long id);
    }
}
