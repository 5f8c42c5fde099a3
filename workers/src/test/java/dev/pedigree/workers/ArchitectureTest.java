package dev.pedigree.workers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine is plain Java on libtorch: it knows nothing of Temporal, Spring or the worker around it. */
@AnalyzeClasses(packages = "dev.pedigree.workers", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule engineIsFreeOfOrchestration =
      noClasses()
          .that()
          .resideInAPackage("..engine..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.temporal..", "org.springframework..", "dev.pedigree.workers.activity..",
              "dev.pedigree.workers.temporal..");

  @ArchTest
  static final ArchRule workersNeverTouchTheDatabase =
      noClasses().should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..");
}
