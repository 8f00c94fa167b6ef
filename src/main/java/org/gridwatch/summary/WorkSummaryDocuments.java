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
 * Lays a work summary out once, as blocks (headings, sentences with their figures, tables, pictures),
 * and writes it as CSV (one row per figure) and as the printable HTML page; {@link WorkSummaryDocx}
 * writes the same blocks as a Word document. Sentences come from the message bundle through
 * {@code messages(key, args)}, so the text is Chinese or English; in HTML each figure is a
 * {@code <span class="figure" data-key="...">}. Sentences, tables and pictures drawn from patrols and
 * inspections carry a "sample data" tag while generated sample activity is in the store. Stateless.
 */
public final class WorkSummaryDocuments {

    /** A piece of the laid-out summary. */
    public sealed interface Block permits Heading, Line, Table, Picture {
    }

    /** A heading (text resolved). */
    public record Heading(String text) implements Block {
    }

    /**
     * A sentence: its bundle key and arguments, each a {@link SummaryFigure} (shown as a figure) or
     * resolved text; {@code sample}: drawn from patrols or inspections (tagged while sample data is in
     * the store).
     */
    public record Line(String messageKey, List<Object> args, boolean sample) implements Block {
    }

    /** A table of resolved text; the first row is the header. */
    public record Table(String key, List<List<String>> rows, boolean sample) implements Block {
    }

    /** A picture by name ("trend" or "map") with its caption. */
    public record Picture(String name, String caption) implements Block {
    }

    private WorkSummaryDocuments() {
    }

    /** The flow figures' keys in the order of tables and the change sentence. */
    static final List<String> FLOWS = List.of("patrols", "patrolKm", "inspections", "problemsFound", "problemsClosed",
            "breedingSitesHandled", "baitStationsNew");

