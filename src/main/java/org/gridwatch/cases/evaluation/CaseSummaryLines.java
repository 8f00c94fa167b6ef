package org.gridwatch.cases.evaluation;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.gridwatch.geo.CsvCells;

import org.springframework.stereotype.Component;

/**
 * The work summary's case lines (发现问题 N 处，已整改 N 处; 投诉 N 宗（居民和热线），均已处理完毕 / 其中 N 宗正在处理),
 * in the three shapes the summary has: JSON members, CSV figures and the printable page's sentences. The
 * summary calls it with its period and scope; everything about cases stays here.
 */
@Component
public class CaseSummaryLines {

    private final CaseEvaluationService service;

    CaseSummaryLines(CaseEvaluationService service) {
        this.service = service;
    }

    /** The figures of the summary's period and scope (gridCode null: the district). */
    public CaseSummaryFigures figures(LocalDate from, LocalDate to, String gridCode) {
        return service.summaryFigures(from, to, gridCode);
    }

    /** The figures for the summary's JSON, as its member {@code cases}. */
    public static Map<String, Object> json(CaseSummaryFigures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("problemsFound", f.problemsFound());
        m.put("problemsRectified", f.problemsRectified());
        m.put("complaints", f.complaints());
        m.put("complaintsOpen", f.complaintsOpen());
        return m;
    }

    /**
     * The summary CSV's rows of these figures ({@code key,label,value}, keys {@code cases.*}), to append to
     * its body.
     *
     * @param label the label of a figure key in the wanted language
     */
    public static byte[] csvRows(CaseSummaryFigures f, Function<String, String> label) {
        StringBuilder out = new StringBuilder();
        json(f).forEach((k, v) -> {
            String key = "cases." + k;
            CsvCells.append(key, out).append(',');
            CsvCells.append(label.apply(key), out).append(',').append(v).append("\r\n");
        });
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code a} then {@code b}. */
    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The page with the case sentences placed after the summary's own sentence on problems. */
    public static String withSentences(String page, CaseSummaryFigures f, BiFunction<String, Object[], String> messages) {
        String anchor = "<p data-sentence=\"summary.sentence.levels\">";
        int at = page.indexOf(anchor);
        if (at < 0) {
            at = page.indexOf("</body>");
        }
        return page.substring(0, at) + sentences(f, messages) + page.substring(at);
    }

    /**
     * The two sentences of the printable page, each a {@code <p data-sentence>} whose figures are
     * {@code <span class="figure" data-key>}, as the summary writes its own. Only numbers are inserted: no
     * user text reaches the page from here.
     */
    public static String sentences(CaseSummaryFigures f, BiFunction<String, Object[], String> messages) {
        StringBuilder h = new StringBuilder();
        h.append("<p data-sentence=\"summary.sentence.caseProblems\">")
                .append(messages.apply("summary.sentence.caseProblems", new Object[]{
                        fig("cases.problemsFound", f.problemsFound()), fig("cases.problemsRectified", f.problemsRectified())}))
                .append("</p>\n");
        String key = f.complaintsOpen() == 0 ? "summary.sentence.complaints.allDone" : "summary.sentence.complaints.open";
        h.append("<p data-sentence=\"").append(key).append("\">")
                .append(messages.apply(key, new Object[]{fig("cases.complaints", f.complaints()),
                        fig("cases.complaintsOpen", f.complaintsOpen())}))
                .append("</p>\n");
        return h.toString();
    }

    private static String fig(String key, long value) {
        return "<span class=\"figure\" data-key=\"" + key + "\">" + value + "</span>";
    }
}
