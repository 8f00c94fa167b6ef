package org.gridwatch.inspection;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** API times: ISO-8601 with seconds and the district's offset, e.g. 2026-07-01T08:30:00+08:00. */
final class TimeFormat {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private TimeFormat() {
    }

    static String format(Instant t, ZoneId zone) {
        return ISO.format(t.atZone(zone));
    }
}
