package dev.pedigree.workflows;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Workflow code must stay deterministic and dependency-free: no Spring, JDBC, torch, network or files. */
@AnalyzeClasses(packages = "dev.pedigree.workflows", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule noInfrastructure =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "java.sql..", "org.bytedeco..", "java.net.http..", "java.io..",
              "java.nio.file..");
}
