package org.gridwatch.cases;

import java.time.Instant;

/**
 * One row of {@code cases} while a service works on it: mutable, package-private, never handed out
 * (the API sees {@link CaseJson}'s maps). Field names follow the columns.
 */
final class CaseRow implements Cloneable {

    long id;
    String number;
    String clientId;
    CaseSource source;
    String classCode;
    CaseStatus status;
    double lon;
    double lat;
    String smallGridCode;
    String largeGridCode;
    Long featureId;
    Long inspectionId;
    String description;
    String address;
    String reporterName;
    String reporterPhone;
    String reportedBy;
    String department;
    String assignee;
    Long mergedInto;
    Long reopenedFrom;
    Instant reportedAt;
    Instant registeredAt;
    Instant dispatchedAt;
    Instant handledAt;
    Instant verifiedAt;
    Instant closedAt;
    Instant stageDeadline;
    Instant registerDeadline;
    Instant dispatchDeadline;
    Instant handleDeadline;
    Instant verifyDeadline;
    Instant closeDeadline;
    int extensionMinutes;
    Integer pendingExtensionMinutes;
    int reworkCount;
    long version;
    Instant updatedAt;

    boolean extensionPending() {
        return pendingExtensionMinutes != null;
    }

    CaseRow copy() {
        try {
            return (CaseRow) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }
}
