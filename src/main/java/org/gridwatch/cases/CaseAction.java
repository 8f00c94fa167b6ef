package org.gridwatch.cases;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What may be done to a case; {@link CaseWorkflow} says in which status and by whom. */
public enum CaseAction {
    REGISTER, REJECT, MERGE, DISPATCH, HANDLE, RETURN, REQUEST_EXTENSION, GRANT_EXTENSION, REFUSE_EXTENSION,
    VERIFY, REWORK, CLOSE;

    /** {@code register}, {@code request_extension}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CaseAction> ofKey(String key) {
        return Arrays.stream(values()).filter(a -> a.key().equals(key)).findFirst();
    }
}
