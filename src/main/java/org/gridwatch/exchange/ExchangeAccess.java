package org.gridwatch.exchange;

import java.util.EnumSet;
import java.util.Set;

import org.gridwatch.account.GridAccess;
import org.gridwatch.account.Role;
import org.gridwatch.system.ApiProblem;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Who may import or export which layer: the one rule the direct endpoints ({@code /api/import/…},
 * {@code /api/export/…}) and the background jobs ({@code /api/exchange/jobs}) both call, so a job can
 * never do what the direct request may not. SecurityConfig's URL rules say the same for the direct paths
 * (defence in depth); a job's URL is shared by imports and exports of every layer, so only this check
 * knows the layer.
 *
 * <p>Imports (grids, streets, features) change planning data: admin and planner. Exports: admin, planner
 * and vector control. Code without any authentication (startup loads, commands) acts for the service.
 */
@Component
class ExchangeAccess {

    private static final Set<Role> IMPORTERS = EnumSet.of(Role.ADMIN, Role.PLANNER);
    private static final Set<Role> EXPORTERS = EnumSet.of(Role.ADMIN, Role.PLANNER, Role.VECTOR_CONTROL);

    private final GridAccess grids;

    ExchangeAccess(GridAccess grids) {
        this.grids = grids;
    }

    /**
     * Refuses (403 {@code access.role}) unless the current user may import the layer; an unknown layer
     * is a 400. Every layer has the same rule today; the layer is passed so a rule per layer stays here.
     */
    ExchangeLayer checkImport(String layerText) {
        ExchangeLayer layer = parse(layerText);
        check(IMPORTERS);
        return layer;
    }

    /** Refuses (403 {@code access.role}) unless the current user may export the layer; an unknown layer is a 400. */
    ExchangeLayer checkExport(String layerText) {
        ExchangeLayer layer = parse(layerText);
        check(EXPORTERS);
        return layer;
    }

    private static ExchangeLayer parse(String text) {
        try {
            return ExchangeLayer.parse(text);
        } catch (ExchangeFormatException e) {
            throw ExportService.problem(e);
        }
    }

    private void check(Set<Role> allowed) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null) return;
        if (auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            throw new ApiProblem(401, "auth.required", "sign in first");
        }
        if (grids.currentRoles().stream().noneMatch(allowed::contains)) {
            throw new ApiProblem(403, "access.role", "your role may not change this");
        }
    }
}
