package org.gridwatch.ranking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Half-year and year totals (半年、年度考评): a grid's total is the mean of its monthly scores in the
 * period, over the months it has a score; ranked like the months (equal totals share a rank). A grid
 * with scores in fewer months than others is not penalised for the empty ones, but {@link Total#months()}
 * shows how many months the mean rests on. Stateless, thread-safe.
 */
public final class PeriodTotals {

    /** One grid's monthly score. */
    public record Monthly(String code, String name, String month, double score) {
    }

    public record Total(String code, String name, int months, double total, int rank) {
    }

    private PeriodTotals() {
    }

    public static List<Total> rank(Collection<Monthly> monthly) {
        Map<String, List<Monthly>> byGrid = new LinkedHashMap<>();
        for (Monthly m : monthly) byGrid.computeIfAbsent(m.code(), k -> new ArrayList<>()).add(m);
        List<Total> totals = new ArrayList<>();
        for (List<Monthly> ms : byGrid.values()) {
            double mean = ms.stream().mapToDouble(Monthly::score).average().orElseThrow();
            totals.add(new Total(ms.get(0).code(), ms.get(0).name(), ms.size(), MonthlyScoreCalculator.round(mean), 0));
        }
        totals.sort(Comparator.comparingDouble((Total t) -> -t.total()).thenComparing(Total::code));
        List<Total> ranked = new ArrayList<>();
        int rank = 0;
        double previous = Double.NaN;
        for (int i = 0; i < totals.size(); i++) {
            Total t = totals.get(i);
            if (t.total() != previous) rank = i + 1;
            previous = t.total();
            ranked.add(new Total(t.code(), t.name(), t.months(), t.total(), rank));
        }
        return ranked;
    }
}
