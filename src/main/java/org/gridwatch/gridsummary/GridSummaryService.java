package org.gridwatch.gridsummary;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gridwatch.account.Role;
import org.gridwatch.coverage.CoverageService;
import org.gridwatch.feature.FeatureService;
import org.gridwatch.feature.FeatureTypeView;
import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.inspection.DensityIndexCalculator;
import org.gridwatch.inspection.DensityService;
import org.gridwatch.inspection.InspectionScopes;
import org.gridwatch.system.PeopleFields;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Gathers one grid's summary from the features, coverage, density and case stores. */
@Service
public class GridSummaryService {

    /** The bait type and radius the coverage panel opens with: what "bait coverage" means on the map. */
    static final String BAIT_TYPE = "rat_bait_station";
    static final double BAIT_RADIUS_METERS = 20;
    /** Density levels over the 30 days ending today, as the density layer shows them by default. */
    static final int DENSITY_DAYS = 30;
    /** Roles whose work is calling the grid's responsible person; a viewer sees the name, not the number. */
    static final Set<Role> SEE_PHONE = Set.of(Role.ADMIN, Role.PLANNER, Role.VECTOR_CONTROL, Role.DISPATCHER,
            Role.HANDLER, Role.GRID_WORKER);

    private final GridService grids;
    private final FeatureService features;
    private final CoverageService coverage;
    private final DensityService density;
    private final InspectionScopes scopes;
    private final JdbcTemplate jdbc;

    GridSummaryService(GridService grids, FeatureService features, CoverageService coverage, DensityService density,
                       InspectionScopes scopes, JdbcTemplate jdbc) {
        this.grids = grids;
        this.features = features;
        this.coverage = coverage;
        this.density = density;
        this.scopes = scopes;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Map<String, Object> summary(String code) {
        GridView grid = grids.get(code);
        List<String> codes = scopes.codes(grid);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", grid.code());
        out.put("name", grid.name());
        out.put("level", grid.level().key());
        out.put("parentCode", grid.parentCode());

        Map<String, Long> counts = features.countByType(codes, null, null);
        List<Map<String, Object>> byType = new ArrayList<>();
        long total = 0;
        List<FeatureTypeView> types = features.types();
        boolean hasBait = false;
        for (FeatureTypeView t : types) {
            hasBait |= t.key().equals(BAIT_TYPE);
            long n = counts.getOrDefault(t.key(), 0L);
            total += n;
            if (n > 0) byType.add(Map.of("type", t.key(), "count", n));
        }
        out.put("features", byType);
        out.put("featureTotal", total);

        if (hasBait) {
            CoverageService.Gaps gaps = coverage.gaps(grid.code(), BAIT_TYPE, BAIT_RADIUS_METERS);
            Map<String, Object> bait = new LinkedHashMap<>();
            bait.put("type", BAIT_TYPE);
            bait.put("radiusMeters", BAIT_RADIUS_METERS);
            bait.put("stations", counts.getOrDefault(BAIT_TYPE, 0L));
            double share = gaps.areaM2() <= 0 ? 0 : Math.max(0, Math.min(1, 1 - gaps.uncoveredAreaM2() / gaps.areaM2()));
            bait.put("coveredShare", Math.round(share * 1000) / 1000.0);
            out.put("baitCoverage", bait);
        }

        LocalDate to = LocalDate.now(scopes.zone());
        LocalDate from = to.minusDays(DENSITY_DAYS - 1);
        DensityIndexCalculator.Result result = density.result(codes, scopes.start(from), scopes.start(to.plusDays(1)));
        Map<String, Object> levels = new LinkedHashMap<>();
        levels.put("from", from.toString());
        levels.put("to", to.toString());
        levels.put("verdict", result.verdict().name());
        Map<String, String> vectors = new LinkedHashMap<>();
        result.vectors().forEach((vector, grade) -> vectors.put(vector, grade.name()));
        levels.put("vectors", vectors);
        out.put("density", levels);

        boolean anonymous = PeopleFields.hiddenFromCaller();
        if (!anonymous) {
            String column = grid.level() == GridLevel.LARGE ? "large_grid_code" : "small_grid_code";
            Long open = jdbc.queryForObject("SELECT COUNT(*) FROM cases WHERE " + column + " = ?"
                    + " AND status NOT IN ('closed', 'rejected', 'merged')", Long.class, grid.code());
            out.put("openCases", open == null ? 0 : open);
            out.put("responsiblePerson", grid.responsiblePerson());
            if (callerMaySeePhone()) out.put("phone", grid.phone());
        }
        return out;
    }

    /** Whether the signed-in caller holds a role that may read a responsible person's phone. */
    static boolean callerMaySeePhone() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a == null || PeopleFields.hiddenFromCaller()) return false;
        for (GrantedAuthority authority : a.getAuthorities()) {
            if (Role.ofAuthority(authority.getAuthority()).filter(SEE_PHONE::contains).isPresent()) return true;
        }
        return false;
    }
}
