package org.gridwatch.inspection;

/**
 * One stored inspection as period figures count it: the feature inspected, whether the record is
 * positive (a problem found), whether it was recorded as cleared, and the breeding-site kind
 * ({@link OutcomeClassifier}'s site kinds; null for other records).
 */
public record InspectionOutcome(long featureId, boolean positive, boolean cleared, String siteKind) {
}
