package org.gridwatch.cases;

import java.util.Set;

import org.gridwatch.account.AccountService;
import org.gridwatch.account.GridAccess;
import org.gridwatch.account.Role;
import org.gridwatch.system.ApiProblem;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Works out the {@link CaseCaller} of the current request from the security context and the account tables. */
@Component
class CaseCallers {

    private final GridAccess access;
    private final AccountService accounts;

    CaseCallers(GridAccess access, AccountService accounts) {
        this.access = access;
        this.accounts = accounts;
    }

    CaseCaller current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null) return CaseCaller.SYSTEM;
        if (auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            throw new ApiProblem(401, "auth.required", "sign in first");
        }
        Set<Role> roles = access.currentRoles();
        String name = auth.getName();
        return new CaseCaller(name, roles, roles.contains(Role.HANDLER) ? accounts.department(name) : null,
                roles.contains(Role.GRID_WORKER) ? accounts.gridCodes(name) : Set.of());
    }
}
