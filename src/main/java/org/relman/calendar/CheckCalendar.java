package org.relman.calendar;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.JavaDelegate;
import org.relman.process.ModelBean;
import org.relman.process.BusinessKey;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.shared.Markdown;
import org.springframework.stereotype.Component;

/**
 * "Check calendar", in the engine's transaction (it reads relman's tables only): tells the lifecycle whether the
 * release's window starts inside a freeze ({@code insideFreeze}), and which ({@code freezeSummary}, for the exception
 * form).
 */
@ModelBean
@Component("checkCalendar")
class CheckCalendar implements JavaDelegate {

  private final Releases releases;
  private final ReleaseCalendar calendar;

  CheckCalendar(Releases releases, ReleaseCalendar calendar) {
    this.releases = releases;
    this.calendar = calendar;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Release release = releases.find(BusinessKey.releaseId(execution)).orElseThrow();
    List<Freeze.Occurrence> freezes = calendar.freezesAt(release);
    execution.setVariable("insideFreeze", !freezes.isEmpty());
    // the freeze-exception form shows it as Markdown: freeze names are what a person wrote, shown literally
    execution.setVariable("freezeSummary", Markdown.text(summary(freezes)));
  }

  /** The freezes in one line, as the exception form and the audit trail show them. */
  static String summary(List<Freeze.Occurrence> freezes) {
    return freezes.stream()
        .map(f -> f.name() + " (" + DateTimeFormatter.ISO_INSTANT.format(f.start()) + " to "
            + DateTimeFormatter.ISO_INSTANT.format(f.end()) + (f.services().isEmpty() ? ", all services" : ", " + String.join(", ", f.services())) + ")")
        .collect(Collectors.joining("; "));
  }
}
