package org.gridwatch.ranking;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gridwatch.grid.GridLevel;
import org.gridwatch.grid.GridService;
import org.gridwatch.grid.GridView;
import org.gridwatch.inspection.DensityService;
import org.gridwatch.inspection.InspectionService;
import org.gridwatch.inspection.LevelGrader;
import org.gridwatch.system.ApiProblem;
import org.gridwatch.system.CurrentActor;
import org.gridwatch.system.TextLimits;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ranking's wiring: checklist and weights (admin), spot checks (recorded on the phone page), and the
 * monthly ranking with its half-year and year totals, computed by {@link MonthlyScoreCalculator} and
 * {@link PeriodTotals} from the spot checks, the case figures and the density levels.
 */
@Service
public class RankingService {

    private static final Pattern PERIOD = Pattern.compile("(\\d{4})(?:-H([12]))?");

    private final RankingQueries queries;
    private final RankingCaseFigures cases;
    private final GridService grids;
    private final InspectionService inspections;
    private final DensityService density;
    private final CurrentActor actor;
    private final Clock clock;

    RankingService(RankingQueries queries, RankingCaseFigures cases, GridService grids, InspectionService inspections,
                   DensityService density, CurrentActor actor) {
        this.density = density;
        this.queries = queries;
        this.cases = cases;
        this.grids = grids;
        this.inspections = inspections;
        this.actor = actor;
        this.clock = Clock.systemUTC();
    }

    public ZoneId zone() {
        return inspections.zone();
    }

    // ---- checklist and weights ----

    @Transactional(readOnly = true)
    public List<ChecklistItem> checklist() {
        return queries.checklist();
    }

    /** The active items, in order. */
    @Transactional(readOnly = true)
    public List<ChecklistItem> activeItems() {
        return queries.checklist().stream().filter(ChecklistItem::active).toList();
    }

    @Transactional
    public List<ChecklistItem> replaceChecklist(List<ChecklistItem> items) {
        if (items == null || items.stream().noneMatch(ChecklistItem::active)) {
            throw ApiProblem.badRequest("ranking.checklist.empty", "the checklist needs at least one active item");
        }
        Set<String> codes = new HashSet<>();
        for (ChecklistItem i : items) {
            if (i.code() == null || !i.code().matches("[A-Za-z0-9_.-]{1,32}")) {
                throw ApiProblem.badRequest("ranking.item.code", "an item code must be 1 to 32 letters, digits, . _ -",
                        String.valueOf(i.code()));
            }
            if (!codes.add(i.code())) {
                throw ApiProblem.badRequest("ranking.item.duplicate", "item " + i.code() + " appears twice", i.code());
            }
            for (String[] text : new String[][]{{"headingZh", i.headingZh()}, {"headingEn", i.headingEn()},
                    {"nameZh", i.nameZh()}, {"nameEn", i.nameEn()}}) {
                if (text[1] == null || text[1].isBlank()) {
                    throw ApiProblem.badRequest("ranking.item.text", "item " + i.code() + " needs " + text[0], i.code(),
                            text[0]);
                }
                TextLimits.atMost(text[0], text[1], text[0].startsWith("heading") ? 100 : 300);
            }
            if (!Double.isFinite(i.maxPoints()) || i.maxPoints() <= 0 || i.maxPoints() > 100) {
                throw ApiProblem.badRequest("ranking.item.maxPoints", "points of item " + i.code()
                        + " must be more than 0 and at most 100", i.code());
            }
        }
        queries.replaceChecklist(items);
        return queries.checklist();
    }

    public record Weights(RankingWeights weights, long version) {
    }

    @Transactional(readOnly = true)
    public Weights weights() {
        RankingQueries.StoredWeights w = queries.weights();
        return new Weights(w.weights(), w.version());
    }

    @Transactional
    public Weights updateWeights(RankingWeights w, long version) {
        String problem = w.problem();
        if (problem != null) throw ApiProblem.badRequest("ranking.weights.invalid", problem);
        if (!queries.updateWeights(w, version)) {
            throw ApiProblem.conflict("ranking.weights.stale", "the weights were changed meanwhile; reload them");
        }
        return weights();
    }

    // ---- spot checks ----

    /** A spot check as submitted: points per item code. */
    public record SpotCheckDraft(String clientId, String largeGrid, String unitName, LocalDate checkedOn,
                                 String inspector, String note, Map<String, Double> points) {
    }

    public record Recorded(SpotCheck check, boolean created) {
    }

