package org.gridwatch.geo;

import java.util.regex.Pattern;

/**
 * The one way every CSV export writes a cell (features, grids, analysis layers, coverage, work summary):
 * RFC 4180 quoting, plus the formula neutralisation OWASP describes for CSV injection. A spreadsheet runs
 * a cell that starts with {@code = + - @}, a tab or a carriage return as a formula, and a feature or grid
 * name is typed by anyone who may edit ({@code =HYPERLINK(...)}, {@code +1+cmd|...}, {@code @SUM(...)});
 * such a cell gets a leading {@code '}, which the spreadsheet shows as text. A cell that is exactly a
 * number ({@code -3.5}, {@code 1e-3}) is left alone: negative figures stay numbers and no formula can
 * hide in one.
 */
public final class CsvCells {

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private CsvCells() {
    }

    /** {@code s} as one cell (null: an empty cell). */
    public static String cell(String s) {
        if (s == null || s.isEmpty()) return "";
        String safe = startsLikeFormula(s) && !NUMBER.matcher(s).matches() ? "'" + s : s;
        boolean quote = false;
        for (int i = 0; i < safe.length() && !quote; i++) {
            char c = safe.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    /** Appends {@link #cell(String)} to {@code out}. */
    public static StringBuilder append(String s, StringBuilder out) {
        return out.append(cell(s));
    }

    private static boolean startsLikeFormula(String s) {
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