    /** The figures as key → value, in the order of the CSV (featuresByType.* and the like flattened). */
    public static Map<String, Object> figures(WorkSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        PeriodFigures c = s.current();
        m.put("largeGrids", s.largeGrids());
        m.put("smallGrids", s.smallGrids());
        c.featuresInPlace().forEach((k, v) -> m.put("featuresByType." + k, v));
        c.breedingSitesHandled().forEach((k, v) -> m.put("breedingSitesHandled." + k, v));
        m.put("baitStationsInPlace", c.baitStationsInPlace());
        m.put("baitStationsInstalled", c.baitStationsNew());
        m.put("patrols", c.patrols());
        m.put("patrolKm", c.patrolKm());
        m.put("inspections", c.inspections());
        m.put("problemsFound", c.problemsFound());
        m.put("problemsClosed", c.problemsClosed());
        s.previous().flows().forEach((k, v) -> m.put("previous." + k, v));
        c.changeFrom(s.previous()).forEach((k, v) -> m.put("change." + k, v));
        s.levels().forEach((k, v) -> m.put("levels." + k, v.name()));
        for (DensityIndexCalculator.Indicator i : s.density().indicators()) {
            m.put("density." + i.key() + ".value", i.value() == null ? "" : DensityIndexCalculator.round(i.value(), 4));
            m.put("density." + i.key() + ".sampleSize", DensityIndexCalculator.round(i.sampleSize(), 3));
            m.put("density." + i.key() + (i.local() ? ".targetStatus" : ".grade"),
                    i.local() ? i.targetStatus().name() : i.grade().name());
        }
        for (CommunityRow r : s.communities()) {
            if (r.code() == null || r.code().equals(s.scopeCode())) continue;
            r.figures().flows().forEach((k, v) -> m.put("community." + r.code() + "." + k, v));
        }
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
     * The summary laid out as blocks, in the reader's language.
     *
     * @param messages   resolves a bundle key with arguments (MessageFormat)
     * @param typeLabels feature type key → label
     */
    public static List<Block> blocks(WorkSummary s, BiFunction<String, Object[], String> messages,
                                     Map<String, String> typeLabels) {
        PeriodFigures c = s.current();
        String scope = scopeName(s, messages);
        List<Block> out = new ArrayList<>();
        out.add(new Heading(messages.apply("summary.heading.work", new Object[0])));
        out.add(new Line("summary.sentence.grids", List.of(scope, fig("largeGrids", s.largeGrids()),
                fig("smallGrids", s.smallGrids())), false));
        List<String> items = new ArrayList<>();
        c.featuresInPlace().forEach((k, v) -> items.add(messages.apply("summary.feature.item",
                new Object[]{typeLabels.getOrDefault(k, k), "\u0000featuresByType." + k + "\u0000" + number(v) + "\u0000"})));
        out.add(new Line("summary.sentence.features", List.of(String.join(messages.apply("summary.list.separator",
                new Object[0]), items)), false));
        List<Object> sites = new ArrayList<>();
        for (String k : WorkSummaryCalculator.SITE_KINDS) {
            sites.add(fig("breedingSitesHandled." + k, c.breedingSitesHandled().getOrDefault(k, 0L)));
        }
        out.add(new Line("summary.sentence.sites", sites, true));
        out.add(new Line("summary.sentence.bait", List.of(fig("baitStationsInPlace", c.baitStationsInPlace()),
                fig("baitStationsInstalled", c.baitStationsNew())), false));
        out.add(new Line("summary.sentence.patrols", List.of(fig("patrols", c.patrols()), fig("patrolKm", c.patrolKm()),
                fig("inspections", c.inspections())), true));
        out.add(new Line("summary.sentence.problems", List.of(fig("problemsFound", c.problemsFound()),
                fig("problemsClosed", c.problemsClosed())), true));
        for (SummarySection section : s.sections()) {
            out.add(new Heading(messages.apply(section.headingKey(), new Object[0])));
            for (SummarySentence line : section.sentences()) {
                out.add(new Line(line.messageKey(), new ArrayList<>(line.figures()), false));
            }
        }

        out.add(new Heading(messages.apply("summary.heading.change", new Object[0])));
        Map<String, Number> change = c.changeFrom(s.previous());
        List<Object> changeArgs = new ArrayList<>(List.of(s.previousScope().from().toString(), s.previousScope().to().toString()));
        for (String k : List.of("patrols", "inspections", "problemsFound", "problemsClosed", "breedingSitesHandled",
                "baitStationsNew")) {
            changeArgs.add(new SummaryFigure("change." + k, signed(change.get(k))));
        }
        out.add(new Line("summary.sentence.change", changeArgs, true));

        out.add(new Heading(messages.apply("summary.heading.communities", new Object[0])));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(messages.apply("summary.table.community", new Object[0]),
                messages.apply("summary.table.patrols", new Object[0]), messages.apply("summary.table.patrolKm", new Object[0]),
                messages.apply("summary.table.inspections", new Object[0]), messages.apply("summary.table.problems", new Object[0]),
                messages.apply("summary.table.sites", new Object[0]), messages.apply("summary.table.bait", new Object[0]),
                messages.apply("summary.table.levels", new Object[0])));
        for (CommunityRow r : s.communities()) {
            boolean total = r == s.communities().get(s.communities().size() - 1);
            PeriodFigures f = r.figures();
            String name = total ? messages.apply("summary.table.district", new Object[0]) + " · " + scope
                    : r.name() + " (" + r.code() + ")";
            StringBuilder levels = new StringBuilder();
            for (String v : DensityIndexCalculator.VECTORS) {
                if (levels.length() > 0) levels.append(" / ");
                levels.append(messages.apply("summary.level.short." + r.density().vectors().get(v).name(), new Object[0]));
            }
            rows.add(List.of(name, number(f.patrols()), number(f.patrolKm()), number(f.inspections()),
                    f.problemsFound() + " / " + f.problemsClosed(), number(f.flows().get("breedingSitesHandled")),
                    f.baitStationsInPlace() + " / " + f.baitStationsNew(), levels.toString()));
        }
        out.add(new Table("communities", rows, true));

        out.add(new Heading(messages.apply("summary.heading.density", new Object[0])));
        List<Object> levels = new ArrayList<>();
        for (String v : DensityIndexCalculator.VECTORS) {
            LevelGrader.Grade g = s.levels().getOrDefault(v, LevelGrader.Grade.INSUFFICIENT);
            levels.add(new SummaryFigure("levels." + v, messages.apply("summary.grade." + g.name(), new Object[0])));
        }
        out.add(new Line("summary.sentence.levels", levels, true));
        out.add(new Line("summary.sentence.sampleSizes", List.of(), false));
        List<List<String>> indicators = new ArrayList<>();
        indicators.add(List.of(messages.apply("summary.table.indicator", new Object[0]),
                messages.apply("summary.table.value", new Object[0]), messages.apply("summary.table.level", new Object[0]),
                messages.apply("summary.table.sample", new Object[0])));
        for (DensityIndexCalculator.Indicator i : s.density().indicators()) {
            String level = i.local()
                    ? messages.apply("summary.target." + i.targetStatus().name(), new Object[]{i.target() == null ? ""
                    : number(i.target())})
                    : messages.apply("summary.grade." + i.grade().name(), new Object[0]);
            indicators.add(List.of(messages.apply("summary.indicator." + i.key(), new Object[0]),
                    i.value() == null ? "–" : number(DensityIndexCalculator.round(i.value(), 2)), level,
                    number(DensityIndexCalculator.round(i.sampleSize(), 2)) + " "
                            + messages.apply("summary.sampleUnit." + i.sampleUnit(), new Object[0])));
        }
        out.add(new Table("density", indicators, true));

        out.add(new Heading(messages.apply("summary.heading.figures", new Object[0])));
        out.add(new Picture("trend", messages.apply("summary.figure.trend", new Object[0])));
        out.add(new Picture("map", messages.apply("summary.figure.map", new Object[0])));
        return out;
    }

