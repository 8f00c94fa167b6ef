package org.gridwatch.inspection;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.system.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * The scope and period words shared by patrols, inspections, density and the work summary: which
 * grid codes a grid's records are kept under (itself, and for a large grid its small grids), the
 * instant a district day starts, and the rules a requested period must meet.
 */
@Component
public class InspectionScopes {

    /** The scope name of the whole district in density and trend requests. */
    public static final String DISTRICT = "district";
    /** Longest period a density, trend or summary request may span. */
    public static final int MAX_PERIOD_DAYS = 3660;

    private final GridService grids;
    private final InspectionSettings settings;

    InspectionScopes(GridService grids, InspectionSettings settings) {
        this.grids = grids;
        this.settings = settings;
    }

    public ZoneId zone() {
        return settings.zone();
    }

    /** The first instant of a day in the district's zone. */
    public Instant start(LocalDate day) {
        return day.atStartOfDay(settings.zone()).toInstant();
    }

    /** The grid of a code, or 404 inspection.grid.unknown. */
    public GridView grid(String code) {
        return grids.find(code).orElseThrow(() -> ApiProblem.notFound("inspection.grid.unknown",
                "no grid with code " + code, code));
    }

    /** The codes whose records belong to a grid: itself, and for a large grid its small grids. */
    public List<String> codes(GridView g) {
        List<String> codes = new ArrayList<>();
        codes.add(g.code());
        if (g.level() == GridLevel.LARGE) {
            grids.list(GridLevel.SMALL, g.code(), null).forEach(s -> codes.add(s.code()));
        }
        return codes;
    }

    /** The codes of a requested grid; null (no restriction) for a blank code or "district". */
    public List<String> codesOrDistrict(String code) {
        return code == null || code.isBlank() || code.trim().equals(DISTRICT) ? null : codes(grid(code.trim()));
    }

    /** Refuses a missing, reversed or too long period (400). */
    public static void checkPeriod(LocalDate from, LocalDate to) {
        if (from == null || to == null) {
            throw ApiProblem.badRequest("request.parameter", "invalid or missing parameter from/to", "from/to");
        }
        if (to.isBefore(from)) {
            throw ApiProblem.badRequest("inspection.period.order", "from (" + from + ") is after to (" + to + ")",
                    from.toString(), to.toString());
        }
        if (ChronoUnit.DAYS.between(from, to) > MAX_PERIOD_DAYS) {
            throw ApiProblem.badRequest("inspection.period.tooLong", "a period may span at most " + MAX_PERIOD_DAYS
                    + " days", MAX_PERIOD_DAYS);
        }
    }
}
