package io.jcelery.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final JavaClasses CLI =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.jcelery.cli");

  @Test
  void cliUsesOnlyTheWorkersPublicApiAndNoBrokerClient() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.jcelery.worker.inbound..",
            "io.jcelery.worker.decode..",
            "io.jcelery.worker.dispatch..",
            "io.jcelery.worker.execute..",
            "io.jcelery.worker.complete..",
            "io.lettuce..",
            "com.rabbitmq..")
        .check(CLI);
  }
}
