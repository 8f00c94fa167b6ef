package org.gridwatch.summary;

import java.util.Optional;

/**
 * The extension point of the work summary: any Spring bean implementing this adds a section to every
 * summary (JSON, CSV, printable page, Word document). Sections appear after the built-in ones in the
 * beans' {@link org.springframework.core.annotation.Order} order. A contributor is called once per
 * period asked for (the summary's period, and the previous period of the same length for the change
 * figures), inside the summary's read-only transaction; it must count only what lies in
 * {@code scope}'s period and grids, and return empty when it has nothing to say.
 *
 * <p>Example (the case loop): {@code "发现问题 {0} 处，已整改 {1} 处"} as
 * {@code new SummarySection("cases", "cases.summary.heading", List.of(SummarySentence.of(
 * "cases.summary.found", new SummaryFigure("cases.found", n), new SummaryFigure("cases.closed", m))))}.
 */
public interface WorkSummaryContributor {

    Optional<SummarySection> section(SummaryScope scope);
}
