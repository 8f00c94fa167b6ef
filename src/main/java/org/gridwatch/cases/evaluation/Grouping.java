package org.gridwatch.cases.evaluation;

import java.util.Locale;
import java.util.function.Function;

/** What the evaluation groups cases by; the key of a case that has none is {@code null} (its own row). */
public enum Grouping {
    SMALL_GRID("smallGrid", CaseFacts::smallGrid),
    LARGE_GRID("largeGrid", CaseFacts::largeGrid),
    DEPARTMENT("department", CaseFacts::department),
    /** The person responsible for handling: who handled the case, else who it is assigned to. */
    PERSON("person", CaseFacts::responsiblePerson),
    CLASS("class", CaseFacts::classCode),
    /** Every case in one group (the total row, key null). */
    ALL("all", c -> null);

    private final String key;
    private final Function<CaseFacts, String> extractor;

    Grouping(String key, Function<CaseFacts, String> extractor) {
        this.key = key;
        this.extractor = extractor;
    }

    /** The API name ({@code by=smallGrid} …). */
    public String key() {
        return key;
    }

    public String keyOf(CaseFacts c) {
        return extractor.apply(c);
    }

    /** The grouping of an API name, or null when there is none of that name. */
    public static Grouping ofKey(String key) {
        for (Grouping g : values()) {
            if (g.key.equalsIgnoreCase(key == null ? "" : key.trim())) {
                return g;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
