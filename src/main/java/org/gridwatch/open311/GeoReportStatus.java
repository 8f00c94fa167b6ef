package org.gridwatch.open311;

import java.util.Set;

/**
 * GeoReport v2 knows two statuses. Every stage up to verification is {@code open} (the problem is still
 * out there or not yet confirmed gone); {@code closed}, {@code rejected} (not a case) and {@code merged}
 * (a duplicate, followed up in the case it was merged into) are {@code closed}. Stateless.
 */
public final class GeoReportStatus {

    public static final String OPEN = "open", CLOSED = "closed";

    /** The case stages (API keys of {@code org.gridwatch.cases}) that GeoReport calls closed. */
    static final Set<String> CLOSED_STAGES = Set.of("closed", "rejected", "merged");

    /** The stages that GeoReport calls open. */
    static final Set<String> OPEN_STAGES = Set.of("reported", "registered", "dispatched", "handled", "verified");

    private GeoReportStatus() {
    }

    /** {@code open} or {@code closed} for a case stage; an unknown stage is an error, not a guess. */
    public static String of(String stage) {
        if (CLOSED_STAGES.contains(stage)) return CLOSED;
        if (OPEN_STAGES.contains(stage)) return OPEN;
        throw new IllegalArgumentException("unknown case stage: " + stage);
    }

    /** The stages that a {@code status} filter value selects; null for a value that is neither open nor closed. */
    public static Set<String> stages(String status) {
        if (OPEN.equals(status)) return OPEN_STAGES;
        if (CLOSED.equals(status)) return CLOSED_STAGES;
        return null;
    }
}
