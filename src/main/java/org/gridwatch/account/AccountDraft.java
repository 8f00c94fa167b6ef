package org.gridwatch.account;

import java.util.List;

/**
 * What {@code POST /api/users} and {@code PUT /api/users/{username}} carry. On update a null member
 * keeps the stored value (so a PUT of {@code {"enabled": false}} only disables).
 */
public record AccountDraft(String username, String password, List<String> roles, List<String> gridCodes,
                           Boolean enabled, String department) {

    /** A draft without a department (every role but handler). */
    public AccountDraft(String username, String password, List<String> roles, List<String> gridCodes, Boolean enabled) {
        this(username, password, roles, gridCodes, enabled, null);
    }
}
