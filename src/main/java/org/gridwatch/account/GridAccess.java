package org.gridwatch.account;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.gridwatch.system.ApiProblem;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The grid scope of a write, for the service layer: only the service knows in which small grid a
 * feature (or an inspection, a patrol) lies, so {@code SecurityConfig} lets a grid worker reach the
 * write endpoints and the service asks this bean before it changes anything.
 *
 * <p>Who passes: a user with {@code admin}, {@code vector_control} or {@code planner} (their writes are
 * not limited to grids; which endpoints they reach at all is SecurityConfig's business), and a
 * {@code grid_worker} for a small grid linked to their account. A grid worker writing an object in no
 * small grid, or in someone else's, gets 403 {@code access.grid.outside}; anyone else gets 403
 * {@code access.role}; no identity at all gets 401.
 *
 * <p>Code running outside a request (startup loading of the sample district, scheduled jobs) has no
 * authentication and passes: it acts for the service itself. A background job started by a user
 * should therefore check at submission, in the user's request.
 *
 * <p>Call it inside the write's transaction, before the change, with the small grid code(s) the
 * object has before and after the change (a move out of one's own grid is as much a write there as a
 * move into it).
 */
@Component
public class GridAccess {

    private static final Set<Role> UNLIMITED = EnumSet.of(Role.ADMIN, Role.VECTOR_CONTROL, Role.PLANNER);

    private final AccountService accounts;

    GridAccess(AccountService accounts) {
        this.accounts = accounts;
    }

    /** Refuses (403 problem) unless the current user may write in the small grid {@code smallGridCode} (null: in no grid). */
    public void checkWritable(String smallGridCode) {
        checkWritable(java.util.Collections.singletonList(smallGridCode));
    }

    /** Refuses unless the current user may write in every one of these small grids (null members: in no grid). */
    public void checkWritable(Collection<String> smallGridCodes) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null) {
            return;
        }
        if (auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            throw new ApiProblem(401, "auth.required", "sign in first");
        }
        Set<Role> roles = roles(auth);
        if (roles.stream().anyMatch(UNLIMITED::contains)) {
            return;
        }
        if (!roles.contains(Role.GRID_WORKER)) {
            throw new ApiProblem(403, "access.role", "your role may not change this");
        }
        Set<String> own = accounts.gridCodes(auth.getName());
        Set<String> outside = new LinkedHashSet<>();
        for (String code : smallGridCodes) {
            if (code == null || !own.contains(code)) {
                outside.add(code == null ? "" : code);
            }
        }
        if (!outside.isEmpty()) {
            String first = outside.iterator().next();
            throw new ApiProblem(403, first.isEmpty() ? "access.grid.none" : "access.grid.outside",
                    first.isEmpty() ? "this lies in no small grid, so only vector control may change it"
                            : "small grid " + first + " is not one of yours", first)
                    .with("gridCode", first.isEmpty() ? null : first)
                    .with("ownGridCodes", List.copyOf(own));
        }
    }

    /** The roles of the current user; empty when nobody is signed in. */
    public Set<Role> currentRoles() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null || auth instanceof AnonymousAuthenticationToken ? Set.of() : roles(auth);
    }

    private static Set<Role> roles(Authentication auth) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority a : auth.getAuthorities()) {
            Role.ofAuthority(a.getAuthority()).ifPresent(roles::add);
        }
        return roles;
    }
}
