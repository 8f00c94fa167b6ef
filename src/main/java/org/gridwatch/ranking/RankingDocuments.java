package org.gridwatch.ranking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.gridwatch.geo.CsvCells;

/**
 * The monthly ranking and the period totals as CSV, as a printable bulletin page (通报) and as a Word
 * document (.docx) with the same title, sentences and table. Texts come from the message bundle through
 * {@code messages(key, args)}, so each document is Chinese or English. Stateless.
 */
public final class RankingDocuments {

    /** The columns of the monthly table, as message keys {@code ranking.column.*}. */
    static final List<String> MONTH_COLUMNS = List.of("rank", "code", "name", "spotChecks", "spot", "cases", "density",
            "comprehensive", "score");
    static final List<String> TOTAL_COLUMNS = List.of("rank", "code", "name", "months", "total");

    private RankingDocuments() {
    }

    /** CSV in UTF-8 with a byte-order mark (Excel on Chinese Windows), header of column keys then labels. */
    public static byte[] monthlyCsv(RankingService.MonthlyRanking r, BiFunction<String, Object[], String> messages) {
        StringBuilder out = new StringBuilder("\uFEFF");
        header(out, MONTH_COLUMNS, messages);
        for (List<String> row : monthlyCells(r)) line(out, row);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] totalsCsv(RankingService.PeriodRanking r, BiFunction<String, Object[], String> messages) {
        StringBuilder out = new StringBuilder("\uFEFF");
        header(out, TOTAL_COLUMNS, messages);
        for (List<String> row : totalCells(r)) line(out, row);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The printable bulletin of a month. */
    public static String monthlyHtml(RankingService.MonthlyRanking r, BiFunction<String, Object[], String> messages,
                                     String lang) {
        String title = messages.apply("ranking.bulletin.title", new Object[]{r.month().getYear(), r.month().getMonthValue()});
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"").append(escape(lang)).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                // A file, not a <style> element: the Content-Security-Policy refuses inline style.
                .append("<link rel=\"stylesheet\" href=\"css/summary.css\">\n")
                .append("<link rel=\"stylesheet\" href=\"css/ranking.css\">\n")
                .append("</head>\n<body class=\"ranking-bulletin\">\n<h1>").append(escape(title)).append("</h1>\n");
        for (String sentence : sentences(r, messages)) {
            h.append("<p>").append(escape(sentence)).append("</p>\n");
        }
        h.append("<table class=\"ranking\">\n<thead><tr>");
        for (String c : MONTH_COLUMNS) {
            h.append("<th>").append(escape(messages.apply("ranking.column." + c, new Object[0]))).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        List<List<String>> cells = monthlyCells(r);
        for (int i = 0; i < cells.size(); i++) {
            h.append("<tr data-code=\"").append(escape(r.rows().get(i).code())).append("\">");
            for (int c = 0; c < MONTH_COLUMNS.size(); c++) {
                h.append("<td data-key=\"").append(MONTH_COLUMNS.get(c)).append("\">").append(escape(cells.get(i).get(c)))
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n<p class=\"meta\">").append(escape(messages.apply("ranking.bulletin.method",
                new Object[0]))).append("</p>\n</body>\n</html>\n");
        return h.toString();
    }

    /** The same bulletin as a Word document. */
    public static byte[] monthlyDocx(RankingService.MonthlyRanking r, BiFunction<String, Object[], String> messages) {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XWPFParagraph title = doc.createParagraph();
            title.setAlignment(ParagraphAlignment.CENTER);
            XWPFRun t = title.createRun();
            t.setBold(true);
            t.setFontSize(18);
            t.setText(messages.apply("ranking.bulletin.title", new Object[]{r.month().getYear(), r.month().getMonthValue()}));
            for (String sentence : sentences(r, messages)) doc.createParagraph().createRun().setText(sentence);
            List<List<String>> cells = monthlyCells(r);
            XWPFTable table = doc.createTable(cells.size() + 1, MONTH_COLUMNS.size());
            XWPFTableRow head = table.getRow(0);
            for (int c = 0; c < MONTH_COLUMNS.size(); c++) {
                cell(head, c, messages.apply("ranking.column." + MONTH_COLUMNS.get(c), new Object[0]), true);
            }
            for (int i = 0; i < cells.size(); i++) {
                for (int c = 0; c < MONTH_COLUMNS.size(); c++) cell(table.getRow(i + 1), c, cells.get(i).get(c), false);
            }
            doc.createParagraph().createRun().setText(messages.apply("ranking.bulletin.method", new Object[0]));
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void cell(XWPFTableRow row, int c, String text, boolean bold) {
        var paragraph = row.getCell(c).getParagraphs().get(0);
        XWPFRun run = paragraph.createRun();
        run.setBold(bold);
        run.setText(text);
    }

    /** The bulletin's sentences: what was scored, the weights, first and last place. */
    static List<String> sentences(RankingService.MonthlyRanking r, BiFunction<String, Object[], String> messages) {
        List<String> out = new ArrayList<>();
        List<MonthlyScoreCalculator.Row> scored = r.rows().stream().filter(x -> x.score() != null).toList();
        int checks = r.rows().stream().mapToInt(MonthlyScoreCalculator.Row::spotChecks).sum();
        out.add(messages.apply("ranking.bulletin.scope", new Object[]{r.rows().size(), scored.size(), checks}));
        out.add(messages.apply("ranking.bulletin.weights", new Object[]{percent(r.weights().spotCheck()),
                percent(r.weights().comprehensive())}));
        if (!scored.isEmpty()) {
            MonthlyScoreCalculator.Row first = scored.get(0), last = scored.get(scored.size() - 1);
            double mean = scored.stream().mapToDouble(MonthlyScoreCalculator.Row::score).average().orElseThrow();
            out.add(messages.apply("ranking.bulletin.result", new Object[]{name(first), number(first.score()),
                    name(last), number(last.score()), number(MonthlyScoreCalculator.round(mean))}));
        }
        return out;
    }

    static List<List<String>> monthlyCells(RankingService.MonthlyRanking r) {
        List<List<String>> rows = new ArrayList<>();
        for (MonthlyScoreCalculator.Row x : r.rows()) {
            rows.add(List.of(x.rank() == 0 ? "" : Integer.toString(x.rank()), x.code(), x.name() == null ? "" : x.name(),
                    Integer.toString(x.spotChecks()), number(x.spot()), number(x.cases()), number(x.density()),
                    number(x.comprehensive()), number(x.score())));
        }
        return rows;
    }

    static List<List<String>> totalCells(RankingService.PeriodRanking r) {
        List<List<String>> rows = new ArrayList<>();
        for (PeriodTotals.Total x : r.totals()) {
            rows.add(List.of(Integer.toString(x.rank()), x.code(), x.name() == null ? "" : x.name(),
                    Integer.toString(x.months()), number(x.total())));
        }
        return rows;
    }

    private static void header(StringBuilder out, List<String> columns, BiFunction<String, Object[], String> messages) {
        line(out, columns);
        line(out, columns.stream().map(c -> messages.apply("ranking.column." + c, new Object[0])).toList());
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.append(',');
            out.append(CsvCells.cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    private static String name(MonthlyScoreCalculator.Row r) {
        return r.name() == null || r.name().isBlank() ? r.code() : r.name();
    }

    private static String percent(double w) {
        return number(MonthlyScoreCalculator.round(w * 100));
    }

    /** Two decimals at most, no grouping, whole numbers without ".0"; empty for a missing value. */
    static String number(Double v) {
        if (v == null) return "";
        return v == Math.rint(v) ? Long.toString(v.longValue()) : Double.toString(v);
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
}
