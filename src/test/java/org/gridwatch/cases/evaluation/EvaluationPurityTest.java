package org.gridwatch.cases.evaluation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The definition of the figures is plain Java: no Spring, no database, no clock of its own. */
class EvaluationPurityTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.gridwatch.cases.evaluation");

    @Test
    void calculatorsKnowNoSpringAndNoDatabase() {
        noClasses().that().haveNameMatching("org\\.gridwatch\\.cases\\.evaluation\\.(CaseEvaluator|CaseFacts|EvaluationRow"
                        + "|EvaluationPeriod|Grouping|Percentile|WorkingTime|CaseSummaryFigures|EvaluationCsv)(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                        "java.sql..", "javax.sql..")
                .orShould().callMethod(java.time.Instant.class, "now")
                .check(MAIN);
    }
}
