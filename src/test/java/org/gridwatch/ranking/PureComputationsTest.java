package org.gridwatch.ranking;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The pure computations of the ranking, Open311 formats and the public page know no Spring and no
 * database (style guide: every input an argument, tested directly).
 */
class PureComputationsTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.gridwatch.ranking", "org.gridwatch.open311", "org.gridwatch.cases.publicreport");

    @Test
    void calculatorsFormatsAndLimitersAreFreeOfSpringAndTheDatabase() {
        noClasses().that().haveNameMatching("org\\.gridwatch\\.(ranking\\.(MonthlyScoreCalculator|PeriodTotals"
                        + "|SpotCheckScorer|RankingWeights)|open311\\.(GeoReportFormat|GeoReportStatus|ApiKeyHash)"
                        + "|cases\\.publicreport\\.(ReportRateLimiter|TrackingNumbers|GridQrCode))(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                        "java.sql..", "javax.sql..")
                .check(MAIN);
    }
}
