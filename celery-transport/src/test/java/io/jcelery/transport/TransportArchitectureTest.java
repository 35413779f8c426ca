package io.jcelery.transport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class TransportArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.jcelery.transport");

  @Test
  void dependsOnlyOnModulesBeforeIt() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.jcelery.results..", "io.jcelery.client..", "io.jcelery.worker..",
            "io.jcelery.beat..", "io.jcelery.cli..")
        .check(CLASSES);
  }

  @Test
  void spiAndVirtualBaseUseNoBrokerClientOrImplementation() {
    noClasses()
        .that()
        .resideInAnyPackage("io.jcelery.transport", "io.jcelery.transport.virtual")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.lettuce..", "com.rabbitmq..", "io.jcelery.transport.redis..",
            "io.jcelery.transport.memory..", "io.jcelery.transport.filesystem..",
            "io.jcelery.transport.amqp..")
        .check(CLASSES);
  }

  @Test
  void abstractNamedClassesAreAbstract() {
    classes()
        .that()
        .haveSimpleNameStartingWith("Abstract")
        .should()
        .haveModifier(JavaModifier.ABSTRACT)
        .check(CLASSES);
  }

  @Test
  void brokerPackagesDoNotDependOnEachOther() {
    noClasses()
        .that()
        .resideInAnyPackage("io.jcelery.transport.memory..", "io.jcelery.transport.filesystem..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.jcelery.transport.redis..", "io.lettuce..", "io.jcelery.transport.amqp..",
            "com.rabbitmq..")
        .check(CLASSES);
  }

  @Test
  void amqpAndRedisDoNotDependOnEachOther() {
    noClasses()
        .that()
        .resideInAPackage("io.jcelery.transport.amqp..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.jcelery.transport.redis..", "io.lettuce..")
        .check(CLASSES);
    noClasses()
        .that()
        .resideInAPackage("io.jcelery.transport.redis..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.jcelery.transport.amqp..", "com.rabbitmq..")
        .check(CLASSES);
  }
}
