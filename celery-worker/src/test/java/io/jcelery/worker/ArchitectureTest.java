package io.jcelery.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final JavaClasses WORKER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.jcelery.worker");

  @Test
  void workerDependsOnNoCliAndNoBrokerClient() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.jcelery.cli..", "io.lettuce..", "com.rabbitmq..", "io.jcelery.beat..")
        .check(WORKER);
  }

  @Test
  void stagesDependOnlyOnEarlierStages() {
    String[] order = {"inbound", "decode", "dispatch", "execute", "complete"};
    for (int i = 0; i < order.length; i++) {
      String[] later = new String[order.length - i - 1];
      for (int j = i + 1; j < order.length; j++) {
        later[j - i - 1] = "io.jcelery.worker." + order[j] + "..";
      }
      if (later.length > 0) {
        noClasses()
            .that()
            .resideInAPackage("io.jcelery.worker." + order[i] + "..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(later)
            .check(WORKER);
      }
    }
  }

  @Test
  void abstractNamedClassesAreAbstract() {
    classes()
        .that()
        .haveSimpleNameStartingWith("Abstract")
        .should()
        .haveModifier(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)
        .allowEmptyShould(true)
        .check(WORKER);
  }
}
