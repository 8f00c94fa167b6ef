package org.gridwatch.planning;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The planning tools themselves know no Spring, no database and none of the service's other features:
 * only the service and controller (and the queries) do.
 */
class PlanningArchitectureTest {

    @Test
    void toolsArePlainJavaOverJts() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.gridwatch.planning");
        noClasses().that().haveNameMatching("org\\.gridwatch\\.planning\\.(Planar|GridSplitter|GridMerger|StreetBlockDivider"
                        + "|AreaDivider|SliverCleaner|UnitGridNumbering|WorkloadBalance)(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "java.sql..",
                        "javax.sql..", "org.gridwatch.grid..", "org.gridwatch.feature..", "org.gridwatch.street..",
                        "org.gridwatch.system..")
                .check(classes);
    }
}
