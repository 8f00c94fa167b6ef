package org.gridwatch.cases;

/**
 * {@code POST /api/cases/{id}/transitions}: the action, the version the caller saw, and what the
 * action needs ({@code department} to dispatch, {@code mergeInto} to merge, {@code extensionMinutes}
 * to ask for an extension, {@code lon}/{@code lat} to place a case while registering it, a
 * {@code note} where a reason is required).
 */
public record TransitionRequest(String action, Long version, String note, String department, Long mergeInto,
                                Integer extensionMinutes, Double lon, Double lat) {
}
