package org.relman.calendar;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.JavaDelegate;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The calendar steps of the lifecycles, run inside the engine's transaction (they read relman's tables only):
 * {@code calendarCheck} tells a normal release whether its window starts inside a freeze ({@code insideFreeze},
 * {@code freezeSummary} for the exception form); {@code freezeOverride} lets a hotfix through and records each freeze
 * it overrides.
 */
@Configuration
class FreezeChecks {

  @Bean("calendarCheck")
  JavaDelegate calendarCheck(Releases releases, ReleaseCalendar calendar) {
    return execution -> {
      Release release = release(execution, releases);
      List<Freeze.Occurrence> freezes = calendar.freezesAt(release);
      execution.setVariable("insideFreeze", !freezes.isEmpty());
      execution.setVariable("freezeSummary", summary(freezes));
    };
  }

  @Bean("freezeOverride")
  JavaDelegate freezeOverride(Releases releases, ReleaseCalendar calendar, ApplicationEventPublisher events) {
    return execution -> {
      Release release = release(execution, releases);
      for (Freeze.Occurrence freeze : calendar.freezesAt(release)) {
        events.publishEvent(new FreezeOverridden(release.id(), freeze.freezeId(), freeze.name(), freeze.start().toString(),
            freeze.end().toString()));
      }
    };
  }

  private static Release release(DelegateExecution execution, Releases releases) {
    return releases.find(Long.parseLong(execution.getProcessBusinessKey())).orElseThrow();
  }

  static String summary(List<Freeze.Occurrence> freezes) {
    return freezes.stream()
        .map(f -> f.name() + " (" + DateTimeFormatter.ISO_INSTANT.format(f.start()) + " to "
            + DateTimeFormatter.ISO_INSTANT.format(f.end()) + (f.services().isEmpty() ? ", all services" : ", " + String.join(", ", f.services())) + ")")
        .collect(Collectors.joining("; "));
  }
}
