package org.gridwatch.account;

import java.time.Instant;
import java.util.Set;

/** One stored account, with its password hash: never leaves this package. */
record Account(String username, String passwordHash, boolean enabled, Set<Role> roles, Set<String> gridCodes,
               String department, Instant createdAt, Instant updatedAt) {

    AccountView view() {
        return new AccountView(username, roles.stream().map(Role::key).sorted().toList(),
                gridCodes.stream().sorted().toList(), department, enabled, createdAt, updatedAt);
    }
}
