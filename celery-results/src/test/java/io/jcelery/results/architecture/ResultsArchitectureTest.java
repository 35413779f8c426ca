package io.jcelery.results.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "io.jcelery.results",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ResultsArchitectureTest {

  @ArchTest
  static final ArchRule dependsOnlyOnLowerModules =
      noClasses()
          .that()
          .resideInAPackage("io.jcelery.results..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.jcelery.client..",
              "io.jcelery.worker..",
              "io.jcelery.beat..",
              "io.jcelery.cli..");

  @ArchTest
  static final ArchRule storesDoNotDependOnEachOther =
      noClasses()
          .that()
          .resideInAPackage("io.jcelery.results.memory..")
          .or()
          .resideInAPackage("io.jcelery.results.filesystem..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.lettuce..");

  @ArchTest
  static final ArchRule abstractClassesAreAbstract =
      classes()
          .that()
          .haveSimpleNameStartingWith("Abstract")
          .should()
          .haveModifier(JavaModifier.ABSTRACT)
          .allowEmptyShould(true);
}
