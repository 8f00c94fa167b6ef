package org.gridwatch.cases.evaluation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.gridwatch.geo.CsvCells;

/**
 * The evaluation table as CSV (RFC 4180, UTF-8 with a byte-order mark for Excel on Chinese Windows): a
 * header of localized column names, one row per group, the total row last. Every cell goes through
 * {@link CsvCells}: a group key is typed by users (a department code, a person's account name) and could
 * start like a formula. Rates are fractions with four decimals, hours with two; an empty cell where a
 * figure has nothing to rate. Stateless.
 */
public final class EvaluationCsv {

    /** Column keys, in order; the header shows {@code label.apply("evaluation.column." + key)}. */
    public static final List<String> COLUMNS = List.of("key", "reported", "registered", "dispatched", "handled",
            "handledOnTime", "onTimeHandlingRate", "verified", "reworked", "reworkRate", "closed", "closedOnTime",
            "onTimeClosingRate", "overdueNow", "meanHandlingHours", "p90HandlingHours");

    private EvaluationCsv() {
    }

    /**
     * @param label    message key → text in the caller's language
     * @param totalKey the text of the total row's key cell
     */
    public static byte[] write(List<EvaluationRow> rows, EvaluationRow total, Function<String, String> label,
                               String totalKey) {
        StringBuilder out = new StringBuilder("\uFEFF");
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (i > 0) out.append(',');
            CsvCells.append(label.apply("evaluation.column." + COLUMNS.get(i)), out);
        }
        out.append("\r\n");
        for (EvaluationRow r : rows) {
            row(r, r.key() == null ? label.apply("evaluation.key.none") : r.key(), out);
        }
        row(total, totalKey, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void row(EvaluationRow r, String key, StringBuilder out) {
        CsvCells.append(key, out);
        Object[] cells = {r.reported(), r.registered(), r.dispatched(), r.handled(), r.handledOnTime(),
                fixed(r.onTimeHandlingRate(), 4), r.verified(), r.reworked(), fixed(r.reworkRate(), 4), r.closed(),
                r.closedOnTime(), fixed(r.onTimeClosingRate(), 4), r.overdueNow(), fixed(r.meanHandlingHours(), 2),
                fixed(r.p90HandlingHours(), 2)};
        for (Object c : cells) {
            out.append(',');
            CsvCells.append(c == null ? null : c.toString(), out);
        }
        out.append("\r\n");
    }

    private static String fixed(Double v, int decimals) {
        return v == null ? null : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