    /**
     * The printable page.
     *
     * @param messages   resolves a bundle key with arguments (MessageFormat) in the page's language
     * @param typeLabels feature type key → label in the page's language
     * @param lang       the page's language tag (zh-CN or en)
     * @param query      the summary's query string (from, to, grid), for the pictures' addresses
     */
    public static String html(WorkSummary s, BiFunction<String, Object[], String> messages,
                              Map<String, String> typeLabels, String lang, String query) {
        String scope = s.scopeName() == null ? messages.apply("summary.scope.district", new Object[0])
                : s.scopeName() + " (" + s.scopeCode() + ")";
        StringBuilder h = new StringBuilder(8192);
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
                    .append(escape(messages.apply("summary.sampleData", new Object[0]))).append("<br>")
                    .append(escape(messages.apply("summary.sampleData.which", new Object[0]))).append("</p>\n");
        }
        String tag = escape(messages.apply("summary.sampleData.tag", new Object[0]));
        for (Block b : blocks(s, messages, typeLabels)) {
            if (b instanceof Heading x) {
h.append("<h2>").append(escape(x.text())).append("</h2>\n");
} else if (b instanceof Line x) {

                    Object[] args = x.args().stream().map(a -> a instanceof SummaryFigure f ? htmlFigure(f.key(), f.value())
                            : htmlText(String.valueOf(a))).toArray();
                    h.append("<p data-sentence=\"").append(escape(x.messageKey())).append('"')
                            .append(x.sample() && s.sampleData() ? " class=\"sample\"" : "").append('>')
                            .append(messages.apply(x.messageKey(), args));
                    if (x.sample() && s.sampleData()) h.append("<span class=\"sample-tag\">").append(tag).append("</span>");
                    h.append("</p>\n");
                
} else if (b instanceof Table x) {

                    h.append("<table class=\"summary-table\" data-table=\"").append(escape(x.key())).append("\">\n");
                    for (int r = 0; r < x.rows().size(); r++) {
                        h.append("<tr>");
                        for (String cell : x.rows().get(r)) {
                            h.append(r == 0 ? "<th>" : "<td>").append(escape(cell)).append(r == 0 ? "</th>" : "</td>");
                        }
                        h.append("</tr>\n");
                    }
                    h.append("</table>\n");
                    if (x.sample() && s.sampleData()) h.append("<p class=\"sample-tag\">").append(tag).append("</p>\n");
                
} else if (b instanceof Picture x) {
h.append("<figure><img src=\"api/summary/").append(escape(x.name())).append(".png?")
                        .append(escape(query)).append("\" alt=\"").append(escape(x.caption())).append("\"><figcaption>")
                        .append(escape(x.caption())).append(s.sampleData() ? tag : "").append("</figcaption></figure>\n");
}
        }
        h.append("<p class=\"meta noprint\">").append(escape(messages.apply("summary.note", new Object[0]))).append("</p>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    static String scopeName(WorkSummary s, BiFunction<String, Object[], String> messages) {
        return s.scopeName() == null ? messages.apply("summary.scope.district", new Object[0])
                : s.scopeName() + " (" + s.scopeCode() + ")";
    }

    private static SummaryFigure fig(String key, Object value) {
        return new SummaryFigure(key, value);
    }

    /** "+3", "-2", "0" (km with decimals). */
    static String signed(Number n) {
        String v = number(n);
        return n.doubleValue() > 0 ? "+" + v : v;
    }

    /** Resolved text that may carry a figure marked as NUL key NUL value NUL (the feature list). */
    private static String htmlText(String text) {
        StringBuilder out = new StringBuilder();
        String[] parts = text.split("\u0000", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i % 3 == 0) out.append(escape(parts[i]));
            else if (i % 3 == 1) out.append(htmlFigure(parts[i], parts[i + 1]));
        }
        return out.toString();
    }

    /** The same text without the figure marks. */
    static String plainText(String text) {
        StringBuilder out = new StringBuilder();
        String[] parts = text.split("\u0000", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i % 3 == 0 || i % 3 == 2) out.append(parts[i]);
        }
        return out.toString();
    }

    private static String htmlFigure(String key, Object value) {
        return "<span class=\"figure\" data-key=\"" + escape(key) + "\">" + escape(number(value)) + "</span>";
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
                case '\u0000' -> { }
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String field(String s) {
        return CsvCells.cell(s);
    }
}
