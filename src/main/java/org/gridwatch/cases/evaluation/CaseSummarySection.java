package org.gridwatch.cases.evaluation;

import java.util.List;
import java.util.Optional;

import org.gridwatch.summary.SummaryFigure;
import org.gridwatch.summary.SummaryScope;
import org.gridwatch.summary.SummarySection;
import org.gridwatch.summary.SummarySentence;
import org.gridwatch.summary.WorkSummaryContributor;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The work summary's case sentences (发现问题 N 处，已整改 N 处; 投诉 N 宗（居民和热线），均已处理完毕 / 其中 N 宗正在处理)
 * for the summary's period and scope. The summary shows a section in JSON, CSV, the printable page and
 * the Word document alike, so everything about cases stays here.
 */
@Component
@Order(10)
class CaseSummarySection implements WorkSummaryContributor {

    private final CaseEvaluationService service;

    CaseSummarySection(CaseEvaluationService service) {
        this.service = service;
    }

    @Override
    public Optional<SummarySection> section(SummaryScope scope) {
        CaseSummaryFigures f = service.summaryFigures(scope.from(), scope.to(), scope.scopeCode());
        SummarySentence problems = new SummarySentence("summary.sentence.caseProblems", List.of(
                new SummaryFigure("cases.problemsFound", f.problemsFound()),
                new SummaryFigure("cases.problemsRectified", f.problemsRectified())));
        // "all dealt with" only when none is still open; the open count stays a figure either way.
        String complaintsKey = f.complaintsOpen() == 0 ? "summary.sentence.complaints.allDone"
                : "summary.sentence.complaints.open";
        SummarySentence complaints = new SummarySentence(complaintsKey, List.of(
                new SummaryFigure("cases.complaints", f.complaints()),
                new SummaryFigure("cases.complaintsOpen", f.complaintsOpen())));
        return Optional.of(new SummarySection("cases", "summary.section.cases", List.of(problems, complaints)));
    }
}
