package org.gridwatch.account;

import java.util.Arrays;
import java.util.Optional;

/** What a user may do; the key is what the API and the database use, the authority what Spring Security checks. */
public enum Role {
    ADMIN, PLANNER, VECTOR_CONTROL, GRID_WORKER, VIEWER,
    /** 受理/派遣: registers, dispatches, grants extensions and closes cases (issue 21). */
    DISPATCHER,
    /** 处置部门: handles the cases of its one department (the account's {@code department}). */
    HANDLER;

    /** {@code admin}, {@code vector_control}, ... */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code ROLE_ADMIN}, ...: the form {@code hasRole}/{@code hasAnyRole} compare with. */
    public String authority() {
        return "ROLE_" + name();
    }

    public static Optional<Role> ofKey(String key) {
        return Arrays.stream(values()).filter(r -> r.key().equals(key)).findFirst();
    }

    public static Optional<Role> ofAuthority(String authority) {
        return Arrays.stream(values()).filter(r -> r.authority().equals(authority)).findFirst();
    }
}
