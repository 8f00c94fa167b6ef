package org.gridwatch.system;

/**
 * Refuses a text longer than the column it goes into, before the store does: a value too long answered
 * 500 (the store's own error), and PostgreSQL's message does not even say which column. Lengths count
 * characters as VARCHAR does in both stores (code points, so a character outside the BMP counts once).
 * The answer is a 400 {@code request.text.tooLong} naming the field in its detail and in {@code field}.
 */
public final class TextLimits {

    private TextLimits() {
    }

    /** {@code value} unchanged, or a 400 when it has more than {@code max} characters. */
    public static String atMost(String field, String value, int max) {
        if (value == null) return null;
        int chars = value.codePointCount(0, value.length());
        if (chars > max) {
            throw ApiProblem.badRequest("request.text.tooLong", field + " may have at most " + max
                    + " characters; this one has " + chars, field, max, chars).with("field", field);
        }
        return value;
    }
}
