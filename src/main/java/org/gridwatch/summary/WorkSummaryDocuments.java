package org.gridwatch.summary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.gridwatch.geo.CsvCells;
import org.gridwatch.inspection.DensityIndexCalculator;
import org.gridwatch.inspection.LevelGrader;

/**
 * Writes a work summary as CSV (one row per figure) and as a printable HTML page where each figure
 * stands in its sentence ("全街道划分为 6 个大网格，384 个小网格。"). Sentences come from the message
 * bundle through {@code messages(key, args)}, so the page is Chinese or English; each figure is a
 * {@code <span class="figure" data-key="...">} so it can be found, styled and tested. Stateless.
 */
public final class WorkSummaryDocuments {

    private WorkSummaryDocuments() {
    }

    /** The figures as key → value, in the order of the CSV (featuresByType.* and the like flattened). */
    public static Map<String, Object> figures(WorkSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("largeGrids", s.largeGrids());
        m.put("smallGrids", s.smallGrids());
        s.featuresByType().forEach((k, v) -> m.put("featuresByType." + k, v));
        s.breedingSitesHandled().forEach((k, v) -> m.put("breedingSitesHandled." + k, v));
        m.put("baitStationsInstalled", s.baitStationsInstalled());
        m.put("patrols", s.patrols());
        m.put("patrolKm", s.patrolKm());
        m.put("inspections", s.inspections());
        m.put("problemsFound", s.problemsFound());
        m.put("problemsClosed", s.problemsClosed());
        s.levels().forEach((k, v) -> m.put("levels." + k, v.name()));
        m.put("sampleData", s.sampleData());
        for (SummarySection section : s.sections()) {
            for (SummarySentence sentence : section.sentences()) {
                sentence.figures().forEach(f -> m.put(f.key(), f.value()));
            }
        }
        return m;
    }

    /**
     * CSV (RFC 4180) in UTF-8 with a byte-order mark (Excel on Chinese Windows reads a file without
     * one as GBK): header {@code key,label,value}, then one row per figure.
     *
     * @param label the label of a figure key in the wanted language
     */
    public static byte[] csv(WorkSummary s, java.util.function.Function<String, String> label) {
        StringBuilder out = new StringBuilder("\uFEFFkey,label,value\r\n");
        for (Map.Entry<String, Object> e : figures(s).entrySet()) {
            out.append(field(e.getKey())).append(',').append(field(label.apply(e.getKey()))).append(',')
                    .append(field(number(e.getValue()))).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The printable page.
     *
     * @param messages   resolves a bundle key with arguments (MessageFormat) in the page's language
     * @param typeLabels feature type key → label in the page's language
     * @param lang       the page's language tag (zh-CN or en)
     */
    public static String html(WorkSummary s, BiFunction<String, Object[], String> messages,
                              Map<String, String> typeLabels, String lang) {
        String scope = s.scopeName() == null ? messages.apply("summary.scope.district", new Object[0])
                : s.scopeName() + " (" + s.scopeCode() + ")";
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"").append(escape(lang)).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(escape(messages.apply("summary.title", new Object[0]))).append("</title>\n")
                // A file, not a <style> element: the Content-Security-Policy refuses inline style.
                .append("<link rel=\"stylesheet\" href=\"css/summary.css\">\n")
                .append("</head>\n<body>\n<h1>").append(escape(messages.apply("summary.title", new Object[0]))).append("</h1>\n")
                .append("<p class=\"meta\">").append(escape(messages.apply("summary.period",
                        new Object[]{s.from().toString(), s.to().toString()}))).append(" · ").append(escape(scope))
                .append("</p>\n");
        if (s.sampleData()) {
            h.append("<p class=\"sample-data\" data-sample-data=\"true\">")
                    .append(escape(messages.apply("summary.sampleData", new Object[0]))).append("</p>\n");
        }
        sentence(h, messages, "summary.sentence.grids", new Object[]{escape(scope), fig("largeGrids", s.largeGrids()),
                fig("smallGrids", s.smallGrids())});
        List<String> items = new ArrayList<>();
        s.featuresByType().forEach((k, v) -> items.add(messages.apply("summary.feature.item",
                new Object[]{escape(typeLabels.getOrDefault(k, k)), fig("featuresByType." + k, v)})));
        sentence(h, messages, "summary.sentence.features", new Object[]{String.join(messages.apply("summary.list.separator",
                new Object[0]), items)});
        Map<String, Long> sites = s.breedingSitesHandled();
        Object[] siteFigures = new Object[WorkSummaryCalculator.SITE_KINDS.size()];
        for (int i = 0; i < siteFigures.length; i++) {
            String k = WorkSummaryCalculator.SITE_KINDS.get(i);
            siteFigures[i] = fig("breedingSitesHandled." + k, sites.getOrDefault(k, 0L));
        }
        sentence(h, messages, "summary.sentence.sites", siteFigures);
        sentence(h, messages, "summary.sentence.bait", new Object[]{fig("baitStationsInstalled", s.baitStationsInstalled())});
        sentence(h, messages, "summary.sentence.patrols", new Object[]{fig("patrols", s.patrols()),
                fig("patrolKm", s.patrolKm()), fig("inspections", s.inspections())});
        sentence(h, messages, "summary.sentence.problems", new Object[]{fig("problemsFound", s.problemsFound()),
                fig("problemsClosed", s.problemsClosed())});
        Object[] levels = new Object[DensityIndexCalculator.VECTORS.size()];
        int i = 0;
        for (String v : DensityIndexCalculator.VECTORS) {
            LevelGrader.Grade g = s.levels().getOrDefault(v, LevelGrader.Grade.INSUFFICIENT);
            levels[i++] = "<span class=\"figure\" data-key=\"levels." + v + "\" data-value=\"" + g.name() + "\">"
                    + escape(messages.apply("summary.grade." + g.name(), new Object[0])) + "</span>";
        }
        sentence(h, messages, "summary.sentence.levels", levels);
        for (SummarySection section : s.sections()) {
            h.append("<h2 data-section=\"").append(escape(section.key())).append("\">")
                    .append(escape(messages.apply(section.headingKey(), new Object[0]))).append("</h2>\n");
            for (SummarySentence line : section.sentences()) {
                Object[] args = line.figures().stream().map(f -> fig(f.key(), f.value())).toArray();
                sentence(h, messages, line.messageKey(), args);
            }
        }
        h.append("<p class=\"meta noprint\">").append(escape(messages.apply("summary.note", new Object[0]))).append("</p>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void sentence(StringBuilder h, BiFunction<String, Object[], String> messages, String key, Object[] args) {
        h.append("<p data-sentence=\"").append(key).append("\">").append(messages.apply(key, args)).append("</p>\n");
    }

    private static String fig(String key, Object value) {
        String v = escape(number(value));
        return "<span class=\"figure\" data-key=\"" + escape(key) + "\">" + v + "</span>";
    }

    /** Plain digits (no grouping), whole doubles without ".0". */
    static String number(Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) ? Long.toString(d.longValue()) : Double.toString(d);
        }
        return String.valueOf(v);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String field(String s) {
        return CsvCells.cell(s);
    }
}
