package org.gridwatch.cases.evaluation;

import java.time.Instant;

/**
 * Working time between two instants on the district's working calendar (weekends, holidays and make-up
 * working days taken into account). The evaluation receives it as an argument and never reads a clock.
 */
@FunctionalInterface
public interface WorkingTime {

    /** Working minutes in {@code [from, to)}; zero when {@code to} is not after {@code from}. */
    long workingMinutes(Instant from, Instant to);
}