    @Transactional
    public Recorded record(SpotCheckDraft d) {
        if (d.clientId() != null) {
            TextLimits.atMost("clientId", d.clientId(), 64);
            var existing = queries.spotCheckIdByClientId(d.clientId());
            if (existing.isPresent()) return new Recorded(spotCheck(existing.get()), false);
        }
        if (d.largeGrid() == null || d.largeGrid().isBlank()) {
            throw ApiProblem.badRequest("ranking.spotCheck.grid.missing", "a spot check needs its large grid");
        }
        GridView grid = grids.find(d.largeGrid().trim()).orElseThrow(() -> ApiProblem.badRequest(
                "ranking.spotCheck.grid.unknown", "no large grid " + d.largeGrid(), d.largeGrid()));
        if (grid.level() != GridLevel.LARGE) {
            throw ApiProblem.badRequest("ranking.spotCheck.grid.notLarge", grid.code() + " is not a large grid",
                    grid.code());
        }
        LocalDate today = LocalDate.now(clock.withZone(zone()));
        LocalDate day = d.checkedOn() == null ? today : d.checkedOn();
        if (day.isAfter(today)) {
            throw ApiProblem.badRequest("ranking.spotCheck.future", "a spot check cannot lie in the future", day.toString());
        }
        if (d.inspector() == null || d.inspector().isBlank()) {
            throw ApiProblem.badRequest("ranking.spotCheck.inspector.missing", "a spot check needs the inspector's name");
        }
        TextLimits.atMost("inspector", d.inspector(), 100);
        TextLimits.atMost("unitName", d.unitName(), 200);
        TextLimits.atMost("note", d.note(), 1000);
        List<ChecklistItem> items = activeItems();
        Map<String, Double> points = d.points() == null ? Map.of() : d.points();
        List<SpotCheckScorer.Item> scorerItems = items.stream()
                .map(i -> new SpotCheckScorer.Item(i.code(), i.maxPoints())).toList();
        SpotCheckScorer.Problem p = SpotCheckScorer.check(scorerItems, points);
        if (p != null) throw ApiProblem.badRequest(p.key(), p.english(), p.args());
        SpotCheckScorer.Total total = SpotCheckScorer.total(scorerItems, points);
        List<SpotCheck.ItemScore> scores = items.stream().map(i -> new SpotCheck.ItemScore(i.code(), i.nameZh(),
                i.nameEn(), i.maxPoints(), points.get(i.code()))).toList();
        long id = queries.insertSpotCheck(d.clientId(), grid.code(), blankToNull(d.unitName()), day, d.inspector().trim(),
                blankToNull(d.note()), total, actor.name(), Instant.now(clock), scores);
        return new Recorded(spotCheck(id), true);
    }

    private SpotCheck spotCheck(long id) {
        return queries.spotCheck(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<SpotCheck> spotChecks(YearMonth month, String grid) {
        return queries.spotChecks(month.atDay(1), month.atEndOfMonth(), grid == null || grid.isBlank() ? null : grid.trim());
    }

    // ---- the ranking ----

    public record MonthlyRanking(YearMonth month, RankingWeights weights, List<MonthlyScoreCalculator.Row> rows) {
    }

    public record PeriodRanking(String period, List<YearMonth> months, List<PeriodTotals.Total> totals) {
    }

    /** Parses {@code 2026-11}; a month after the current one is refused. */
    public YearMonth month(String text) {
        YearMonth now = YearMonth.now(clock.withZone(zone()));
        if (text == null || text.isBlank()) return now;
        YearMonth m;
        try {
            m = YearMonth.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiProblem.badRequest("ranking.month.invalid", "month must read like 2026-11", text);
        }
        if (m.isAfter(now)) throw ApiProblem.badRequest("ranking.month.future", "the month has not begun", text);
        return m;
    }

    @Transactional(readOnly = true)
    public MonthlyRanking monthly(YearMonth month) {
        RankingWeights w = queries.weights().weights();
        LocalDate from = month.atDay(1), to = month.atEndOfMonth();
        Map<String, List<Double>> spot = queries.scoresByGrid(from, to);
        Instant a = from.atStartOfDay(zone()).toInstant(), b = to.plusDays(1).atStartOfDay(zone()).toInstant();
        Map<String, long[]> handled = cases.handledByLargeGrid(a, b);
        Map<String, List<String>> grades = new HashMap<>();
        for (DensityService.GridDensity g : density.density("large", from, to, false)) {
            List<String> judged = new ArrayList<>();
            for (LevelGrader.Grade grade : g.result().vectors().values()) {
                if (grade != LevelGrader.Grade.INSUFFICIENT) judged.add(grade.name());
            }
            grades.put(g.code(), judged);
        }
        List<MonthlyScoreCalculator.Input> inputs = new ArrayList<>();
        for (GridView g : grids.list(GridLevel.LARGE, null, null)) {
            long[] h = handled.getOrDefault(g.code(), new long[2]);
            inputs.add(new MonthlyScoreCalculator.Input(g.code(), g.name(), spot.getOrDefault(g.code(), List.of()),
                    h[0], h[1], grades.getOrDefault(g.code(), List.of())));
        }
        return new MonthlyRanking(month, w, MonthlyScoreCalculator.rank(inputs, w));
    }

    /** {@code 2026} (the year), {@code 2026-H1} or {@code 2026-H2}; months after the current one are left out. */
    @Transactional(readOnly = true)
    public PeriodRanking totals(String period) {
        Matcher m = period == null ? null : PERIOD.matcher(period.trim());
        if (m == null || !m.matches()) {
            throw ApiProblem.badRequest("ranking.period.invalid", "period must read like 2026, 2026-H1 or 2026-H2",
                    String.valueOf(period));
        }
        int year = Integer.parseInt(m.group(1));
        int first = m.group(2) == null || m.group(2).equals("1") ? 1 : 7;
        int last = m.group(2) == null || m.group(2).equals("2") ? 12 : 6;
        YearMonth now = YearMonth.now(clock.withZone(zone()));
        List<YearMonth> months = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            YearMonth ym = YearMonth.of(year, i);
            if (!ym.isAfter(now)) months.add(ym);
        }
        if (months.isEmpty()) throw ApiProblem.badRequest("ranking.month.future", "the period has not begun", period);
        List<PeriodTotals.Monthly> monthly = new ArrayList<>();
        for (YearMonth ym : months) {
            for (MonthlyScoreCalculator.Row r : monthly(ym).rows()) {
                if (r.score() != null) monthly.add(new PeriodTotals.Monthly(r.code(), r.name(), ym.toString(), r.score()));
            }
        }
        return new PeriodRanking(period.trim(), months, PeriodTotals.rank(monthly));
    }

    /** Names of large grids by code, for documents. */
    @Transactional(readOnly = true)
    public Map<String, String> largeGridNames() {
        Map<String, String> out = new LinkedHashMap<>();
        for (GridView g : grids.list(GridLevel.LARGE, null, null)) out.put(g.code(), g.name());
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
