package org.gridwatch.account;

import java.time.Instant;
import java.util.List;

/** An account as the API shows it: everything but the password. {@code department}: a handler's department code, else null. */
public record AccountView(String username, List<String> roles, List<String> gridCodes, String department,
                          boolean enabled, Instant createdAt, Instant updatedAt) {
}
