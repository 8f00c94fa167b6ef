package org.gridwatch.cases.evaluation;

import java.time.Instant;

/**
 * The facts of one case that the evaluation reads, as the case keeps them (no second copy of the
 * state machine: these are read, never derived from transitions here).
 *
 * @param status          API status key ({@code reported … closed}, {@code rejected}, {@code merged})
 * @param classCode       case class code
 * @param source          {@code patrol, field, resident, hotline, open311, import}
 * @param smallGrid       small grid code, null for a resident's case not yet placed
 * @param largeGrid       large grid code of that small grid, or null
 * @param department      department the case is dispatched to, or null
 * @param handler         the person who handled it (last handling), or null
 * @param assignee        the person the case is assigned to now, or null
 * @param verifier        the person who verified it, or null
 * @param handleDeadline  handling deadline after granted extensions, or null before dispatch
 * @param closeDeadline   closing deadline, or null before it is set
 * @param stageDeadline   deadline of the current stage (what "overdue" is measured against), or null
 * @param reworkCount     times verification sent the case back to handling (返工)
 */
public record CaseFacts(
        String status, String classCode, String source,
        String smallGrid, String largeGrid, String department,
        String handler, String assignee, String verifier,
        Instant reportedAt, Instant registeredAt, Instant dispatchedAt,
        Instant handledAt, Instant verifiedAt, Instant closedAt,
        Instant handleDeadline, Instant closeDeadline, Instant stageDeadline,
        int reworkCount) {

    /** Statuses after which nothing more happens to a case. */
    public static boolean isTerminal(String status) {
        return "closed".equals(status) || "rejected".equals(status) || "merged".equals(status);
    }

    /** The person a case counts for when grouping by person: who handled it, else who it is assigned to. */
    public String responsiblePerson() {
        return handler != null ? handler : assignee;
    }

    /** Handled within the limit: handled no later than the handling deadline (a case without one is on time). */
    public boolean handledOnTime() {
        return handledAt != null && (handleDeadline == null || !handledAt.isAfter(handleDeadline));
    }

    /** Closed within the limit: closed no later than the closing deadline (a case without one is on time). */
    public boolean closedOnTime() {
        return closedAt != null && (closeDeadline == null || !closedAt.isAfter(closeDeadline));
    }

    /** Open at {@code asOf} and past the deadline of its current stage. */
    public boolean overdueAt(Instant asOf) {
        return !isTerminal(status) && stageDeadline != null && asOf.isAfter(stageDeadline);
    }
}
