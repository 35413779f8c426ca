package io.jcelery.client.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "io.jcelery.client",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ClientArchitectureTest {

  @ArchTest
  static final ArchRule dependsOnlyOnLowerModules =
      noClasses()
          .that()
          .resideInAPackage("io.jcelery.client..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.jcelery.worker..", "io.jcelery.beat..", "io.jcelery.cli..");

  @ArchTest
  static final ArchRule usesNoBrokerClient =
      noClasses()
          .that()
          .resideInAPackage("io.jcelery.client..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.lettuce..", "com.rabbitmq..");

  @ArchTest
  static final ArchRule configurationDoesNotDependOnTheApp =
      noClasses()
          .that()
          .resideInAPackage("io.jcelery.client.config..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.jcelery.client");

  @ArchTest
  static final ArchRule abstractClassesAreAbstract =
      classes()
          .that()
          .haveSimpleNameStartingWith("Abstract")
          .should()
          .haveModifier(JavaModifier.ABSTRACT)
          .allowEmptyShould(true);
}
