package org.gridwatch.cases.evaluation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A half-open period {@code [from, to)} of instants. An event counts in the period when its instant is
 * {@code >= from} and {@code < to}.
 */
public record EvaluationPeriod(Instant from, Instant to) {

    public EvaluationPeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("period must end after it starts");
        }
    }

    /** The calendar days {@code first … last} (both included) in the district's time zone. */
    public static EvaluationPeriod ofDays(LocalDate first, LocalDate last, ZoneId zone) {
        return new EvaluationPeriod(first.atStartOfDay(zone).toInstant(),
                last.plusDays(1).atStartOfDay(zone).toInstant());
    }

    public boolean contains(Instant t) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }
}
