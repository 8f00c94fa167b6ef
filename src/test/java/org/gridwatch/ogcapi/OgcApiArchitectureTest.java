package org.gridwatch.ogcapi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The computations of the OGC API (CRS, time intervals, OpenAPI text, HTML, CQL2) know no Spring and no database. */
class OgcApiArchitectureTest {

    @Test
    void pureClassesAreFreeOfSpringAndJdbc() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.gridwatch.ogcapi");
        noClasses().that().haveSimpleName("CrsRegistry").or().haveSimpleName("OgcCrs")
                .or().haveSimpleName("TimeInterval").or().haveSimpleName("OpenApiDocument")
                .or().haveSimpleName("HtmlPages").or().resideInAPackage("org.gridwatch.ogcapi.cql2")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "java.sql..",
                        "javax.sql..")
                .check(classes);
    }
}
