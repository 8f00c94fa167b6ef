package org.gridwatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Holds the lines the style guide draws: pure spatial code knows no Spring and no database. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.gridwatch");

    @Test
    void sharedSpatialPiecesAndRulesAreFreeOfSpringAndJpa() {
        noClasses().that().resideInAPackage("org.gridwatch.geo..")
                .or().haveSimpleName("GridRules").or().haveSimpleName("SmallGridLocator")
                .or().haveSimpleName("OutlineRules").or().haveSimpleName("DistrictCheck")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                        "java.sql..", "javax.sql..")
                .check(MAIN);
    }

    @Test
    void controllersAreNotPublic() {
        classes().that().haveSimpleNameEndingWith("Controller").should().notBePublic().check(MAIN);
    }

    @Test
    void entitiesAndRepositoriesStayInsideTheirFeature() {
        classes().that().areAnnotatedWith(jakarta.persistence.Entity.class).should().notBePublic().check(MAIN);
    }

    @Test
    void inspectionComputationsAreFreeOfSpringAndJpa() {
        noClasses().that().haveNameMatching("org\\.gridwatch\\.inspection\\.(DensityIndexCalculator|LevelGrader"
                        + "|StreetCoverageCalculator|OutcomeClassifier|OutcomeValidator|InspectionTally|InspectionOutcome"
                        + "|SampleActivityGenerator|GpxTrackReader|Threshold|InspectionField)(\\$.*)?")
                .or().haveNameMatching("org\\.gridwatch\\.summary\\.(WorkSummaryCalculator|WorkSummaryDocuments|WorkSummary"
                        + "|SummaryScope|SummaryFigure|SummarySentence|SummarySection|SummaryCharts|WorkSummaryDocx|PeriodFigures|CommunityRow)(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                        "java.sql..", "javax.sql..")
                .check(MAIN);
    }
}
