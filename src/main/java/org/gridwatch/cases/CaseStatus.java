package org.gridwatch.cases;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a case stands. The key is what the API and the database use. */
public enum CaseStatus {
    /** 待立案: reported, waiting for a dispatcher. */
    REPORTED,
    /** 已立案/待派遣. */
    REGISTERED,
    /** 处置中: with a department. */
    DISPATCHED,
    /** 已处置/待核查. */
    HANDLED,
    /** 已核查/待结案. */
    VERIFIED,
    /** 已结案: terminal, never changes again. */
    CLOSED,
    /** 不予立案: terminal. */
    REJECTED,
    /** 已合并 into another open case: terminal. */
    MERGED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Closed, rejected and merged cases take no more transitions. */
    public boolean terminal() {
        return this == CLOSED || this == REJECTED || this == MERGED;
    }

    public static Optional<CaseStatus> ofKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst();
    }
}
