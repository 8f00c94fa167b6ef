package org.gridwatch.cases;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a case came from. */
public enum CaseSource {
    /** Opened by an inspection whose outcome is positive. */
    PATROL,
    /** Reported on the phone page. */
    FIELD,
    /** Reported by a resident on the public page. */
    RESIDENT,
    /** Typed in by staff from a 12345 call. */
    HOTLINE,
    /** From a partner system through Open311 GeoReport v2. */
    OPEN311,
    /** Loaded in bulk. */
    IMPORT;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CaseSource> ofKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst();
    }
}
