package org.gridwatch.cases;

import java.util.EnumSet;
import java.util.Set;

import org.gridwatch.account.Role;

/**
 * Who calls the case service: the account's name, roles, department (a handler's) and linked small
 * grids (a grid worker's). {@link #SYSTEM} is the service itself (startup, code outside a request):
 * it may do what an admin may.
 */
record CaseCaller(String username, Set<Role> roles, String department, Set<String> gridCodes) {

    static final CaseCaller SYSTEM = new CaseCaller("system", EnumSet.of(Role.ADMIN), null, Set.of());

    boolean admin() {
        return roles.contains(Role.ADMIN);
    }

    boolean dispatcher() {
        return admin() || roles.contains(Role.DISPATCHER);
    }

    /** Only a handler (no role that sees every case): lists and reads are limited to its department. */
    boolean handlerOnly() {
        return roles.contains(Role.HANDLER) && !admin() && !roles.contains(Role.DISPATCHER)
                && !roles.contains(Role.VECTOR_CONTROL) && !roles.contains(Role.PLANNER)
                && !roles.contains(Role.GRID_WORKER) && !roles.contains(Role.VIEWER);
    }

    /** The parties this caller is to one case (an admin is every party). */
    Set<CaseWorkflow.Party> partiesFor(CaseRow c) {
        Set<CaseWorkflow.Party> parties = EnumSet.noneOf(CaseWorkflow.Party.class);
        if (admin()) return EnumSet.allOf(CaseWorkflow.Party.class);
        if (roles.contains(Role.DISPATCHER)) parties.add(CaseWorkflow.Party.DISPATCHER);
        if (roles.contains(Role.HANDLER) && department != null && department.equals(c.department)) {
            parties.add(CaseWorkflow.Party.HANDLER);
        }
        if (roles.contains(Role.GRID_WORKER) && c.smallGridCode != null && gridCodes.contains(c.smallGridCode)) {
            parties.add(CaseWorkflow.Party.VERIFIER);
        }
        return parties;
    }
}
