package org.gridwatch.open311;

import java.util.Arrays;
import java.util.List;

import org.gridwatch.cases.CaseStatus;

/**
 * GeoReport v2 knows two statuses. Every stage up to verification is {@code open} (the problem is still
 * out there or not yet confirmed gone); the terminal stages ({@link CaseStatus#terminal()}: closed,
 * rejected as not a case, merged into the case that follows the same problem) are {@code closed}.
 * Stateless.
 */
public final class GeoReportStatus {

    public static final String OPEN = "open", CLOSED = "closed";

    private GeoReportStatus() {
    }

    /** {@code open} or {@code closed} for a case stage key; an unknown stage is an error, not a guess. */
    public static String of(String stage) {
        CaseStatus s = CaseStatus.ofKey(stage).orElseThrow(() -> new IllegalArgumentException("unknown case stage: " + stage));
        return s.terminal() ? CLOSED : OPEN;
    }

    /** The stage keys that a {@code status} filter value selects; null for a value that is neither open nor closed. */
    public static List<String> stages(String status) {
        if (!OPEN.equals(status) && !CLOSED.equals(status)) return null;
        boolean closed = CLOSED.equals(status);
        return Arrays.stream(CaseStatus.values()).filter(s -> s.terminal() == closed).map(CaseStatus::key).toList();
    }
}
