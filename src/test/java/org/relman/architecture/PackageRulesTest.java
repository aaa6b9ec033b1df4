package org.relman.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The package rules of docs/architecture.md: every capability is a top-level package that depends on others one way
 * only (no cycles) and only through their top-level types, never a sub-package's. The fixtures show that the rules
 * catch both kinds of breach.
 */
class PackageRulesTest {

  @Test
  void capabilitiesDependOneWayAndOnlyOnEachOthersApi() {
    RelmanModules.get().verify();
  }

  @Test
  void aCycleBetweenPackagesIsRefused() {
    var violations = ApplicationModules.of("org.relman.architecture.fixtures.cycle", location -> true)
        .detectViolations();
    assertThat(violations.hasViolations()).isTrue();
    assertThat(violations.getMessage()).contains("Cycle").contains("orders").contains("billing");
  }

  @Test
  void reachingIntoAnotherPackagesInternalsIsRefused() {
    var violations = ApplicationModules.of("org.relman.architecture.fixtures.internals", location -> true)
        .detectViolations();
    assertThat(violations.hasViolations()).isTrue();
    assertThat(violations.getMessage()).contains("OrderTable").contains("non-exposed");
  }
}
