package org.gridwatch.summary;

import java.util.List;

/**
 * A sentence of a work summary: a message-bundle key (MessageFormat, resolved in the reader's language;
 * any registered bundle, e.g. i18n/cases.properties) whose arguments {0}, {1}, ... are the figures in
 * order. Example: {@code cases.summary.found=发现问题 {0} 处，已整改 {1} 处。}
 */
public record SummarySentence(String messageKey, List<SummaryFigure> figures) {

    public SummarySentence {
        figures = List.copyOf(figures);
    }

    public static SummarySentence of(String messageKey, SummaryFigure... figures) {
        return new SummarySentence(messageKey, List.of(figures));
    }
}
