package org.gridwatch.cases;

import org.gridwatch.system.ApiProblem;

/** Length checks of the free texts of a case, before they reach a column. */
final class CaseText {

    private CaseText() {
    }

    static void check(String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw ApiProblem.badRequest("case.text.tooLong", field + " may hold at most " + maxLength + " characters",
                    field, maxLength).with("field", field);
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
