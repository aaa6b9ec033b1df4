package org.relman.architecture;

import org.relman.RelmanApplication;
import org.springframework.modulith.core.ApplicationModules;

/**
 * relman's packages as Spring Modulith sees them, read once per test JVM: importing the classes is most of what the
 * package tests cost. ArchUnit reads relman's own classes only ({@code archunit.properties}): a dependency on a
 * library is seen from relman's side, which is all the package rules ask about.
 */
final class RelmanModules {

  private static ApplicationModules modules;

  private RelmanModules() {}

  static synchronized ApplicationModules get() {
    if (modules == null) {
      modules = ApplicationModules.of(RelmanApplication.class);
    }
    return modules;
  }
}
