package org.gridwatch.summary;

import java.util.List;

/**
 * A section a {@link WorkSummaryContributor} adds to a work summary: a key ("cases"), a heading
 * message key and its sentences. Every figure of every sentence also appears in the JSON, CSV, the
 * printable page and the Word document, under its own key.
 */
public record SummarySection(String key, String headingKey, List<SummarySentence> sentences) {

    public SummarySection {
        sentences = List.copyOf(sentences);
    }
}
