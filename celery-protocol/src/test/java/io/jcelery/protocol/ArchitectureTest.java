package io.jcelery.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "io.jcelery.protocol",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule usesNoBrokerClientAndNoNetwork =
      noClasses()
          .that()
          .resideInAPackage("io.jcelery.protocol..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.lettuce..", "com.rabbitmq..", "java.net..", "java.nio.channels..", "io.netty..")
          .as("celery-protocol does no I/O and uses no broker client");

  @ArchTest
  static final ArchRule dependsOnNoLaterModule =
      noClasses()
          .that()
          .resideInAPackage("io.jcelery.protocol..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.jcelery.transport..",
              "io.jcelery.results..",
              "io.jcelery.client..",
              "io.jcelery.worker..",
              "io.jcelery.beat..",
              "io.jcelery.cli..");

  @ArchTest
  static final ArchRule startsNoThreads =
      noClasses()
          .that()
          .resideInAPackage("io.jcelery.protocol..")
          .should()
          .dependOnClassesThat()
          .areAssignableTo(Thread.class)
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("java.util.concurrent..");

  @ArchTest
  static final ArchRule hasNoPackageCycles =
      slices().matching("io.jcelery.protocol.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule abstractPrefixMeansAbstract =
      classes()
          .that()
          .haveSimpleNameStartingWith("Abstract")
          .should()
          .haveModifier(JavaModifier.ABSTRACT)
          .allowEmptyShould(true);
}
